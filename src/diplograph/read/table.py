"""A table as the corpus: a CSV file (header row) or JSON Lines, one document per row (rules/tables.yaml).

Each row becomes the text a saved page would hold — title, lead, date line, place, the paragraphs, the supplement
(the participants list that belongs to the item) — and that text is read by read/text.py, so a row and the same
page saved as text give one document. A row is addressed as `TABLE#N` (N counts data rows from 1).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import rules
from ..errors import EncodingError, FormatError
from . import dates
from . import text as text_reader
from .normalise import MAX_BYTES, checksum, decode, normalise
from .source import SourceDocument

ROW = re.compile(r"^(?P<table>.+)#(?P<row>[1-9][0-9]*)$")
FIELDS = ("title", "lead", "date", "place", "url", "text", "supplement_title", "supplement")
# A table may be larger than one document, but not without bound: each worker holds the one it reads.
MAX_TABLE_BYTES = 1024 * 1024 * 1024


def is_table(path: Path) -> bool:
    return path.name.lower().endswith(tuple(rules.load("tables")["suffixes"]))


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


@dataclass(frozen=True)
class Table:
    path: str
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...]
    columns: Mapping[str, tuple[int, ...]]  # field → the columns that hold it, in order
    row_hashes: tuple[str, ...]


def columns_of(header: tuple[str, ...], named: Mapping[str, str], path: Path) -> dict[str, tuple[int, ...]]:
    """Which columns hold which field: named by option first, else recognised by name (rules/tables.yaml)."""
    cfg = rules.load("tables")
    ignore = [re.compile(p) for p in cfg["ignore"]]
    numbered = re.compile(cfg["numbered"])
    keys = [_key(h) for h in header]
    found: dict[str, tuple[int, ...]] = {}
    for fld, column in named.items():
        if fld not in FIELDS:
            raise FormatError(f"unknown field {fld!r} in --column", path=path, hint=f"fields: {', '.join(FIELDS)}")
        hits = _matching(keys, _key(column), numbered)
        if not hits:
            raise FormatError(f"no column {column!r} for the {fld}", path=path,
                              hint=f"the header has: {', '.join(header[:40])}")
        found[fld] = hits
    used = {i for hits in found.values() for i in hits}
    for fld, aliases in cfg["fields"].items():
        if fld in found:
            continue
        for alias in aliases:
            hits = tuple(i for i in _matching(keys, _key(alias), numbered) if i not in used
                         and not any(rx.match(keys[i]) for rx in ignore))
            if hits:
                found[fld] = hits
                used.update(hits)
                break
    if "text" not in found:
        raise FormatError("no column holds the text", path=path,
                          hint=f"name it with --column text=NAME; the header has: {', '.join(header[:40])}")
    return found


def _matching(keys: list[str], wanted: str, numbered: re.Pattern[str]) -> tuple[int, ...]:
    """The column named `wanted`, or its numbered parts (`wanted_1`, `wanted_2`, …) in the order of their numbers."""
    if wanted in keys:
        return (keys.index(wanted),)
    parts = []
    for i, key in enumerate(keys):
        m = numbered.match(key)
        if m and m["base"] == wanted:
            parts.append((int(m["n"]), i))
    return tuple(i for _, i in sorted(parts))


@lru_cache(maxsize=2)
def _load(path_name: str, stamp: tuple[int, int], named: tuple[tuple[str, str], ...]) -> Table:
    path = Path(path_name)
    if stamp[0] > MAX_TABLE_BYTES:
        raise FormatError(f"the table is {stamp[0]} bytes, over the {MAX_TABLE_BYTES}-byte limit", path=path)
    data = path.read_bytes()
    if not data.strip():
        raise FormatError("the table is empty", path=path, hint="expected a header row and one document per row")
    if b"\x00" in data[:4096]:
        raise EncodingError("the file is binary (it contains NUL bytes), not a table", path=path)
    content = decode(data, path) if len(data) <= MAX_BYTES else _decode_big(data, path)
    content = content.removeprefix("\ufeff")
    if path.name.lower().endswith(".csv"):
        header, rows = _csv_rows(content, path)
    else:
        header, rows = _jsonl_rows(content, path)
    columns = columns_of(header, dict(named), path)
    hashes = tuple(
        checksum(json.dumps([named, [(fld, [row[i] for i in hits]) for fld, hits in columns.items()]],
                            ensure_ascii=False).encode("utf-8"))[len("sha256:"):]
        for row in rows
    )
    return Table(str(path), tuple(rows), header, columns, hashes)


def _decode_big(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} is invalid",
                            path=path) from None


def _csv_rows(content: str, path: Path) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    csv.field_size_limit(sys.maxsize)
    try:
        reader = csv.reader(io.StringIO(content, newline=""))
        header = tuple(next(reader, ()))
        rows = [tuple(r) + ("",) * (len(header) - len(r)) for r in reader if any(cell.strip() for cell in r)]
    except csv.Error as exc:
        raise FormatError(f"not a readable CSV table: {exc}", path=path) from None
    if not header:
        raise FormatError("the table has no header row", path=path)
    return header, rows


def _jsonl_rows(content: str, path: Path) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    objects: list[dict] = []
    for number, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"line {number} is not JSON: {exc.msg}", path=path,
                              hint="expected JSON Lines: one JSON object per line") from None
        if not isinstance(value, dict):
            raise FormatError(f"line {number} is not a JSON object", path=path,
                              hint="expected JSON Lines: one JSON object per line")
        objects.append(value)
    header: list[str] = []
    for obj in objects:
        header += [k for k in obj if k not in header]
    rows = [tuple(_cell(obj.get(k)) for k in header) for obj in objects]
    return tuple(header), rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n\n".join(_cell(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def load_table(path: Path, named: Mapping[str, str] | None = None) -> Table:
    try:
        st = path.stat()
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    return _load(str(path), (st.st_size, st.st_mtime_ns), tuple(sorted((named or {}).items())))


def row_names(path: Path, named: Mapping[str, str] | None = None) -> list[str]:
    """The rows of a table as source names `TABLE#N`, in the table's order."""
    table = load_table(path, named)
    return [f"{path.name}#{n}" for n in range(1, len(table.rows) + 1)]


