"""Stage 6 — publish: deterministic files, written to a temporary folder and swapped in whole."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph

from ..build.metadata import METADATA_PREFIXES
from ..build.vocab import PREFIXES
from ..errors import DiskFull, disk_full
from ..layout import DATASET_NQUADS, DATASET_TURTLE, DOCUMENTS_DIR, PARTS_DIR, dataset_files
from .guard import write_marker
from .rdf_text import turtle_text

__all__ = ["DATASET_NQUADS", "DATASET_TURTLE", "DOCUMENTS_DIR", "PARTS_DIR", "dataset_files", "prefixes", "turtle"]


def prefixes(base: str) -> dict[str, str]:
    """The prefixes of every published file: the vocabularies, and `dgr:` for the resources under `base`."""
    return {prefix: str(ns) for prefix, ns in {**PREFIXES, **METADATA_PREFIXES}.items()} | {"dgr": base + "id/"}


def turtle(g: Graph, base: str) -> str:
    """Sorted Turtle: the same triples always give the same bytes."""
    return turtle_text(g, prefixes(base))


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE): at every instant one of
    them is the old folder and the other the new. False where the system or file system cannot do it."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _owner_alive(folder: Path) -> bool:
    """Temporary folders are named .NAME.PID.XXXX.tmp; one whose process is gone was left by a killed build."""
    parts = folder.name.split(".")
    if len(parts) < 5 or not parts[2].isdigit():
        return False
    try:
        os.kill(int(parts[2]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Undo what a killed build left beside `target`: put back a previous folder that a non-atomic swap moved
    aside, and remove temporary folders whose build is no longer running."""
    old = target.parent / f".{target.name}.old"
    if old.is_dir() and not target.exists():
        os.replace(old, target)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        if stale.is_dir() and not _owner_alive(stale):
            shutil.rmtree(stale, ignore_errors=True)
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; on success it takes the place of `target` in one atomic step.

    If the caller fails, the temporary folder is removed and `target` is left as it was. Where the system has no
    atomic exchange, the swap is two renames, and a build killed between them is repaired by the next one. The new
    folder carries the build marker (guard.py), which is what lets a later build replace it. A full disk is reported
    with the folder being written (the file's own name where the system gives it).
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the published folder is for everyone to read
        write_marker(tmp)
        yield tmp
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if disk_full(exc):
            raise DiskFull(getattr(exc, "filename", None) or tmp, what=f" (the new build of {target})") from None
        raise
    if target.exists() and exchange(tmp, target):
        shutil.rmtree(tmp, ignore_errors=True)  # it now holds the previous build
        return
    old = target.parent / f".{target.name}.old"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
