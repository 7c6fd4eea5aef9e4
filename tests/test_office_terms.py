"""Offices in time: the reference set's dated terms of office are published (dg:Tenure, org:memberDuring an
OWL-Time interval) and `office-holders` names the holder of an office on any date, with the period and its source.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph import paths
from diplograph.errors import ReferenceDataError
from diplograph.link.reference import load_reference
from diplograph.queries import get_query, run_query

ID = "https://w3id.org/diplograph/id/"


def holders(store: ox.Store, day: str) -> dict[tuple[str, str], dict[str, str | None]]:
    """(person slug, office or office as written) → the row, for the terms of office on `day`."""
    _, rows = run_query(get_query("office-holders"), store, {"date": day})
    assert all(row["date"] == day for row in rows)
    return {(str(row["person"]).removeprefix(ID + "person/"), str(row["office"])): row for row in rows}


@pytest.mark.parametrize(("day", "expected"), [
    ("2000-06-01", {("vladimir-putin", "President of Russia"), ("mikhail-kasyanov", "Prime Minister of Russia")}),
    ("2010-01-01", {("dmitry-medvedev", "President of Russia"), ("vladimir-putin", "Prime Minister of Russia")}),
    ("2024-06-01", {("vladimir-putin", "President of Russia"), ("mikhail-mishustin", "Prime Minister of Russia"),
                    ("andrei-belousov", "Defence Minister"), ("sergei-shoigu", "Security Council Secretary")}),
    ("1995-01-01", {("boris-yeltsin", "President of Russia"), ("viktor-chernomyrdin", "Prime Minister of Russia"),
                    ("andrei-kozyrev", "Foreign Minister")}),
])
def test_office_holders_names_the_holder_on_any_date(corpus_store: ox.Store, day: str, expected: set) -> None:
    found = holders(corpus_store, day)
    assert expected <= set(found)
    for key in expected:
        row = found[key]
        assert row["from"] is not None and str(row["from"]) <= day
        assert row["to"] is None or day < str(row["to"])
        assert str(row["source"]).startswith("http")  # every one of these terms was checked against a public page


def test_a_term_ends_the_day_the_next_holder_takes_over(corpus_store: ox.Store) -> None:
    assert ("sergei-shoigu", "Defence Minister") in holders(corpus_store, "2024-05-13")
    on_the_day = holders(corpus_store, "2024-05-14")
    assert ("andrei-belousov", "Defence Minister") in on_the_day
    assert ("sergei-shoigu", "Defence Minister") not in on_the_day


def test_lavrov_is_not_foreign_minister_and_un_ambassador_at_once(corpus_store: ox.Store) -> None:
    """The reference set had Lavrov at the UN until July 2004, four months into his time as Foreign Minister."""
    for day in ("2004-03-09", "2004-06-01", "2004-07-11"):
        offices = {office for person, office in holders(corpus_store, day) if person == "sergei-lavrov"}
        assert offices == {"Foreign Minister"}, (day, offices)
    assert ("sergei-lavrov", "Permanent Representative of Russia to the United Nations") in holders(
        corpus_store, "2004-03-08")


def test_document_attestations_keep_their_day_and_document(corpus_store: ox.Store) -> None:
    _, rows = run_query(get_query("office-holders"), corpus_store, {"date": "2021-03-26"})
    attested = [row for row in rows if "/document/" in str(row["source"])]
    assert attested and all(row["from"] == row["to"] == "2021-03-26" for row in attested)


def test_office_history_lists_the_terms_in_order(corpus_store: ox.Store) -> None:
    _, rows = run_query(get_query("office-history"), corpus_store, {"office": ID + "office/minister-of-defence"})
    names = [row["name"] for row in rows]
    assert names[-3:] == ["Anatoly Serdyukov", "Sergei Shoigu", "Andrei Belousov"]
    assert [row["from"] for row in rows] == sorted(str(row["from"]) for row in rows)
    assert rows[-1]["to"] is None and {row["office"] for row in rows} == {ID + "office/minister-of-defence"}
    _, acting = run_query(get_query("office-history"), corpus_store, {"office": ID + "office/president-of-russia"})
    assert [row["acting"] for row in acting if row["from"] == "1999-12-31"] == ["acting"]


def _terms() -> list[tuple[str, str, dt.date, dt.date]]:
    reference = load_reference(paths.REFERENCE)
    return [(h.person, o.id, h.start or dt.date.min, h.end or dt.date.max)
            for o in reference.of("office") for h in o.holders]


# A person in two offices of the set at once: each pair is a fact checked against the office's source and note.
CONCURRENT = {
    ("boris-yeltsin", "president-of-russia", "prime-minister-of-russia"),  # headed the government 1991-1992
    ("vladimir-putin", "president-of-russia", "prime-minister-of-russia"),  # acting President while Prime Minister
    ("sergei-shoigu", "minister-of-defence", "secretary-of-the-security-council"),  # 12 to 14 May 2024
}


def test_no_one_holds_two_offices_at_once_unless_listed() -> None:
    found = set()
    for (p1, o1, s1, e1), (p2, o2, s2, e2) in itertools.combinations(_terms(), 2):
        if p1 == p2 and o1 != o2 and s1 < e2 and s2 < e1:
            found.add((p1, *sorted((o1, o2))))
    assert found == {(p, *sorted((a, b))) for p, a, b in CONCURRENT}


def _office_file(tmp_path: Path, holders_yaml: str, concurrent: str = "") -> Path:
    (tmp_path / "persons.yaml").write_text(
        "- {id: a-person, label: {en: A Person}}\n- {id: b-person, label: {en: B Person}}\n", encoding="utf-8")
    (tmp_path / "offices.yaml").write_text(
        f"- id: envoy\n  label: {{en: Envoy}}\n{concurrent}  holders:\n{holders_yaml}", encoding="utf-8")
    return tmp_path


def test_overlapping_terms_of_one_office_are_refused(tmp_path: Path) -> None:
    terms = ("    - {person: a-person, from: 2000-01-01, to: 2004-07-12}\n"
             "    - {person: b-person, from: 2004-03-09, to: null}\n")
    with pytest.raises(ReferenceDataError, match="overlap"):
        load_reference(_office_file(tmp_path, terms))
    office = load_reference(_office_file(tmp_path, terms, "  concurrent: true\n")).get("office", "envoy")
    assert office is not None and len(office.holders) == 2


@pytest.mark.parametrize(("term", "message"), [
    ("    - {person: nobody, from: 2000-01-01, to: null}\n", "not an id in persons.yaml"),
    ("    - {person: a-person, from: 2004-01-01, to: 2000-01-01}\n", "before"),
    ("    - {person: a-person, from: 2004-01-01, to: null, source: kremlin.ru}\n", "not an http"),
])
def test_a_bad_term_is_refused_by_name(tmp_path: Path, term: str, message: str) -> None:
    with pytest.raises(ReferenceDataError, match=message):
        load_reference(_office_file(tmp_path, term))


def test_every_term_of_the_offices_asked_for_has_a_source_since_2000() -> None:
    """The offices the issue names are checked day by day from 2000 on (earlier gaps are listed in the notes)."""
    asked = {"president-of-russia", "minister-of-foreign-affairs", "minister-of-defence",
             "secretary-of-the-security-council", "director-of-the-foreign-intelligence-service",
             "permanent-representative-of-russia-to-the-un"}
    reference = load_reference(paths.REFERENCE)
    unchecked = [(o.id, h.person) for o in reference.of("office") if o.id in asked for h in o.holders
                 if h.source is None and (h.end is None or h.end > dt.date(2000, 1, 1))]
    assert not unchecked
