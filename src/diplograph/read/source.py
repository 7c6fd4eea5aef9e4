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


# Where a document's date was found: its own date line under the title, a closing "Month D, YYYY, place" line, the
# first paragraphs of its body, a column or the page's metadata, or nowhere.
DATE_FOUND = ("date line", "closing line", "body", "table", "metadata", "unknown")


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
    # None when the text gives no date; `date_found` says where it came from (DATE_FOUND).
    date: dt.date | None
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
    date_found: str = "date line"
    # The title is not printed as a title: it is the text's first line or sentence.
    title_inferred: bool = False
    # The text stops before its end (cut mid-word or mid-sentence): built as far as it goes.
    excerpt: bool = False
    # Site furniture removed from the content: menus, clocks, tickers, breadcrumbs, counters.
    furniture: list[Span] = field(default_factory=list)
    # What was missing from the source or inferred by the reader, in words, for the build's report.
    record: list[str] = field(default_factory=list)
    # A kremlin.ru supplement (/supplement/N: joint statements, participant lists): its number.
    supplement_id: str | None = None

    def span_text(self, span: Span) -> str:
        return span.of(self.text)

    @property
    def key(self) -> str:
        """The document key used in IRIs: the Kremlin item when known, else the file stem."""
        from ..build.iris import slugify

        if self.kremlin_id:
            return f"kremlin-{self.language}-{self.kremlin_id}"
        if self.supplement_id:
            return f"kremlin-{self.language}-supplement-{self.supplement_id}"
        # A table's row ("table.csv#17") is named by the whole name; a file by its stem.
        stem = self.file_name if "#" in self.file_name else self.file_name.rsplit(".", 1)[0]
        return f"file-{slugify(stem)}"
