"""Stage 1 — read: a file on disk becomes a normalised SourceDocument, or a clear error."""

from __future__ import annotations

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
    100,000 documents is listed with one system call per folder, and its listing stays a few megabytes."""
    if folder.is_file():
        return folder.parent, [folder.name]
    if not folder.is_dir():
        raise FormatError("no such file or folder", path=folder)
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
            elif entry.name.endswith(".txt") and entry.is_file():
                found.append(prefix + entry.name)
    found.sort(key=lambda relative: relative.split("/"))
    return folder, found


__all__ = ["SourceDocument", "Span", "read_document", "corpus_files", "corpus_listing"]
