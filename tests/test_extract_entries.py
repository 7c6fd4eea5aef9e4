"""Entries of a participants list ("SURNAME Given Patronymic – office"), from real supplements of kremlin.ru as a
scraped table gives them (tests/fixtures/real-samples/supplements.jsonl: the text on one line, and the site's own
list of the same people in `names`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from diplograph import paths
from diplograph.extract.entries import parse_entries, reference_form
from diplograph.extract.participants import find_participants
from diplograph.link.linker import Linker
from diplograph.link.morph import nominative_name
from diplograph.read.source import SourceDocument, Span

SUPPLEMENTS = Path(__file__).parent / "fixtures" / "real-samples" / "supplements.jsonl"


def rows() -> list[dict]:
    return [json.loads(line) for line in SUPPLEMENTS.read_text(encoding="utf-8").splitlines()]


def entries_of(text: str) -> dict[str, str | None]:
    return {e.name_as_written: e.office for e in parse_entries(text, Span(0, len(text)), "ru")}


def supplement(word: str) -> str:
    return next(r["text"] for r in rows() if word in r["text"])


def test_supplement_participants_recall() -> None:
    expected = found = 0
    for row in rows():
        names = {n for n in entries_of(row["text"])}
        for cell in row["names"]:
            name = re.sub(r"(?<=[А-ЯЁ]) – (?=[А-ЯЁ]{2})", "-", cell).partition(" – ")[0]
            expected += 1
            found += name in names
    assert found / expected >= 0.95, (found, expected)


def test_russian_order_entry_and_its_office() -> None:
    found = entries_of(supplement("Сассу-Нгессо"))
    assert found["ЛАВРОВ Сергей Викторович"] == "Министр иностранных дел Российской Федерации"
    assert reference_form("ЛАВРОВ Сергей Викторович") == "Сергей Лавров"


def test_foreign_order_name_after_a_side_heading() -> None:
    found = entries_of(supplement("Сассу-Нгессо"))
    assert "Шарль Ришард МОНДЖО" in found
    # The heading "С конголезской стороны :" ends the office before it.
    assert found["МИХЕЕВ Александр Александрович"] == "генеральный директор АО «Рособоронэкспорт»"
    assert any(n.endswith("ЛЭМБУМБА САССУ-НГЕССО") and n.startswith("Клодиа") for n in found)


def test_arabic_family_name_first() -> None:
    found = entries_of(supplement("АЛЬ ТАНИ"))
    assert found["АЛЬ ТАНИ Тамим Бен Хамад"] == "Эмир Государства Катар"
    assert "АЛЬ-ХУЛЕЙФИ Абдалла Бен Мухаммед" in found
    assert reference_form("АЛЬ ТАНИ Тамим Бен Хамад") == "Тамим Бен Хамад Аль Тани"


def test_acronym_closing_an_office_is_not_part_of_the_next_name() -> None:
    found = entries_of(supplement("СОЛОДОВНИКОВ"))
    assert found["СОЛОДОВНИКОВ Андрей Алексеевич"] == "студент, член РВИО"


def test_office_with_a_dash_and_a_bank_in_capitals() -> None:
    found = entries_of(supplement("КОСТИН Андрей"))
    assert found["КОСТИН Андрей Леонидович"] == "президент – председатель правления ПАО «Банк ВТБ»"


def test_page_furniture_after_the_last_entry_is_not_its_office() -> None:
    found = entries_of(supplement("ЧЕМЕЗОВ Сергей"))
    assert found["ЧЕМЕЗОВ Сергей Викторович"] == "генеральный директор Государственной корпорации «Ростех»"


@pytest.mark.parametrize("inflected,nominative,case", [
    # From the sample table's titles and leads: "Беседа с Президентом Кубы Мигелем Диас-Канелем Бермудесом",
    # "с Президентом Ирана Масудом Пезешкианом", "с Председателем Государственной Думы Вячеславом Володиным".
    ("Мигелем Диас-Канелем Бермудесом", "Мигель Диас-Канель Бермудес", "ablt"),
    ("Масудом Пезешкианом", "Масуд Пезешкиан", "ablt"),
    ("Вячеславом Володиным", "Вячеслав Володин", None),
    ("Дени Сассу-Нгессо", "Дени Сассу-Нгессо", "ablt"),
    ("Ухнагийн Хурэлсухом", "Ухнагийн Хурэлсухом", "ablt"),  # not guessed: a Mongolian name the dictionary lacks
])
def test_names_in_any_case_put_into_the_nominative(inflected: str, nominative: str, case: str | None) -> None:
    assert nominative_name(inflected, case) == nominative


def _listed(text: str, entries: list[str], language: str) -> SourceDocument:
    """A document whose participants list the reader gave as one entry per person (the title, then the entries)."""
    title = "Участники переговоров" if language == "ru" else "Participants"
    full = "\n".join([title, text] + entries)
    spans, pos = [], 0
    for part in [title, text] + entries:
        spans.append(Span(pos, pos + len(part)))
        pos += len(part) + 1
    return SourceDocument(
        path="t.txt", file_name="t.txt", checksum="", text=full, format="plain", language=language,
        title=spans[0], date=dt.date(2025, 3, 13), body=[spans[1]], participant_entries=spans[2:],
    )


def test_reader_entries_become_participants_with_offices_as_written() -> None:
    # Three entries of the supplement of the Russian-Belarusian talks of 13 March 2025 (the sample table).
    text = supplement("МЕЗЕНЦЕВ Дмитрий Федорович")
    entries = [e for e in entries_of(text) if e.startswith(("ЛАВРОВ", "МЕЗЕНЦЕВ", "РОГОЖНИК"))]
    written = [f"{e} – {entries_of(text)[e]}" for e in entries]
    doc = _listed("Переговоры прошли в Кремле.", written, "ru")
    found = {p.person.label: p for p in find_participants(doc, Linker.from_folder(paths.REFERENCE))}
    assert found["Сергей Лавров"].person.entity is not None  # the reference person
    assert found["Сергей Лавров"].office_written == "Министр иностранных дел Российской Федерации"
    assert found["Дмитрий Мезенцев"].office_written == "Государственный секретарь Союзного государства"
    assert "Александр Рогожник" in found


def test_english_entry_office_then_name() -> None:
    # Sample 010: "Vladimir Putin had a telephone conversation with President of the United States Joseph Biden."
    doc = _listed("The presidents continued their dialogue.", ["President of the United States Joseph Biden"], "en")
    (biden,) = find_participants(doc, Linker.from_folder(paths.REFERENCE))
    assert biden.person.slug == "joe-biden" and biden.office_written == "President of the United States"
