"""Inline numbered points, precedent cues and instruments described without a name, on small texts written for
these tests."""

from __future__ import annotations

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.link.linker import Linker

from .test_extract_speakers import _doc


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def _numbered(facts) -> list[tuple[int | None, str, int | None, str]]:  # type: ignore[no-untyped-def]
    text = facts.source.text
    return [
        (p.ordinal, p.proposers[0].slug, p.programme, p.span.of(text)) for p in facts.proposals if p.ordinal
    ]


RU_INLINE = [
    "В.Путин: Добрый день. Прошу доложить.",
    "С.Лавров: Уважаемый Владимир Владимирович!",
    "Полагаем целесообразным, во-первых, расширить обмен опытом между ведомствами, во-вторых, подготовить "
    "совместную программу подготовки кадров, в-третьих, провести консультации с партнёрами. Это важно.",
    "В.Путин: Спасибо. Теперь задачи.",
    "Первое. Подготовить предложения по изменению законодательства.",
    "Второе. Провести консультации с партнёрами по ШОС.",
]


def test_inline_russian_points_in_one_turn_are_that_speakers_numbered_proposals(linker: Linker) -> None:
    facts = extract(_doc("Совещание с постоянными членами Совета Безопасности", RU_INLINE, "ru"), linker)
    got = _numbered(facts)
    assert [(o, who, prog) for o, who, prog, _ in got] == [
        (1, "sergei-lavrov", 1), (2, "sergei-lavrov", 1), (3, "sergei-lavrov", 1),
        (1, "vladimir-putin", 2), (2, "vladimir-putin", 2),
    ]
    assert got[0][3] == "во-первых, расширить обмен опытом между ведомствами"
    assert got[1][3] == "во-вторых, подготовить совместную программу подготовки кадров"
    assert got[2][3] == "в-третьих, провести консультации с партнёрами"
    # The sentence the points are in is not an unnumbered proposal as well.
    assert [p for p in facts.proposals if p.ordinal is None] == []


def test_a_single_inline_ordinal_is_not_a_programme(linker: Linker) -> None:
    doc = _doc("Совещание", ["С.Лавров: Это, во-первых, вопрос доверия."], "ru")
    assert _numbered(extract(doc, linker)) == []


def _precedents(facts) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    return {p.ordinal: [r.slug for r in p.precedents] for p in facts.proposals if p.ordinal}


def test_a_body_established_by_a_resolution_makes_that_resolution_the_precedent(linker: Linker) -> None:
    doc = _doc("Совещание", [
        "В.Путин: Поставлю задачи.",
        "Первое. Продолжить работу над конвенцией. Специальный комитет для этого был учреждён резолюцией 74/247.",
        "Второе. Подготовить изменения в законодательство.",
    ], "ru", day="2020-11-27")
    assert _precedents(extract(doc, linker)) == {1: ["a-res-74-247"], 2: []}


def test_an_example_to_follow_and_building_on_cue_a_precedent(linker: Linker) -> None:
    doc = _doc("Meeting", [
        "Vladimir Putin: I have two proposals.",
        "First, let us draft an agreement on countering crime. A good example to follow is the Agreement on "
        "cooperation in ensuring international information security signed in Yekaterinburg in 2009.",
        "Second, let us keep working at the UN, building on resolution A/RES/73/27.",
    ], "en", day="2021-09-17")
    assert _precedents(extract(doc, linker)) == {
        1: ["sco-agreement-international-information-security-2009"], 2: ["a-res-73-27"]
    }


def _instruments(facts) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.ref.slug for m in facts.mentions if m.ref.category == "instrument"}


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Vladimir Putin: We are now working together in the new group for 2021–2025."),
        ("en", "Vladimir Putin: We are now working together in the new group for 2021-2025."),
        ("ru", "В.Путин: Сейчас мы вместе работаем в новой группе на 2021–2025 годы."),
    ],
)
def test_a_body_described_by_its_year_range_and_kind_word_is_found(
    linker: Linker, language: str, sentence: str
) -> None:
    facts = extract(_doc("Talks" if language == "en" else "Переговоры", [sentence], language, day="2022-02-04"), linker)
    assert "oewg-2021-2025" in _instruments(facts)


def test_a_body_the_general_assembly_set_up_names_its_establishing_resolution(linker: Linker) -> None:
    doc = _doc("Meeting", [
        "Vladimir Putin: The ad hoc committee that the General Assembly set up in December 2019 starts work soon.",
    ], "en", day="2021-09-17")
    assert {"ad-hoc-committee-on-cybercrime", "a-res-74-247"} <= _instruments(extract(doc, linker))


def test_a_body_merely_named_does_not_name_its_resolution(linker: Linker) -> None:
    doc = _doc("Meeting", ["Vladimir Putin: The ad hoc committee starts work soon."], "en", day="2021-09-17")
    found = _instruments(extract(doc, linker))
    assert "ad-hoc-committee-on-cybercrime" in found and "a-res-74-247" not in found
