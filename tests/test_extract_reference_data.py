"""The reference set keeps every name whole: a name with a comma written unquoted inside a YAML flow list or
map is split into pieces, and the loader refuses what that leaves behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplograph import paths
from diplograph.errors import ReferenceDataError
from diplograph.link.linker import Linker
from diplograph.link.reference import load_reference

OFFICE = "special-presidential-representative-for-environmental-protection-ecology-and-transport"


def test_the_environment_representatives_names_are_whole() -> None:
    office = load_reference(paths.REFERENCE).get("office", OFFICE)
    assert office is not None
    assert office.label == {
        "en": "Special Presidential Representative for Environmental Protection, Ecology and Transport",
        "ru": "Специальный представитель Президента Российской Федерации по вопросам природоохранной "
        "деятельности, экологии и транспорта",
    }
    assert "Special Presidential Representative for Environmental Protection, Ecology and Transportation" in (
        office.aliases["en"]
    )
    assert "Ecology and Transportation" not in office.aliases["en"]
    assert "экологии и транспорта" not in office.aliases["ru"]


def test_the_office_is_found_by_its_full_name_and_not_by_a_fragment() -> None:
    linker = Linker.from_folder(paths.REFERENCE)
    assert linker.office("Presidential Special Representative for Environmental Protection, Ecology and Transport",
                         "en").slug == OFFICE
    assert linker.office("Ecology and Transportation", "en").entity is None


def test_no_reference_name_is_a_piece_after_a_comma_of_another_name_of_the_same_entity() -> None:
    """"Ministry of Digital Development" may be a short name of the ministry; "Communications and Mass Media
    of the Russian Federation", the piece after the comma of its full name, may not."""
    for entity in load_reference(paths.REFERENCE).entities.values():
        for language in ("en", "ru"):
            names = entity.names(language)
            pieces = [p.strip() for n in names for p in n.split(", ")[1:]]
            cut = [n for n in names for p in pieces if p == n or p.startswith(n + " ")]
            assert not cut, (entity.id, language, cut)


def _write(folder: Path, body: str) -> Path:
    (folder / "offices.yaml").write_text(body, encoding="utf-8")
    return folder


def test_a_label_split_at_a_comma_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path, "- id: envoy\n  label: {en: Envoy for Climate, Ecology and Transport}\n")
    with pytest.raises(ReferenceDataError, match=r"offices\.yaml.*envoy.*'Ecology and Transport'.*quote"):
        load_reference(folder)


def test_an_alias_split_at_a_comma_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path, (
        "- id: envoy\n  label: {en: \"Envoy for Climate, Ecology and Transport\"}\n"
        "  aliases:\n    en: [Envoy for Climate, Ecology and Transport]\n"
    ))
    with pytest.raises(ReferenceDataError, match=r"offices\.yaml.*envoy.*'Ecology and Transport'.*quote"):
        load_reference(folder)


def test_quoted_names_with_commas_load(tmp_path: Path) -> None:
    folder = _write(tmp_path, (
        "- id: envoy\n  label: {en: \"Envoy for Climate, Ecology and Transport\"}\n"
        "  aliases:\n    en: [\"Envoy for Climate, Ecology and Transportation\", Climate Envoy]\n"
    ))
    office = load_reference(folder).get("office", "envoy")
    assert office is not None and office.aliases["en"] == [
        "Envoy for Climate, Ecology and Transportation", "Climate Envoy"
    ]


def test_an_alias_that_starts_a_piece_of_the_label_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path, (
        "- id: treaty\n  label: {en: \"Treaty of Peace, Friendship and Cooperation between A and B\"}\n"
        "  aliases:\n    en: [Treaty of Peace, Friendship and Cooperation]\n"
    ))
    with pytest.raises(ReferenceDataError, match=r"offices\.yaml.*treaty.*'Friendship and Cooperation'.*quote"):
        load_reference(folder)
