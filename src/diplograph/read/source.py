"""What a reader gives the extractors: the normalised text and where each part of the page lies in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) of the normalised text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class SourceDocument:
    """One source document, read and normalised; every Span indexes into `text`."""

    path: str
    file_name: str
    checksum: str
    text: str
    format: str
    language: str
    title: Span
    date: dt.date
    time: dt.time | None = None
    lead: Span | None = None
    place: Span | None = None
    captions: list[Span] = field(default_factory=list)
    # Paragraphs of the body before the transcript (participant sentences, news text).
    preamble: list[Span] = field(default_factory=list)
    # Paragraphs of the transcript or statement body, in order.
    body: list[Span] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    persons_listed: list[str] = field(default_factory=list)
    # One entry per person of a participants list (a supplement, a "participants" block): e.g.
    # "SURNAME Given Patronymic – office" or "Office of the State Given Surname". Filled by readers, read by extract.
    participant_entries: list[Span] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    url: str | None = None
    direct_link: str | None = None
    kremlin_id: str | None = None
    last_updated: dt.datetime | None = None
    licence: str | None = None
    publisher: str | None = None

    def span_text(self, span: Span) -> str:
        return span.of(self.text)

    @property
    def key(self) -> str:
        """The document key used in IRIs: the Kremlin item when known, else the file stem."""
        from ..build.iris import slugify

        if self.kremlin_id:
            return f"kremlin-{self.language}-{self.kremlin_id}"
        stem = self.file_name.rsplit(".", 1)[0]
        return f"file-{slugify(stem)}"