def row_sha256(path: Path, row: int, named: Mapping[str, str] | None = None) -> str:
    return load_table(path, named).row_hashes[row - 1]


def read_row(path: Path, row: int, named: Mapping[str, str] | None = None) -> SourceDocument:
    """Row `row` (from 1) of the table at `path` as a document."""
    table = load_table(path, named)
    name = Path(f"{path}#{row}")
    if not 1 <= row <= len(table.rows):
        raise FormatError(f"the table has no row {row}", path=name)
    cells = table.rows[row - 1]
    value = {fld: normalise(" ".join(cells[i] for i in hits).strip()) for fld, hits in table.columns.items()}
    for fld in FIELDS:
        value.setdefault(fld, "")
    return _document(name, value, table, row)


def _document(name: Path, value: dict[str, str], table: Table, row: int) -> SourceDocument:
    body = value["text"]
    if not body.strip():
        raise FormatError("no text: the row's text is empty", path=name, hint=text_reader.ACCEPTED)
    date_line = _date_line(value, table, row)
    body = _without_repeated_head(body, value, date_line)
    head = [value["title"], value["lead"], date_line, value["place"]]
    parts = ["\n".join(x for x in head if x), body]
    if value["supplement"]:
        parts.append("\n".join(x for x in (value["supplement_title"], value["supplement"]) if x))
    content = "\n\n".join(p for p in parts if p) + "\n"
    url = value["url"] or None
    doc = text_reader.read(name, content, "sha256:" + table.row_hashes[row - 1], url=url, collapsed=True)
    if date_line and doc.date is not None:
        doc.date_found = "table"
        doc.record = [r for r in doc.record if not r.startswith("the date is taken")]
    return doc


def _date_line(value: dict[str, str], table: Table, row: int) -> str:
    """The row's date as a date line: the first date column that reads as a date."""
    cells = table.rows[row - 1]
    for fld, hits in table.columns.items():
        if fld == "date":
            candidate = " ".join(cells[i] for i in hits).strip()
            if dates.parse_date_line(candidate):
                return candidate
    for alias in rules.load("tables")["fields"]["date"]:
        keys = [_key(h) for h in table.header]
        if _key(alias) in keys:
            candidate = cells[keys.index(_key(alias))].strip()
            if dates.parse_date_line(candidate):
                return candidate
    return ""


def _without_repeated_head(body: str, value: dict[str, str], date_line: str) -> str:
    """A scraped page's text repeats the title, lead, date, time and place at its head ("События <title> <lead>
    <date> 10:10 <place> …"): that head is the page's header, already in the row's columns."""
    window = len(value["title"]) + len(value["lead"]) + len(value["place"]) + 200
    if not (value["title"] and value["title"] in body[:window]):
        return body
    at = body.find(date_line, 0, window) if date_line else -1
    if at < 0:
        # No date to end the head at: the title and lead it repeats, where it starts with them.
        end = body.find(value["title"], 0, window) + len(value["title"])
        lead = value["lead"]
        if lead and body[end:].lstrip().startswith(lead):
            end = body.index(lead, end) + len(lead)
        return body[end:].lstrip()
    end = at + len(date_line)
    rest = body[end:]
    clock = re.match(r"\s*\d{1,2}:\d{2}", rest)
    if clock:
        end += clock.end()
    if value["place"] and body[end:].lstrip().startswith(value["place"]):
        end = body.index(value["place"], end) + len(value["place"])
    return body[end:].lstrip()
