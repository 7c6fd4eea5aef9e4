"""Stage 1 — read: a file on disk becomes a normalised SourceDocument, or a clear error."""

from __future__ import annotations

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
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise FormatError("no such file or folder", path=folder)
    return sorted(p for p in folder.rglob("*.txt") if p.is_file())


__all__ = ["SourceDocument", "Span", "read_document", "corpus_files"]
