"""Stage 1 — read: a file on disk becomes a normalised SourceDocument, or a clear error."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import FormatError
from . import kremlin_en, kremlin_ru, table, text
from .normalise import read_text
from .source import SourceDocument, Span

# The seed layouts' own readers; a text that none of them reads whole is read by `text` with the layouts of
# rules/layouts.yaml.
READERS = (kremlin_en, kremlin_ru)


def read_document(path: Path) -> SourceDocument:
    """Read one source file in any layout; refused only when it holds no readable document."""
    content, checksum = read_text(path)
    stripped = content.lstrip()
    if stripped.startswith("<") and "<html" in stripped[:2000].lower():
        from . import html

        return html.read(path, content, checksum)
    return read_text_document(path, content, checksum)


def read_text_document(path: Path, content: str, checksum: str, *, url: str | None = None) -> SourceDocument:
    """A normalised text: by a seed layout's reader when it reads it whole, else by the layouts' rules."""
    if url is None:
        for reader in READERS:
            if reader.looks_like(content):
                try:
                    doc = reader.read(path, content, checksum)
                except FormatError:
                    break  # a seed layout with a part missing: the general reader takes it as it is
                if not doc.participant_entries:
                    doc.participant_entries = text.participant_entries(content, doc.preamble + doc.body)
                return doc
    return text.read(path, content, checksum, url=url)


HTML_SUFFIXES = (".html", ".htm")


def source_listing(corpus: Path, columns: Mapping[str, str] | None = None) -> tuple[Path, list[str]]:
    """The root of a corpus and its sources relative to it: a folder's text files (corpus_listing) and saved HTML
    pages, one file, or — for a table (CSV, JSON Lines) — its rows, named `TABLE#N`, in the table's order."""
    if corpus.is_file() and table.is_table(corpus):
        return corpus.parent, table.row_names(corpus, columns)
    return corpus_listing(corpus)


def _table_row(path: Path) -> tuple[Path, int] | None:
    """(table, row) when `path` names a row of a table (`TABLE#N`) rather than a file."""
    m = table.ROW.match(path.name)
    if m is None or path.exists():
        return None
    whole = path.with_name(m["table"])
    return (whole, int(m["row"])) if table.is_table(whole) else None


def read_source(path: Path, columns: Mapping[str, str] | None = None) -> SourceDocument:
    """One source of a corpus: a file, or a row of a table (`TABLE#N`, as source_listing names it)."""
    row = _table_row(path)
    if row is not None:
        return table.read_row(row[0], row[1], columns)
    return read_document(path)


def source_sha256(path: Path, file_sha256: Callable[[Path], str], columns: Mapping[str, str] | None = None) -> str:
    """The SHA-256 a source is known by: a file's bytes (`file_sha256`), or a table row's cells."""
    row = _table_row(path)
    if row is not None:
        return table.row_sha256(row[0], row[1], columns)
    return file_sha256(path)


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
            elif entry.name.endswith(".txt") or entry.name.lower().endswith(HTML_SUFFIXES):
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


__all__ = ["SourceDocument", "Span", "read_document", "read_source", "corpus_files", "corpus_listing",
           "source_listing", "source_sha256"]
