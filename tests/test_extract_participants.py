"""Participants, co-authors and nested names, on small texts written for these tests (not the cases' own)."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.extract.event import co_authors
from diplograph.extract.mentions import find_mentions
from diplograph.extract.participants import find_participants
from diplograph.link.linker import Linker
from diplograph.read.source import SourceDocument, Span


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def _doc(
    title: str, paragraphs: list[str], language: str, lead: str | None = None, day: str = "2021-06-01"
) -> SourceDocument:
    """A document whose text is the title, the lead and the paragraphs, one per line."""
    parts = [title] + ([lead] if lead else []) + paragraphs
    text = "\n".join(parts)
    spans, pos = [], 0
    for part in parts:
        spans.append(Span(pos, pos + len(part)))
        pos += len(part) + 1
    body = spans[2:] if lead else spans[1:]
    return SourceDocument(
        path="t.txt", file_name="t.txt", checksum="sha256:" + "0" * 64, text=text,
        format="kremlin-en-page" if language == "en" else "kremlin-ru-text", language=language,
        title=spans[0], date=dt.date.fromisoformat(day), lead=spans[1] if lead else None, body=body,
    )


def _who(found: list) -> dict[str, str | None]:
    return {p.person.slug: p.office_written for p in found}


def test_russian_participants_sentence_gives_office_as_printed(linker: Linker) -> None:
    doc = _doc("Совещание", [
        "В заседании приняли участие Министр иностранных дел Сергей Лавров, первый заместитель руководителя "
        "ведомства по вопросам связи, транспорта и энергетики Пётр Сидоренко и Директор ФСБ Александр Бортников."
    ], "ru")
    who = _who(find_participants(doc, linker))
    assert who["sergei-lavrov"] == "Министр иностранных дел"
    assert who["alexander-bortnikov"] == "Директор ФСБ"
    # An unknown person gets a minted entity; the office keeps its lower-case words and inner comma.
    assert who["petr-sidorenko"] == (
        "первый заместитель руководителя ведомства по вопросам связи, транспорта и энергетики"
    )


def test_no_participants_without_a_cue_or_tooltip(linker: Linker) -> None:
    doc = _doc("Совещание", ["Министр иностранных дел Сергей Лавров рассказал о переговорах."], "ru")
    assert find_participants(doc, linker) == []


def test_lead_of_a_telephone_conversation_names_host_and_counterpart(linker: Linker) -> None:
    doc = _doc(
        "Telephone conversation", ["They discussed bilateral matters."], "en",
        lead="Vladimir Putin had a telephone conversation with President of France Emmanuel Macron.",
    )
    who = _who(find_participants(doc, linker))
    assert who == {"vladimir-putin": None, "emmanuel-macron": "President of France"}


def test_surname_first_tooltip_and_unlinked_known_name_in_a_list(linker: Linker) -> None:
    doc = _doc("Summit", [
        "Taking part were President of Belarus Alexander Lukashenko Lukashenko Alexander Lukashenko "
        "AlexanderPresident of the Republic of Belarus , President of China Xi Jinping, and President of "
        "France Emmanuel Macron Macron Emmanuel Macron EmmanuelPresident of the French Republic .",
        "Chairman Xi Jinping Xi Jinping Xi JinpingPresident of the People's Republic of China spoke first.",
    ], "en")
    who = _who(find_participants(doc, linker))
    assert who["alexander-lukashenko"] == "President of Belarus"
    assert who["xi-jinping"] == "President of China"
    assert who["emmanuel-macron"] == "President of France"


def test_glued_title_stops_at_and_before_the_next_office(linker: Linker) -> None:
    doc = _doc("Summit", [
        "Invited were President of Belarus Alexander Lukashenko Lukashenko Alexander Lukashenko "
        "AlexanderPresident of the Republic of Belarus and President of France Emmanuel Macron Macron Emmanuel "
        "Macron EmmanuelPresident of the French Republic , as guests."
    ], "en")
    found = {p.person.slug: p for p in find_participants(doc, linker)}
    assert found["alexander-lukashenko"].official_title == "President of the Republic of Belarus"
    assert found["emmanuel-macron"].office_written == "President of France"


def test_joint_statement_signatories_by_office_are_the_holders_on_the_date(linker: Linker) -> None:
    doc = _doc(
        "Совместное заявление Президента Российской Федерации и Председателя Китайской Народной Республики",
        ["Мы, Президент Российской Федерации и Председатель Китайской Народной Республики, заявляем о "
         "следующем."], "ru", day="2019-06-05",
    )
    authors = co_authors(doc, linker, "joint-statement")
    assert [a.person.slug for a in authors] == ["vladimir-putin", "xi-jinping"]
    facts = extract(doc, linker)
    assert [t.speaker.slug for t in facts.turns if t.speaker] == ["vladimir-putin", "xi-jinping"]
    assert {"vladimir-putin", "xi-jinping"} <= {c.slug for c in facts.creators}


def test_single_author_statement_has_no_co_authors(linker: Linker) -> None:
    doc = _doc("Заявление", ["Мы, Президент Российской Федерации, заявляем о следующем."], "ru")
    assert co_authors(doc, linker, "joint-statement") == []


def test_longer_name_wins_and_names_inside_it_are_mentions(linker: Linker) -> None:
    doc = _doc("News", ["Both sides worked together at the UN Security Council."], "en")
    slugs = [m.ref.slug for m in find_mentions(doc, linker)]
    assert "un-security-council" in slugs
    assert "united-nations" in slugs
    assert "security-council-of-russia" not in slugs


def test_described_treaty_by_year_and_cues(linker: Linker) -> None:
    doc = _doc("News", [
        "We rely on the agreement on information security that our governments signed in Yekaterinburg in 2009."
    ], "en", day="2015-01-10")
    slugs = {m.ref.slug for m in find_mentions(doc, linker)}
    assert "sco-agreement-international-information-security-2009" in slugs


def test_year_alone_does_not_describe_a_treaty(linker: Linker) -> None:
    doc = _doc("News", ["In 2009 the weather in Yekaterinburg was fine."], "en", day="2015-01-10")
    slugs = {m.ref.slug for m in find_mentions(doc, linker)}
    assert "sco-agreement-international-information-security-2009" not in slugs
