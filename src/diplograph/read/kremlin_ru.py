"""Reader for a Russian presidential text: title, date-time line, paragraphs, trailing URL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .. import rules
from ..errors import FormatError
from . import dates, links
from .paragraphs import lines
from .source import SourceDocument, Span

FORMAT = "kremlin-ru-text"
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")


def looks_like(text: str) -> bool:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return len(_CYRILLIC.findall(first)) > max(3, len(_LATIN.findall(first)))


def read(path: Path, text: str, checksum: str) -> SourceDocument:
    cfg = rules.load("pages")["ru_text"]
    spans = [s for s in lines(text) if s.end > s.start]
    if len(spans) < 2:
        raise FormatError("only a title and nothing else — the text looks truncated", path=path)
    title = spans[0]
    rest = spans[1:]

    url = None
    if re.match(cfg["url"], rest[-1].of(text)):
        url = rest[-1].of(text)
        rest = rest[:-1]
        why = links.problem(url)
        if why is not None:
            raise FormatError(f"the source URL {url!r} on the last line is not a usable web address: {why}",
                              path=path, hint="the text looks damaged; copy the address again from the site")
    else:
        raise FormatError(
            "no source URL on the last line — the text looks truncated (expected e.g. "
            "'http://kremlin.ru/events/president/news/64086' at the end)",
            path=path,
        )

    time = None
    if rest and dates.parse_iso(rest[0].of(text)) is None and dates.parse_date_line(rest[0].of(text)):
        # "7 мая 2025 года" under the title: not this layout's date-time line; the general reader reads it.
        raise FormatError("a date line in words, not a 'YYYY-MM-DD HH:MM:SS' line, under the title", path=path)
    parsed = dates.parse_iso(rest[0].of(text)) if rest else None
    if parsed:
        date, time = parsed
        rest = rest[1:]
    else:
        found = dates.find_ru_date(text[title.start : rest[-1].end if rest else title.end])
        if found is None:
            raise FormatError(
                "no date: neither a 'YYYY-MM-DD HH:MM:SS' line under the title nor a date such as "
                "'25 сентября 2020 года' in the text",
                path=path,
            )
        date = found
    if not rest:
        raise FormatError("the text has a title but no body paragraphs — it looks truncated", path=path)

    doc = SourceDocument(
        path=str(path),
        file_name=path.name,
        checksum=checksum,
        text=text,
        format=FORMAT,
        language="ru",
        title=title,
        date=date,
        time=time,
        body=list(rest),
        url=url,
    )
    host = urlsplit(url).hostname or ""
    if host in cfg["licensed_hosts"]:
        doc.licence = cfg["licence"]
    item = re.search(r"/([0-9]+)/?$", url)
    if item and host in cfg["licensed_hosts"]:
        doc.kremlin_id = item[1]
    return doc


__all__ = ["FORMAT", "looks_like", "read", "Span"]
