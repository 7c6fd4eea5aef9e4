"""One work, two languages: the English and the Russian page of one Kremlin item are linked as versions of one work
(schema:exampleOfWork, schema:translationOfWork) and report one event (owl:sameAs), each fact keeping its own
document's evidence. The pair is constructed from two real texts (tests/fixtures/versions/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph.pipeline import build
from diplograph.queries import get_query, open_store, run_query

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/diplograph/id/"
WORK, EN, RU = ID + "work/kremlin-65871", ID + "document/kremlin-en-65871", ID + "document/kremlin-ru-65871"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    corpus = tmp_path_factory.mktemp("versions")
    for name in ("en-65871.txt", "ru-65871.txt"):
        shutil.copy(ROOT / "tests" / "fixtures" / "versions" / name, corpus / name)
    out = corpus.parent / (corpus.name + "-graph")
    build(corpus, out, cache=None)
    return open_store(out)


def test_the_versions_query_lists_both_languages(store: ox.Store) -> None:
    _, rows = run_query(get_query("versions"), store, {"item": "65871"})
    assert [(r["document"], r["language"], r["translation"]) for r in rows] == [
        (EN, "en", "translation"), (RU, "ru", "original")]
    assert {r["work"] for r in rows} == {WORK} and {r["event"] for r in rows} == {WORK + "/event"}
    assert run_query(get_query("versions"), store, {"item": "65870"})[1] == []


def test_both_events_are_one_event_whose_participants_are_the_union(store: ox.Store) -> None:
    same = "<http://www.w3.org/2002/07/owl#sameAs>"
    participant = "<https://w3id.org/diplograph/ontology#participant>"
    events = store.query(f"SELECT ?g ?event WHERE {{ GRAPH ?g {{ ?event {same} <{WORK}/event> }} }}")
    assert {(r["g"].value, r["event"].value) for r in events} == {(EN, EN + "/event"), (RU, RU + "/event")}
    own = {}
    for g in (EN, RU):
        rows = store.query(f"SELECT ?p WHERE {{ GRAPH <{g}> {{ <{g}/event> {participant} ?p }} }}")
        own[g] = {r["p"].value for r in rows}
    shared = store.query(f"""SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?event {same} <{WORK}/event> ;
                                                                    {participant} ?p }} }}""")
    assert {r["p"].value for r in shared} == own[EN] | own[RU]
    assert ID + "person/vladimir-putin" in own[EN] | own[RU]


def test_each_fact_keeps_its_own_documents_evidence(store: ox.Store) -> None:
    rows = store.query("""SELECT ?g ?source WHERE { GRAPH ?g {
        ?evidence a <https://w3id.org/diplograph/ontology#Evidence> ; <http://www.w3.org/ns/oa#hasTarget> ?t .
        ?t <http://www.w3.org/ns/oa#hasSource> ?source } }""")
    pairs = {(row["g"].value, row["source"].value) for row in rows}
    assert {g for g, _ in pairs} == {EN, RU} and all(g == source for g, source in pairs)
