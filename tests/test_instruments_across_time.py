"""Instruments across time: a process a document names before it led to an instrument is linked to that instrument
and its history, not minted as an orphan. Seed 000 (26 March 2021) speaks of "a global convention on the fight
against cybercrime", concluded only in 2024 as the UN Convention against Cybercrime."""

from __future__ import annotations

import pyoxigraph as ox

ID = "https://w3id.org/diplograph/id/"
DG = "https://w3id.org/diplograph/ontology#"
PROPOSAL = ID + "document/kremlin-en-65231/instrument/global-convention-on-the-fight-against-cybercrime"
CONVENTION = ID + "instrument/un-convention-against-cybercrime"


def objects(store: ox.Store, subject: str, prop: str) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ <{subject}> <{DG}{prop}> ?o }} }}")
    return {row["o"].value for row in rows}


def test_the_2021_cybercrime_convention_leads_to_the_2024_convention_and_its_process(corpus_store: ox.Store) -> None:
    assert objects(corpus_store, PROPOSAL, "realisedAs") == {CONVENTION}
    assert objects(corpus_store, CONVENTION, "negotiatedIn") == {ID + "instrument/ad-hoc-committee-on-cybercrime"}
    assert objects(corpus_store, ID + "instrument/ad-hoc-committee-on-cybercrime", "establishedBy") == {
        ID + "instrument/a-res-74-247"}
    assert objects(corpus_store, CONVENTION, "establishedBy") == {ID + "instrument/a-res-79-243"}


def test_the_document_mentions_the_later_convention_with_the_same_words(corpus_store: ox.Store) -> None:
    doc = ID + "document/kremlin-en-65231"
    assert {PROPOSAL, CONVENTION} <= objects(corpus_store, doc, "mentions")
    quotes = corpus_store.query(f"""SELECT ?body ?exact WHERE {{ GRAPH <{doc}> {{
        ?e <http://www.w3.org/ns/oa#hasBody> ?body ; <http://www.w3.org/ns/oa#hasTarget> ?t .
        ?t <http://www.w3.org/ns/oa#hasSelector> ?q . ?q <http://www.w3.org/ns/oa#exact> ?exact
        VALUES ?body {{ <{PROPOSAL}> <{CONVENTION}> }} }} }}""")
    words = {(row["body"].value, row["exact"].value) for row in quotes}
    assert {body for body, _ in words} == {PROPOSAL, CONVENTION}
    assert len({exact for _, exact in words}) == 1
