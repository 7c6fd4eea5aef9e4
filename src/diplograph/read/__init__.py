"""Stage 1 — read: a file on disk becomes a normalised SourceDocument, or a clear error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import FormatError
from . import kremlin_en, kremlin_ru
from .normalise import read_text
from .source import SourceDocument, Span

READERS = (kremlin_en, kremlin_ru)


def read_document(path: Path) -> SourceDocument:
    """Read one source file in any known format."""
    text, checksum = read_text(path)
    stripped = text.lstrip()
    if stripped.startswith("<") and "<html" in stripped[:2000].lower():
        raise FormatError(
            "this is an HTML file; diplograph reads pages saved as text", path=path,
            hint="save the page as plain text, or copy its text into a .txt file",
        )
    for reader in READERS:
        if reader.looks_like(text):
            return reader.read(path, text, checksum)
    raise FormatError(
        "not a known format",
        path=path,
        hint="expected an English kremlin.ru page saved as text, or a Russian presidential text "
        "(title, date-time line, paragraphs, URL)",
    )


def corpus_files(folder: Path) -> list[Path]:
    """The source files of a corpus folder, in a stable order."""
    root, relatives = corpus_listing(folder)
    return [root / relative for relative in relatives]


def corpus_listing(folder: Path) -> tuple[Path, list[str]]:
    """The root of a corpus and its source files' paths relative to it ('/'-separated), in a stable order: by path
    component, as Path objects sort. A corpus of one file is that file beside its folder.

    Plain strings rather than Path objects, and directory entries rather than a stat of each file: a corpus of
    100,000 documents is listed with one system call per folder (and one more per symbolic link), and its listing
    stays a few megabytes.

    A `.txt` entry that cannot be a document is an error naming it, never skipped in silence: a symbolic link that
    leads nowhere or round in a loop, one that leads out of the corpus (not followed: a corpus cannot make a build
    read files elsewhere), and anything that is not a regular file (a FIFO, a socket, a device). Links to folders are
    not followed."""
    if folder.is_symlink() and not folder.exists():
        raise FormatError("a symbolic link that leads nowhere (or in a loop)", path=folder)
    if folder.is_file():
        return folder.parent, [folder.name]
    if not folder.is_dir():
        what = "not a regular file or a folder" if os.path.lexists(folder) else "no such file or folder"
        raise FormatError(what, path=folder)
    root = os.path.realpath(folder)
    found: list[str] = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            entries = list(os.scandir(folder / prefix if prefix else folder))
        except OSError as exc:
            raise FormatError(f"cannot list the folder: {exc.strerror or exc}", path=folder / prefix) from None
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):  # a link to a folder is not followed (nor was it by rglob)
                pending.append(prefix + entry.name + "/")
            elif entry.name.endswith(".txt"):
                if entry.is_symlink():
                    _check_link(Path(entry.path), root)
                elif not entry.is_file(follow_symlinks=False):
                    raise FormatError("not a regular file (a FIFO, socket or device); a document must be a file",
                                      path=Path(entry.path))
                found.append(prefix + entry.name)
    found.sort(key=lambda relative: relative.split("/"))
    return folder, found


def _check_link(link: Path, root: str) -> None:
    """A symbolic link in the corpus is read only when it leads to a regular file inside the corpus."""
    try:
        target = os.path.realpath(link, strict=True)
    except OSError as exc:
        why = "leads round in a loop" if exc.errno == errno.ELOOP else "leads nowhere (its target does not exist)"
        raise FormatError(f"a symbolic link that {why}", path=link) from None
    if os.path.commonpath([root, target]) != root:
        raise FormatError("a symbolic link to a file outside the corpus; it is not followed", path=link,
                          hint="copy the file into the corpus instead")
    if not os.path.isfile(target):
        raise FormatError("a symbolic link to something that is not a regular file", path=link)


__all__ = ["SourceDocument", "Span", "read_document", "corpus_files", "corpus_listing"]
