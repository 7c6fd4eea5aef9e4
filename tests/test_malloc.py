"""The build pins glibc's mmap threshold so that its resident memory does not creep up with the corpus."""

from __future__ import annotations

import multiprocessing
import platform

from diplograph.malloc import pin_mmap_threshold

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _pinned_in_child(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(pin_mmap_threshold())


def test_pinning_is_taken_exactly_where_the_c_library_is_glibc() -> None:
    assert pin_mmap_threshold() is GLIBC


def test_forked_workers_can_pin_too() -> None:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_pinned_in_child, args=(queue,))
    child.start()
    child.join(30)
    assert queue.get(timeout=5) is GLIBC
