"""Speaker labels, on small texts written for these tests: initials resolved to a person the document names,
and labels whose name has three words."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.extract.turns import find_turns
from diplograph.link.linker import Linker
from diplograph.read.source import SourceDocument, Span


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def _doc(title: str, paragraphs: list[str], language: str, day: str = "2019-04-10") -> SourceDocument:
    """A document whose text is the title and the paragraphs, one per line (all paragraphs are the body)."""
    parts = [title, *paragraphs]
    text = "\n".join(parts)
    spans, pos = [], 0
    for part in parts:
        spans.append(Span(pos, pos + len(part)))
        pos += len(part) + 1
    return SourceDocument(
        path="t.txt", file_name="t.txt", checksum="sha256:" + "0" * 64, text=text,
        format="kremlin-en-page" if language == "en" else "kremlin-ru-text", language=language,
        title=spans[0], date=dt.date.fromisoformat(day), body=spans[1:],
    )


def _speakers(doc: SourceDocument, linker: Linker) -> list[str | None]:
    return [t.speaker.slug if t.speaker else None for t in extract(doc, linker).turns]


def _people(doc: SourceDocument, linker: Linker) -> list[str]:
    return sorted(p.slug for p in extract(doc, linker).event.participants)


RU_MEETING = [
    "В совещании приняли участие Министр иностранных дел Сергей Лавров и заместитель директора департамента "
    "Инна Зотова.",
    "В.Путин: Добрый день, уважаемые коллеги!",
    "Слово Инне Андреевне.",
    "И.Зотова: Спасибо. Доложу о ходе работы.",
]


def test_russian_initial_and_surname_is_the_person_listed_in_the_document(linker: Linker) -> None:
    doc = _doc("Совещание с членами Правительства", RU_MEETING, "ru")
    assert _speakers(doc, linker) == ["vladimir-putin", "inna-zotova"]
    # One person, not "Инна Зотова" beside a minted "Зотова".
    assert _people(doc, linker) == ["inna-zotova", "sergei-lavrov", "vladimir-putin"]


def test_english_initial_and_surname_is_the_person_listed_in_the_document(linker: Linker) -> None:
    doc = _doc("Meeting with Government members", [
        "Taking part in the meeting were Foreign Minister Sergei Lavrov and Deputy Department Director Inna Zotova.",
        "Vladimir Putin: Good afternoon, colleagues.",
        "I.Zotova: Thank you. I will report on our work.",
    ], "en")
    assert _speakers(doc, linker) == ["vladimir-putin", "inna-zotova"]
    assert _people(doc, linker) == ["inna-zotova", "sergei-lavrov", "vladimir-putin"]


def test_a_label_whose_initial_differs_is_not_the_listed_person(linker: Linker) -> None:
    paragraphs = [*RU_MEETING[:3], "П.Зотова: Спасибо."]
    doc = _doc("Совещание с членами Правительства", paragraphs, "ru")
    speakers = _speakers(doc, linker)
    assert speakers[1] != "inna-zotova"
    assert "inna-zotova" in _people(doc, linker)


def test_initials_seen_before_the_full_name_still_meet_it(linker: Linker) -> None:
    """The participants sentence may come after the first turn (a later paragraph names the speaker)."""
    doc = _doc("Совещание", [
        "В.Путин: Добрый день.",
        "И.Зотова: Спасибо.",
        "В совещании принял участие заместитель директора департамента Инна Зотова.",
    ], "ru")
    assert _speakers(doc, linker)[1] == "inna-zotova"


def test_a_three_word_russian_label_keeps_the_whole_name(linker: Linker) -> None:
    doc = _doc("Встреча с Генеральным секретарём ООН", [
        "Д.Медведев: Добрый день!",
        "Пан Ги Мун: Спасибо за приглашение.",
        "Нгуен Тан Зунг: Благодарю.",
    ], "ru", day="2010-12-11")
    turns = find_turns(doc, linker)
    assert [t.speaker.slug if t.speaker else None for t in turns] == [
        "dmitry-medvedev", "ban-ki-moon", "nguen-tan-zung"
    ]
    assert turns[2].speaker is not None and turns[2].speaker.label == "Нгуен Тан Зунг"
    assert [t.role for t in turns] == [None, None, None]


def test_english_labels_separate_the_office_from_a_name_of_any_length(linker: Linker) -> None:
    doc = _doc("Meeting", [
        "President of Russia Vladimir Putin: Good afternoon.",
        "UN Secretary-General Ban Ki-moon: Thank you.",
        "Prime Minister of Vietnam Nguyen Tan Dung: Thank you, Mr President.",
        "Foreign Minister Sergei Lavrov: Colleagues.",
        "Minister of Regional Affairs Ivan Petrov: Thank you.",
        "Question: And the next step?",
    ], "en", day="2010-12-11")
    turns = find_turns(doc, linker)
    got = [(t.role, t.speaker.label if t.speaker else None) for t in turns]
    assert got == [
        ("President of Russia", "Vladimir Putin"),
        ("UN Secretary-General", "Ban Ki-moon"),
        ("Prime Minister of Vietnam", "Nguyen Tan Dung"),
        ("Foreign Minister", "Sergei Lavrov"),
        # Where the role's words after "of" end is not known, the name is the last two words.
        ("Minister of Regional Affairs", "Ivan Petrov"),
        ("Question", None),
    ]
