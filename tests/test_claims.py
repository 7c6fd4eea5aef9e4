"""Claims as claims: the speaker's assertions about instruments in seed 000 (26 March 2021) — that Russia
spearheaded the 1998 resolution, that most member states approved the Russia-sponsored 2018 resolution, that the
OEWG was created at Russia's initiative, that many countries supported the cybercrime convention — are published
as Putin's claims with the sentence as evidence, not as facts of the world."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import rdflib

from diplograph.extract.claims import find_claims
from diplograph.extract.facts import Mention, Ref, Turn
from diplograph.read.source import SourceDocument, Span

DG = rdflib.Namespace("https://w3id.org/diplograph/ontology#")
ID = "https://w3id.org/diplograph/id/"
DOC = ID + "document/kremlin-en-65231"


@pytest.fixture(scope="module")
def claims(corpus_build: Path) -> dict[tuple[str, str], rdflib.URIRef]:
    g = rdflib.Graph().parse(corpus_build / "documents" / "kremlin-en-65231.ttl", format="turtle")
    out = {}
    for claim in g.subjects(rdflib.RDF.type, DG.Claim):
        assert g.value(claim, DG.statedIn) == rdflib.URIRef(DOC)
        assert g.value(claim, DG.claimant) == rdflib.URIRef(ID + "person/vladimir-putin")
        assert g.value(claim, DG.evidence) is not None and str(g.value(claim, DG.text))
        for about in g.objects(claim, DG.claimAbout):
            out[(str(g.value(claim, DG.claimKind)), str(about).removeprefix(ID + "instrument/"))] = claim
    return out


@pytest.mark.parametrize("key", [
    ("sponsorship", "a-res-53-70"),   # "Back in 1998, Russia spearheaded a relevant resolution ..."
    ("adoption", "a-res-53-70"),      # "... which was adopted by the UN General Assembly"
    ("sponsorship", "a-res-73-27"),   # "the Russia-sponsored resolution on international information security"
    ("adoption", "a-res-73-27"),      # "most of the UN member states approved ..."
    ("support", "un-convention-against-cybercrime"),  # "... which were supported by many countries"
])
def test_the_seeds_sponsorship_and_adoption_claims_are_the_speakers_claims(claims: dict, key: tuple[str, str]) -> None:
    assert key in claims


def test_a_claim_is_not_turned_into_a_fact(corpus_build: Path) -> None:
    """The resolution's sponsor in the reference set comes from UNODA, not from the speech."""
    g = rdflib.Graph().parse(corpus_build / "documents" / "kremlin-en-65231.ttl", format="turtle")
    assert not list(g.triples((None, DG.sponsor, None)))


def test_a_sentence_without_an_instrument_or_a_cue_makes_no_claim() -> None:
    text = "Russia spearheaded many things. The resolution was read out."
    doc = SourceDocument(path="x.txt", file_name="x.txt", checksum="sha256:" + "0" * 64, text=text, format="test",
                         language="en", title=Span(0, 31), date=dt.date(2021, 3, 26), body=[Span(0, len(text))])
    resolution = Ref("instrument", "r", "resolution", "en", kind="un_resolution")
    mention = Mention(resolution, Span(text.index("resolution"), text.index("resolution") + 10))
    turns = [Turn(1, None, None, Span(0, len(text)), [Span(0, len(text))])]
    assert find_claims(doc, [mention], turns) == []
