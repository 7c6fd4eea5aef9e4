"""Identity and links that mean what they say: Wikidata items as owl:sameAs (not skos:exactMatch, which would make
persons and states SKOS concepts), described by a void:Linkset; a UN resolution's sponsors as sponsors (never as
parties) and its recorded vote."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS, XSD

from diplograph.errors import ReferenceDataError
from diplograph.link.reference import load_reference

DG = rdflib.Namespace("https://w3id.org/diplograph/ontology#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
ID = rdflib.Namespace("https://w3id.org/diplograph/id/")


@pytest.fixture(scope="module")
def reference(corpus_build: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(corpus_build / "documents" / "reference.ttl", format="turtle")


def test_wikidata_links_are_owl_same_as(reference: rdflib.Graph, corpus_build: Path) -> None:
    assert (ID["person/vladimir-putin"], OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q7747")) in reference
    assert not list(reference.triples((None, SKOS.exactMatch, None)))
    document = (corpus_build / "documents" / "kremlin-en-65231.ttl").read_text(encoding="utf-8")
    assert "exactMatch" not in document


def test_the_wikidata_links_are_a_void_linkset(corpus_build: Path) -> None:
    void = rdflib.Graph().parse(corpus_build / "void.ttl", format="turtle")
    linkset = ID["dataset/linkset/wikidata"]
    assert (linkset, RDF.type, VOID.Linkset) in void
    assert (linkset, VOID.linkPredicate, OWL.sameAs) in void
    assert (ID["dataset"], VOID.subset, linkset) in void
    quads = (corpus_build / "diplograph.nq").read_text(encoding="utf-8").splitlines()
    links = [q for q in quads if q.split(" ", 2)[1] == "<http://www.w3.org/2002/07/owl#sameAs>"]
    assert int(void.value(linkset, VOID.triples)) == len(links) > 0


def test_resolution_sponsors_are_sponsors_not_parties(reference: rdflib.Graph) -> None:
    resolution = ID["instrument/a-res-73-266"]
    assert list(reference.objects(resolution, DG.sponsor)) == [ID["state/united-states"]]
    assert not list(reference.objects(resolution, DG.party))
    treaty = ID["instrument/new-start"]
    assert set(reference.objects(treaty, DG.party)) == {ID["state/russia"], ID["state/united-states"]}


def test_recorded_vote_and_adoption_without_a_vote(reference: rdflib.Graph) -> None:
    voted = ID["instrument/a-res-74-247"]
    counts = [reference.value(voted, p) for p in (DG.votesInFavour, DG.votesAgainst, DG.abstentions)]
    assert [int(c) for c in counts] == [79, 60, 33] and {c.datatype for c in counts} == {XSD.integer}
    assert reference.value(ID["instrument/a-res-53-70"], DG.adoptedWithoutVote) == rdflib.Literal(True)


def _instruments(tmp_path: Path, entry: str) -> Path:
    (tmp_path / "organisations.yaml").write_text("- {id: russia, type: state, label: {en: Russia}}\n", encoding="utf-8")
    (tmp_path / "instruments.yaml").write_text(entry, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("entry", "message"), [
    ("- {id: r, kind: un_resolution, label: {en: R}, parties: [russia]}\n", "sponsors"),
    ("- {id: r, kind: un_resolution, label: {en: R}, vote: {yes: 1, no: 2, abstain: 3}}\n", "in_favour"),
    ("- {id: r, kind: un_resolution, label: {en: R}, vote: adopted}\n", "without a vote"),
])
def test_a_resolution_with_parties_or_a_bad_vote_is_refused(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ReferenceDataError, match=message):
        load_reference(_instruments(tmp_path, entry))
