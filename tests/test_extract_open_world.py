"""Extraction on the real samples (tests/fixtures/real-samples): documents of layouts the readers may not read,
given to the extractors as plain text (a title line, one paragraph a line; date and language from the gold)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.extract.facts import DocumentFacts
from diplograph.extract.offices import infer_offices
from diplograph.link.linker import Linker
from diplograph.read.paragraphs import lines
from diplograph.extract.text import sentences
from diplograph.read.source import SourceDocument, Span

SAMPLES = Path(__file__).parent / "fixtures" / "real-samples"


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def sample(name: str) -> SourceDocument:
    path = SAMPLES / "docs" / f"{name}.txt"
    meta = json.loads((SAMPLES / "gold" / f"{name}.json").read_text(encoding="utf-8"))["document"]
    text = path.read_text(encoding="utf-8")
    spans = [s for s in lines(text) if s.of(text).strip()]
    if len(spans) == 1:  # a scraped page on one line: its first sentence is the title
        first = sentences(text, spans[0])[0]
        spans = [first, Span(first.end + 1, spans[0].end)]
    return SourceDocument(
        path=str(path), file_name=path.name, checksum="", text=text, format="plain", language=meta["language"],
        title=spans[0], date=dt.date.fromisoformat(meta["date"]), body=spans[1:],
    )


def facts_of(name: str, linker: Linker) -> DocumentFacts:
    return extract(sample(name), linker)


def test_host_office_not_printed_is_inferred_from_dated_holdings(linker: Linker) -> None:
    # "Vladimir Putin had a telephone conversation with President of the United States Joseph Biden."
    facts = facts_of("010_en_biden_telephone_conversation_2021", linker)
    by_slug = {p.person.slug: p for p in facts.participants}
    putin = by_slug["vladimir-putin"]
    assert putin.inferred and putin.office_written is None
    assert putin.office is not None and putin.office.slug == "president-of-russia"
    biden = by_slug["joe-biden"]
    assert not biden.inferred and biden.office_written == "President of the United States"


def test_no_office_is_inferred_without_a_date(linker: Linker) -> None:
    facts = facts_of("010_en_biden_telephone_conversation_2021", linker)
    putin = next(p for p in facts.participants if p.person.slug == "vladimir-putin")
    putin.office, putin.inferred = None, False
    assert infer_offices(facts.participants, [(putin.person, putin.span)], linker, None) == []
    assert putin.office is None and not putin.inferred
