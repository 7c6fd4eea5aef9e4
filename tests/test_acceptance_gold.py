"""The seeds' expected facts (tests/fixtures/gold) against the canned queries on the bundled corpus."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from .conftest import GOLD
from .expectations import (
    Results,
    document_iri,
    missing_instruments,
    missing_organisations,
    missing_participants,
    missing_proposals,
    missing_speakers,
)

SEEDS = ["000_7955f8b4e9ebe254", "002_8d702fc43057f274"]


@pytest.fixture(scope="module", params=SEEDS)
def gold(request: pytest.FixtureRequest) -> dict:
    path = GOLD / f"{request.param}.json"
    assert path.exists(), f"gold file missing: {path}"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _results(store: ox.Store, gold: dict) -> Results:
    return Results(store, document_iri(store, gold["document"]["url"]))


def test_document_metadata(corpus_store: ox.Store, gold: dict) -> None:
    res = _results(corpus_store, gold)
    (row,) = res.rows("documents")
    want = gold["document"]
    assert (row["title"], row["date"], row["language"], row["type"], row["url"]) == (
        want["title"], want["date"], want["language"], want["type"], want["url"]
    )


def test_participants_with_offices(corpus_store: ox.Store, gold: dict) -> None:
    res = _results(corpus_store, gold)
    assert missing_participants(res, gold["participants"]) == []
    assert len(res.rows("participants")) == len(gold["participants"])


def test_speakers(corpus_store: ox.Store, gold: dict) -> None:
    assert missing_speakers(_results(corpus_store, gold), gold["speakers"]) == []


def test_organisations(corpus_store: ox.Store, gold: dict) -> None:
    res = _results(corpus_store, gold)
    # Generic descriptions without a name ("competent agencies of both countries") are not entities.
    named = [o for o in gold["organisations"] if "generic" not in o["name"]]
    assert missing_organisations(res, named) == []


def test_instruments_with_un_symbols(corpus_store: ox.Store, gold: dict) -> None:
    res = _results(corpus_store, gold)
    # Proposed norms and frameworks are modelled as proposed instruments; compare their kind as such.
    kinds = {"national_policy_document": "policy_document"}
    expected = [
        dict(i, kind="proposed_instrument" if i["kind"].startswith("proposed_") else kinds.get(i["kind"], i["kind"]))
        for i in gold["instruments"]
    ]
    assert missing_instruments(res, expected) == []


def test_numbered_proposals(corpus_store: ox.Store, gold: dict) -> None:
    res = _results(corpus_store, gold)
    assert missing_proposals(res, gold["proposals"]) == []


def test_seed_000_precedent_is_the_2013_basic_principles(corpus_store: ox.Store) -> None:
    res = Results(corpus_store, "https://w3id.org/diplograph/id/document/kremlin-en-65231")
    (first,) = [r for r in res.rows("proposals") if r["ordinal"] == "1"]
    assert "2013" in (first["precedent"] or "") or "Basic Principles" in (first["precedent"] or "")


def test_seed_002_point_3_cites_the_1972_agreement(corpus_store: ox.Store) -> None:
    res = Results(corpus_store, "https://w3id.org/diplograph/id/document/kremlin-ru-64086")
    (third,) = [r for r in res.rows("proposals") if r["ordinal"] == "3"]
    assert any(word in (third["precedent"] or "").lower() for word in ("incident", "инцидент"))
    assert res.shown_as(third["addressee"], "United States of America")
