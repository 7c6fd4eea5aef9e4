"""Document types and event kinds from title and lead cues, on small texts written for these tests: news items
about calls and talks are news (no speaker, no author), addresses are Address events in both languages."""

from __future__ import annotations

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.link.linker import Linker

from .test_extract_speakers import _doc


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def _people(facts) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(p.slug for p in facts.event.participants)


def test_a_russian_call_news_item_titled_with_the_counterpart_is_news(linker: Linker) -> None:
    doc = _doc("Телефонный разговор с Президентом США Джозефом Байденом", [
        "Состоялся телефонный разговор Владимира Путина с Президентом Соединённых Штатов Америки Джозефом "
        "Байденом.",
        "Обсуждались вопросы стратегической стабильности. Договорились продолжить контакты.",
    ], "ru", day="2021-07-09")
    facts = extract(doc, linker)
    assert facts.document_type == "news"
    assert facts.creators == []
    assert all(t.speaker is None for t in facts.turns)
    assert (facts.event.kind, facts.event.format) == ("Talks", "telephone")
    assert _people(facts) == ["joe-biden", "vladimir-putin"]


def test_a_russian_call_with_a_bare_title_is_decided_by_its_lead(linker: Linker) -> None:
    """The title alone says nothing of the genre; "состоялся телефонный разговор" in the lead does. The host is
    named only by his office, the counterpart in an apposition after the first sentence."""
    doc = _doc("Беседа с Президентом Франции", [
        "По инициативе французской стороны состоялся телефонный разговор Президента России с коллегой. "
        "Собеседник – Президент Французской Республики Эммануэль Макрон.",
        "Стороны обменялись мнениями о ситуации в Европе.",
    ], "ru", day="2020-03-15")
    facts = extract(doc, linker)
    assert facts.document_type == "news"
    assert facts.creators == []
    assert all(t.speaker is None for t in facts.turns)
    assert facts.event.kind == "Talks"
    assert _people(facts) == ["emmanuel-macron", "vladimir-putin"]


def test_an_unknown_counterpart_in_a_call_lead_is_a_participant(linker: Linker) -> None:
    doc = _doc("Телефонный разговор", [
        "Состоялся телефонный разговор Владимира Путина с зарубежным коллегой. В разговоре участвовал "
        "Премьер-министр Республики Альбатрос Томас Вельде.",
        "Обсуждались вопросы двустороннего сотрудничества.",
    ], "ru", day="2020-03-15")
    facts = extract(doc, linker)
    assert facts.document_type == "news"
    assert _people(facts) == ["tomas-velde", "vladimir-putin"]


def test_a_russian_statement_without_turns_is_still_the_presidents_statement(linker: Linker) -> None:
    doc = _doc("Заявление о мерах по деэскалации", [
        "Российская Федерация по-прежнему считает важным продолжать переговоры по стратегической стабильности.",
        "Предлагаем всем заинтересованным странам рассмотреть возможность взаимных мер.",
    ], "ru", day="2020-10-26")
    facts = extract(doc, linker)
    assert facts.document_type == "statement"
    assert [c.slug for c in facts.creators] == ["vladimir-putin"]
    assert facts.turns[0].speaker is not None and facts.turns[0].speaker.slug == "vladimir-putin"


def test_a_russian_news_item_about_talks_has_no_speech_turns(linker: Linker) -> None:
    doc = _doc("Российско-французские переговоры", [
        "Владимир Путин провёл переговоры с Президентом Франции Эммануэлем Макроном.",
        "Стороны обсудили вопросы международной информационной безопасности.",
    ], "ru", day="2020-03-15")
    facts = extract(doc, linker)
    assert facts.document_type == "news"
    assert facts.turns == []
    assert facts.event.kind == "Talks"
    assert _people(facts) == ["emmanuel-macron", "vladimir-putin"]


@pytest.mark.parametrize(
    ("language", "title", "paragraphs"),
    [
        ("ru", "Обращение к участникам конференции по информационной безопасности",
         ["В.Путин: Уважаемые друзья! Приветствую вас.", "Желаю вам успешной работы."]),
        ("en", "Video address to participants of the conference on information security",
         ["Vladimir Putin: Dear friends, I welcome you.", "I wish you success."]),
        ("ru", "Обращение к гражданам России", ["Уважаемые граждане России! Обращаюсь к вам сегодня."]),
        ("en", "Address to the citizens of Russia", ["Citizens of Russia, I address you today."]),
    ],
)
def test_an_address_is_an_address_by_the_addresser_in_both_languages(
    linker: Linker, language: str, title: str, paragraphs: list[str]
) -> None:
    facts = extract(_doc(title, paragraphs, language, day="2023-05-24"), linker)
    assert facts.document_type == "speech"
    assert facts.event.kind == "Address"
    assert _people(facts) == ["vladimir-putin"]
    assert [t.speaker.slug if t.speaker else None for t in facts.turns] == ["vladimir-putin"]
