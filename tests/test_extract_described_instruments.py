"""Instruments a text describes rather than names, and names an excerpt cuts mid-word: each rule on a real sentence
of the samples (tests/fixtures/real-samples/docs)."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph import paths
from diplograph.extract.mentions import find_mentions
from diplograph.link.linker import Linker
from diplograph.read.source import SourceDocument, Span


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def document(text: str, language: str, day: str = "2021-03-26", excerpt: bool = False) -> SourceDocument:
    """A document of one title line and one paragraph: the sentence under test."""
    title = "Title"
    full = f"{title}\n{text}"
    return SourceDocument(path="t.txt", file_name="t.txt", checksum="", text=full, format="plain", language=language,
                          title=Span(0, len(title)), date=dt.date.fromisoformat(day),
                          body=[Span(len(title) + 1, len(full))], excerpt=excerpt)


def instruments(doc: SourceDocument, linker: Linker) -> dict[str, str | None]:
    return {m.ref.label: m.ref.kind for m in find_mentions(doc, linker) if m.ref.category == "instrument"}


def test_plan_to_be_drafted_is_a_proposed_instrument(linker: Linker) -> None:
    # 008 (en.kremlin.ru/supplement/5628)
    doc = document("A decision was also made to draft a plan for implementing it.", "en")
    assert instruments(doc, linker) == {"plan for implementing it": "proposed_instrument"}


def test_regulations_to_create_after_another_kind_noun_are_a_proposed_instrument(linker: Linker) -> None:
    # 008: "commitment" (a kind noun with no cue before it) comes first; "create … regulations" is still found.
    doc = document("To neutralise the growing threats, Russia has reiterated its commitment to step up international "
                   "cooperation, to create international legal regulations governing the activities of states in "
                   "cyberspace, primarily, with an eye towards ensuring the digital sovereignty of independent states.",
                   "en")
    assert instruments(doc, linker) == {
        "international legal regulations governing the activities of states in cyberspace": "proposed_instrument"}


def test_means_a_sentence_calls_for_are_proposed_instruments(linker: Linker) -> None:
    # 010 (en.special.kremlin.ru/catalog/persons/245/events/66172)
    doc = document("This must be conducted through specialised information exchange channels between the authorised "
                   "government agencies, through bilateral judicial mechanisms and while observing the provisions of "
                   "international law.", "en", "2021-07-09")
    assert instruments(doc, linker) == {
        "specialised information exchange channels between the authorised government agencies": "proposed_instrument",
        "bilateral judicial mechanisms": "proposed_instrument",
    }


def test_means_in_a_sentence_that_does_not_call_for_them_are_not_instruments(linker: Linker) -> None:
    # 010's sentence as a report of what was done, with no "must": a manner, not a proposal.
    doc = document("This was conducted through specialised information exchange channels between the authorised "
                   "government agencies.", "en", "2021-07-09")
    assert instruments(doc, linker) == {}


def test_a_word_that_begins_like_a_kind_noun_is_not_one(linker: Linker) -> None:
    # kremlin-ru-2024-2025-scraped.csv: "правильно" begins with the stem of "правила" and made "кампус было бы
    # правильно" a proposed instrument.
    doc = document("Что касается кампуса, я понимаю, это очень важно, и считаю, что в Севастополе создать кампус было "
                   "бы правильно.", "ru", "2025-03-01")
    assert instruments(doc, linker) == {}


def test_initiative_named_as_a_partnership_is_a_proposed_instrument_in_the_nominative(linker: Linker) -> None:
    # 016 (kremlin.ru/supplement/6278)
    doc = document("Российской Федерации и Республики Беларусь сохраняют приверженность идее гармонизации "
                   "интеграционных процессов в русле инициативы Большого Евразийского партнерства, включая "
                   "либерализацию.", "ru", "2025-03-13")
    assert instruments(doc, linker) == {"Большое Евразийское партнерство": "proposed_instrument"}


# 002 (the 2013 Basic Principles, an excerpt that stops mid-word)
_CUT = ("4. Настоящие Основы конкретизируют отдельные положения Стратегии национальной безопасности Российской "
        "Федерации до 2020 года, Доктрины информацион")


def test_name_an_excerpt_cuts_mid_word_is_the_reference_entity_it_begins(linker: Linker) -> None:
    found = [m for m in find_mentions(document(_CUT, "ru", "2013-07-24", excerpt=True), linker)
             if m.ref.category == "instrument" and m.span.end == len("Title\n" + _CUT)]
    assert [m.ref.slug for m in found] == ["information-security-doctrine-2000"]  # the edition in force in 2013


def test_cut_word_of_a_text_that_is_not_an_excerpt_names_nothing(linker: Linker) -> None:
    found = instruments(document(_CUT, "ru", "2013-07-24", excerpt=False), linker)
    assert not any(label.startswith("Доктрина информационной безопасности") for label in found)
