"""Keeping a long build's resident memory flat where the C library is glibc.

A build moves one large string after another between processes (a document's Turtle, N-Quads and JSON-LD, a few
hundred kilobytes each). glibc serves allocations above its mmap threshold with their own mappings, returned to the
system when freed — but it raises that threshold each time such a block is freed, after which large strings come
from the heap, whose free space fragments and is rarely given back: the resident size then creeps up with the
number of documents even though the live data does not. Fixing the threshold stops the creep.
"""

from __future__ import annotations

import ctypes
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h
LARGE = 128 * 1024  # glibc's default threshold, kept from moving


def pin_mmap_threshold(size: int = LARGE) -> bool:
    """Serve every allocation of `size` bytes or more with its own mapping from now on, in this process and in the
    processes it forks. True when the C library took the setting; False elsewhere (not Linux, not glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library symbols in the process, or no mallopt in it
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, size))
