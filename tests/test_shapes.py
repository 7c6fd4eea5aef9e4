"""Tests of the SHACL shapes (shapes/diplograph.shacl.ttl) against docs/model.md.

A hand-written valid graph (tests/fixtures/valid_document.ttl) must conform; then each case applies one
targeted breakage to it and expects pyshacl (inference "none") to report a violation whose sh:sourceShape is
the expected node shape (or one of its property shapes). A final test checks that every node shape of the
shapes file is exercised by at least one breakage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

import pyshacl
import pytest
import rdflib
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from diplograph.validate import parse_each_query_once

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILE = ROOT / "shapes" / "diplograph.shacl.ttl"
FIXTURE_FILE = ROOT / "tests" / "fixtures" / "valid_document.ttl"
VOCAB_FILE = ROOT / "ontology" / "vocabularies.ttl"

DGSH = rdflib.Namespace("https://w3id.org/diplograph/shapes#")
BASE = "https://w3id.org/diplograph/id/"
DOC = BASE + "document/kremlin-en-65231"

PREFIXES = f"""
BASE <{BASE}>
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX time: <http://www.w3.org/2006/time#>
"""


# Speed: the pipeline's own memo of parsed SPARQL constraints, for the whole module.
@pytest.fixture(scope="module", autouse=True)
def _parse_each_query_once():
    with parse_each_query_once():
        yield


# --------------------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def base_graphs() -> dict[str, Graph]:
    return {
        "fixture": Graph().parse(FIXTURE_FILE, format="turtle"),
        "vocab": Graph().parse(VOCAB_FILE, format="turtle"),
    }


def validate(data: Graph, shapes: Graph, only: URIRef | None = None):
    """Validate as the pipeline does (inference none); `only` restricts validation to one node shape."""
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=False,
        use_shapes=[only] if only is not None else None,
    )
    return conforms, report, text


def copy(graph: Graph) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    return g


def node_shape_of(shapes: Graph, source_shape) -> URIRef | None:
    """The node shape a result's sh:sourceShape belongs to (itself, or the node shape of a property shape)."""
    if (source_shape, RDF.type, SH.NodeShape) in shapes:
        return source_shape
    for parent in shapes.subjects(SH.property, source_shape):
        return node_shape_of(shapes, parent) or parent
    return None


def violations(report: Graph, shapes: Graph) -> list[tuple[URIRef | None, object, str]]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        out.append((node_shape_of(shapes, source), report.value(result, SH.resultPath), str(report.value(result, SH.resultMessage))))
    return out


def update(text: str) -> Callable[[Graph], None]:
    def apply(g: Graph) -> None:
        g.update(PREFIXES + text)

    return apply


def rename(old: str, new: str) -> Callable[[Graph], None]:
    """Replace the IRI BASE+old by BASE+new wherever it occurs (subject or object)."""
    old_iri, new_iri = URIRef(BASE + old), URIRef(BASE + new)

    def apply(g: Graph) -> None:
        for s, p, o in list(g):
            if s == old_iri or o == old_iri:
                g.remove((s, p, o))
                g.add((new_iri if s == old_iri else s, p, new_iri if o == old_iri else o))

    return apply


def set_value(subject: str, predicate: str, value: str) -> Callable[[Graph], None]:
    """Replace all values of `predicate` on <subject> by the SPARQL term `value`."""
    return update(f"DELETE {{ <{subject}> {predicate} ?o }} INSERT {{ <{subject}> {predicate} {value} }} "
                  f"WHERE {{ OPTIONAL {{ <{subject}> {predicate} ?o }} }}")


def delete(subject: str, predicate: str, obj: str = "?o") -> Callable[[Graph], None]:
    return update(f"DELETE WHERE {{ <{subject}> {predicate} {obj} }}")


def insert(triples: str) -> Callable[[Graph], None]:
    return update(f"INSERT DATA {{ {triples} }}")


def chain(*steps: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def apply(g: Graph) -> None:
        for step in steps:
            step(g)

    return apply


class Case(NamedTuple):
    id: str
    shape: str  # local name of the expected node shape
    path: str | None  # expected sh:resultPath (prefixed name) or None for node-level / SPARQL results
    breakage: Callable[[Graph], None]
    base: str = "fixture"


D = "document/kremlin-en-65231"
EV = f"{D}/evidence"
T = "turn/1"
PUTIN, LAVROV = "person/vladimir-putin", "person/sergei-lavrov"
UN, SC, RUSSIA = "organisation/united-nations", "organisation/security-council-of-russia", "state/russia"
RES = "instrument/unga-resolution-53-70"
HOLD = f"{D}/holding/vladimir-putin"
PROG, PROP = f"{D}/programme/1", f"{D}/proposal/1-1"
EVENT, TURN = f"{D}/event", f"{D}/turn/1"
OFFICE = "office/president-of-russia"
TOPIC = "topic/national-security"
E1 = f"{EV}/187-200"  # mention of Sergei Lavrov
SCHEME = "document-type"

CASES: list[Case] = [
    # ---------------------------------------------------------------- Document
    Case("doc-missing-title", "DocumentShape", "dcterms:title", delete(D, "dcterms:title")),
    Case("doc-title-without-language", "DocumentShape", "dcterms:title", set_value(D, "dcterms:title", '"Security Council meeting"')),
    Case("doc-two-titles", "DocumentShape", "dcterms:title", insert(f'<{D}> dcterms:title "Заседание Совета Безопасности"@ru .')),
    Case("doc-language-fr", "DocumentShape", "dcterms:language", set_value(D, "dcterms:language", '"fr"^^xsd:language')),
    Case("doc-language-untyped", "DocumentShape", "dcterms:language", set_value(D, "dcterms:language", '"en"')),
    Case("doc-missing-language", "DocumentShape", "dcterms:language", delete(D, "dcterms:language")),
    Case("doc-date-as-string", "DocumentShape", "dcterms:date", set_value(D, "dcterms:date", '"2021-03-26"')),
    # A document whose source gives no date has none (issue 14); two dates are still wrong.
    Case("doc-two-dates", "DocumentShape", "dcterms:date", insert(f'<{D}> dcterms:date "2021-03-27"^^xsd:date .')),
    Case("doc-title-inferred-not-boolean", "DocumentShape", "dg:titleInferred",
         insert(f'<{D}> dg:titleInferred "yes" .')),
    Case("excerpt-not-a-document", "ExcerptShape", None, insert(f'<{EVENT}> a dg:Excerpt .')),
    Case("doc-issued-with-timezone", "DocumentShape", "dcterms:issued", set_value(D, "dcterms:issued", '"2021-03-26T18:20:00+03:00"^^xsd:dateTime')),
    Case("doc-modified-as-date", "DocumentShape", "dcterms:modified", set_value(D, "dcterms:modified", '"2021-03-27"^^xsd:date')),
    Case("doc-description-german", "DocumentShape", "dcterms:description", set_value(D, "dcterms:description", '"Sitzung"@de')),
    Case("doc-missing-document-type", "DocumentShape", "dg:documentType", delete(D, "dg:documentType")),
    Case("doc-unknown-document-type", "DocumentShape", "dg:documentType", chain(
        set_value(D, "dg:documentType", "<document-type/blog-post>"),
        insert('<document-type/blog-post> a skos:Concept ; skos:prefLabel "Blog post"@en .'))),
    Case("doc-document-type-not-a-concept", "DocumentShape", "dg:documentType", delete("document-type/transcript", "rdf:type")),
    Case("doc-url-literal", "DocumentShape", "schema:url", set_value(D, "schema:url", '"http://en.kremlin.ru/events/65231"')),
    Case("doc-direct-link-literal", "DocumentShape", "dg:directLink", set_value(D, "dg:directLink", '"en.kremlin.ru/d/65231"')),
    Case("doc-kremlin-id-integer", "DocumentShape", "dg:kremlinId", set_value(D, "dg:kremlinId", '"65231"^^xsd:integer')),
    Case("doc-subject-not-a-topic", "DocumentShape", "dcterms:subject", set_value(D, "dcterms:subject", "<section/news>")),
    Case("doc-section-not-a-concept", "DocumentShape", "dg:section", insert(f"<{D}> dg:section <{BASE}section/kremlin> .")),
    Case("doc-two-licenses", "DocumentShape", "dcterms:license", insert(f"<{D}> dcterms:license <https://creativecommons.org/licenses/by-sa/4.0/> .")),
    Case("doc-publisher-not-organisation", "DocumentShape", "dcterms:publisher", set_value(D, "dcterms:publisher", f"<{OFFICE}>")),
    Case("doc-place-untagged", "DocumentShape", "dg:placeName", set_value(D, "dg:placeName", '"Novo-Ogaryovo"')),
    Case("doc-photo-caption-untagged", "DocumentShape", "dg:photoCaption", set_value(D, "dg:photoCaption", '"At a meeting"')),
    Case("doc-see-also-untagged", "DocumentShape", "dg:seeAlso", set_value(D, "dg:seeAlso", '"Basic Principles"')),
    Case("doc-missing-reports", "DocumentShape", "dg:reports", delete(D, "dg:reports")),
    Case("doc-reports-not-an-event", "DocumentShape", "dg:reports", set_value(D, "dg:reports", f"<{PUTIN}>")),
    Case("doc-mention-of-a-concept", "DocumentShape", "dg:mentions", insert(f"<{D}> dg:mentions <{TOPIC}> .")),
    Case("doc-mention-without-evidence", "DocumentShape", None, insert(f"<{D}> dg:mentions <{OFFICE}> .")),
    Case("doc-creator-not-an-actor", "DocumentShape", "dcterms:creator", insert(f"<{D}> dcterms:creator <{OFFICE}> .")),
    Case("doc-missing-source-file", "DocumentShape", "dg:sourceFile", delete(D, "dg:sourceFile")),
    Case("doc-missing-checksum", "DocumentShape", "dg:checksum", delete(D, "dg:checksum")),
    Case("doc-bad-checksum", "DocumentShape", "dg:checksum", set_value(D, "dg:checksum", '"sha256:FF3588006147CFAF"')),
    Case("doc-checksum-md5", "DocumentShape", "dg:checksum", set_value(D, "dg:checksum", '"md5:0cc175b9c0f1b6a831c399e269772661"')),
    Case("doc-missing-normalised-text", "DocumentShape", "dg:normalisedText", delete(D, "dg:normalisedText")),
    Case("doc-normalised-text-tagged", "DocumentShape", "dg:normalisedText", update(
        f'DELETE {{ <{D}> dg:normalisedText ?t }} INSERT {{ <{D}> dg:normalisedText ?t2 }} '
        f'WHERE {{ <{D}> dg:normalisedText ?t BIND(STRLANG(STR(?t), "en") AS ?t2) }}')),
    Case("doc-bad-iri-language", "DocumentShape", None, rename(D, "document/kremlin-de-65231")),
    Case("doc-bad-iri-file-key", "DocumentShape", None, rename(D, "document/000_7955f8b4e9ebe254.txt")),
    # ---------------------------------------------------------------- Event
    Case("event-missing-label", "EventShape", "rdfs:label", delete(EVENT, "rdfs:label")),
    Case("event-label-untagged", "EventShape", "rdfs:label", set_value(EVENT, "rdfs:label", '"Security Council meeting"')),
    Case("event-two-dates", "EventShape", "dcterms:date", insert(f'<{EVENT}> dcterms:date "2021-03-27"^^xsd:date .')),
    Case("event-time-not-an-instant", "EventShape", "time:hasTime", delete(f"{EVENT}/time", "rdf:type")),
    Case("instant-date-as-string", "InstantShape", "time:inXSDDate", set_value(f"{EVENT}/time", "time:inXSDDate", '"2021-03-26"')),
    Case("instant-two-dates", "InstantShape", "time:inXSDDate", insert(f'<{EVENT}/time> time:inXSDDate "2021-03-27"^^xsd:date .')),
    Case("instant-outside-an-event", "InstantShape", None, insert(f'<{D}/time> a time:Instant ; time:inXSDDate "2021-03-26"^^xsd:date .')),
    Case("event-start-time-as-date", "EventShape", "dg:startTime", set_value(EVENT, "dg:startTime", '"2021-03-26"^^xsd:date')),
    Case("event-start-time-utc", "EventShape", "dg:startTime", set_value(EVENT, "dg:startTime", '"2021-03-26T15:20:00Z"^^xsd:dateTime')),
    Case("event-two-places", "EventShape", "dg:placeName", insert(f'<{EVENT}> dg:placeName "Ново-Огарёво"@ru .')),
    Case("event-unknown-format", "EventShape", "dg:format", chain(
        set_value(EVENT, "dg:format", "<format/carrier-pigeon>"),
        insert('<format/carrier-pigeon> a skos:Concept ; skos:prefLabel "Carrier pigeon"@en .'))),
    Case("event-chair-not-a-person", "EventShape", "dg:chair", set_value(EVENT, "dg:chair", f"<{UN}>")),
    Case("event-two-chairs", "EventShape", "dg:chair", insert(f"<{EVENT}> dg:chair <{LAVROV}> .")),
    Case("event-participant-not-an-actor", "EventShape", "dg:participant", insert(f"<{EVENT}> dg:participant <{OFFICE}> .")),
    Case("event-of-body-not-organisation", "EventShape", "dg:ofBody", set_value(EVENT, "dg:ofBody", f"<{PUTIN}>")),
    Case("event-bad-iri", "EventShape", None, rename(EVENT, f"{D}/meeting")),
    Case("event-iri-of-another-document", "EventShape", None, rename(EVENT, "document/kremlin-en-1/event")),
    Case("event-kind-without-event-type", "EventKindShape", "rdf:type", delete(EVENT, "rdf:type", "dg:Event")),
    # ---------------------------------------------------------------- Office holding
    Case("holding-missing-member", "OfficeHoldingShape", "org:member", delete(HOLD, "org:member")),
    Case("holding-member-not-a-person", "OfficeHoldingShape", "org:member", set_value(HOLD, "org:member", f"<{RUSSIA}>")),
    Case("holding-missing-office", "OfficeHoldingShape", "dg:office", delete(HOLD, "dg:office")),
    Case("holding-office-not-an-office", "OfficeHoldingShape", "dg:office", set_value(HOLD, "dg:office", f"<{SC}>")),
    Case("holding-two-organisations", "OfficeHoldingShape", "org:organization", insert(f"<{HOLD}> org:organization <{SC}> .")),
    Case("holding-office-as-written-untagged", "OfficeHoldingShape", "dg:officeAsWritten", set_value(HOLD, "dg:officeAsWritten", '"President of Russia"')),
    # A holding with no office as written must be an inferred one (the SPARQL constraint: no path).
    Case("holding-missing-office-as-written", "OfficeHoldingShape", None, delete(HOLD, "dg:officeAsWritten")),
    Case("holding-inferred-with-office-as-written", "OfficeHoldingShape", None,
         insert(f"<{HOLD}> a dg:InferredOfficeHolding .")),
    Case("holding-official-title-untagged", "OfficeHoldingShape", "dg:officialTitle", insert(f'<{HOLD}> dg:officialTitle "President of the Russian Federation" .')),
    Case("holding-two-attested-on", "OfficeHoldingShape", "dg:attestedOn",
         insert(f'<{HOLD}> dg:attestedOn "2021-03-27"^^xsd:date .')),
    Case("holding-attested-on-datetime", "OfficeHoldingShape", "dg:attestedOn", set_value(HOLD, "dg:attestedOn", '"2021-03-26T18:20:00"^^xsd:dateTime')),
    Case("holding-attested-in-not-a-document", "OfficeHoldingShape", "dg:attestedIn", set_value(HOLD, "dg:attestedIn", f"<{EVENT}>")),
    Case("holding-missing-evidence", "OfficeHoldingShape", "dg:evidence", delete(HOLD, "dg:evidence")),
    Case("holding-evidence-not-evidence", "OfficeHoldingShape", "dg:evidence", set_value(HOLD, "dg:evidence", f"<{TURN}>")),
    Case("holding-bad-iri", "OfficeHoldingShape", None, rename(HOLD, f"{D}/holding/Vladimir_Putin")),
    Case("holding-iri-of-another-document", "OfficeHoldingShape", None, rename(HOLD, "document/kremlin-en-1/holding/vladimir-putin")),
    # ---------------------------------------------------------------- Office
    Case("office-missing-label", "OfficeShape", "skos:prefLabel", delete(OFFICE, "skos:prefLabel")),
    Case("office-two-english-labels", "OfficeShape", "skos:prefLabel", insert(f'<{OFFICE}> skos:prefLabel "President of the Russian Federation"@en .')),
    Case("office-label-german", "OfficeShape", "skos:prefLabel", insert(f'<{OFFICE}> skos:prefLabel "Präsident Russlands"@de .')),
    Case("office-post-in-person", "OfficeShape", "org:postIn", set_value(OFFICE, "org:postIn", f"<{PUTIN}>")),
    Case("office-bad-wikidata", "OfficeShape", "skos:exactMatch", insert(f"<{OFFICE}> skos:exactMatch <https://www.wikidata.org/wiki/Q218295> .")),
    Case("office-bad-iri", "OfficeShape", None, rename(OFFICE, "office/President_of_Russia")),
    # ---------------------------------------------------------------- Actors
    Case("actor-missing-label", "ActorShape", "skos:prefLabel", delete(LAVROV, "skos:prefLabel")),
    Case("actor-two-russian-labels", "ActorShape", "skos:prefLabel", insert(f'<{UN}> skos:prefLabel "ООН"@ru .')),
    Case("actor-label-untagged", "ActorShape", "skos:prefLabel", insert(f'<{RUSSIA}> skos:prefLabel "Russia" .')),
    Case("actor-alt-label-untagged", "ActorShape", "skos:altLabel", insert(f'<{PUTIN}> skos:altLabel "V. Putin" .')),
    Case("actor-acronym-untagged", "ActorShape", "dg:acronym", insert(f'<{UN}> dg:acronym "UNO" .')),
    Case("actor-wikidata-page-url", "ActorShape", "skos:exactMatch", set_value(PUTIN, "skos:exactMatch", "<https://www.wikidata.org/wiki/Q7747>")),
    Case("actor-wikidata-literal", "ActorShape", "skos:exactMatch", set_value(PUTIN, "skos:exactMatch", '"Q7747"')),
    Case("actor-bad-iri", "ActorShape", None, rename(UN, "org/united-nations")),
    Case("person-without-actor-type", "PersonShape", "rdf:type", delete(LAVROV, "rdf:type", "dg:Actor")),
    Case("person-under-organisation-path", "PersonShape", None, rename(PUTIN, "organisation/vladimir-putin")),
    Case("person-holds-not-an-office", "PersonShape", "org:holds", insert(f"<{PUTIN}> org:holds <{RUSSIA}> .")),
    Case("organisation-without-actor-type", "OrganisationShape", "rdf:type", delete(UN, "rdf:type", "dg:Actor")),
    Case("organisation-under-person-path", "OrganisationShape", None, rename(UN, "person/united-nations")),
    Case("state-without-organisation-type", "StateShape", "rdf:type", delete(RUSSIA, "rdf:type", "dg:Organisation")),
    Case("state-without-actor-type", "StateShape", "rdf:type", delete(RUSSIA, "rdf:type", "dg:Actor")),
    Case("state-under-organisation-path", "StateShape", None, rename(RUSSIA, "organisation/russia")),
    # ---------------------------------------------------------------- Speech turn
    Case("turn-number-zero", "SpeechTurnShape", "dg:turnNumber", set_value(TURN, "dg:turnNumber", '"0"^^xsd:positiveInteger')),
    Case("turn-number-integer", "SpeechTurnShape", "dg:turnNumber", set_value(TURN, "dg:turnNumber", '"1"^^xsd:integer')),
    Case("turn-missing-number", "SpeechTurnShape", "dg:turnNumber", delete(TURN, "dg:turnNumber")),
    Case("turn-number-mismatch", "SpeechTurnShape", None, set_value(TURN, "dg:turnNumber", '"2"^^xsd:positiveInteger')),
    Case("turn-speaker-not-a-person", "SpeechTurnShape", "dg:speaker", set_value(TURN, "dg:speaker", f"<{RUSSIA}>")),
    Case("turn-role-untagged", "SpeechTurnShape", "dg:roleAsPrinted", set_value(TURN, "dg:roleAsPrinted", '"President of Russia"')),
    Case("turn-missing-text", "SpeechTurnShape", "dg:text", delete(TURN, "dg:text")),
    Case("turn-text-untagged", "SpeechTurnShape", "dg:text", update(
        f'DELETE {{ <{TURN}> dg:text ?t }} INSERT {{ <{TURN}> dg:text ?t2 }} WHERE {{ <{TURN}> dg:text ?t BIND(STR(?t) AS ?t2) }}')),
    Case("turn-missing-document", "SpeechTurnShape", "dcterms:isPartOf", delete(TURN, "dcterms:isPartOf")),
    Case("turn-two-evidences", "SpeechTurnShape", "dg:evidence", insert(f"<{TURN}> dg:evidence <{E1}> .")),
    Case("turn-missing-evidence", "SpeechTurnShape", "dg:evidence", delete(TURN, "dg:evidence")),
    Case("turn-bad-iri", "SpeechTurnShape", None, rename(TURN, f"{D}/turn/one")),
    # ---------------------------------------------------------------- Initiatives
    Case("initiative-missing-proposed-in", "InitiativeShape", "dg:proposedIn", delete(PROP, "dg:proposedIn")),
    Case("initiative-proposed-in-not-a-document", "InitiativeShape", "dg:proposedIn", set_value(PROG, "dg:proposedIn", f"<{EVENT}>")),
    Case("initiative-missing-evidence", "InitiativeShape", "dg:evidence", delete(PROG, "dg:evidence")),
    Case("initiative-addressee-not-an-actor", "InitiativeShape", "dg:addressee", insert(f"<{PROP}> dg:addressee <{OFFICE}> .")),
    Case("initiative-proposer-not-an-actor", "InitiativeShape", "dg:proposer", set_value(PROG, "dg:proposer", f"<{OFFICE}>")),
    Case("initiative-iri-of-another-document", "InitiativeShape", None, rename(PROG, "document/kremlin-en-1/programme/1")),
    Case("programme-missing-label", "ProgrammeShape", "rdfs:label", delete(PROG, "rdfs:label")),
    Case("programme-label-untagged", "ProgrammeShape", "rdfs:label", set_value(PROG, "rdfs:label", '"Priorities"')),
    Case("programme-without-initiative-type", "ProgrammeShape", "rdf:type", delete(PROG, "rdf:type", "dg:Initiative")),
    Case("programme-proposer-literal", "ProgrammeShape", "dg:proposer", insert(f'<{PROG}> dg:proposer "Vladimir Putin"@en .')),
    Case("programme-bad-iri", "ProgrammeShape", None, rename(PROG, f"{D}/programme/first")),
    Case("proposal-missing-proposer", "ProposalShape", "dg:proposer", delete(PROP, "dg:proposer")),
    Case("proposal-ordinal-zero", "ProposalShape", "dg:ordinal", set_value(PROP, "dg:ordinal", '"0"^^xsd:positiveInteger')),
    Case("proposal-ordinal-string", "ProposalShape", "dg:ordinal", set_value(PROP, "dg:ordinal", '"first"')),
    Case("proposal-ordinal-mismatch", "ProposalShape", None, set_value(PROP, "dg:ordinal", '"2"^^xsd:positiveInteger')),
    Case("proposal-unnumbered-with-numbered-iri", "ProposalShape", None, delete(PROP, "dg:ordinal")),
    Case("proposal-missing-text", "ProposalShape", "dg:text", delete(PROP, "dg:text")),
    Case("proposal-text-russian-untagged", "ProposalShape", "dg:text", set_value(PROP, "dg:text", '"Во-первых"')),
    Case("proposal-precedent-not-an-instrument", "ProposalShape", "dg:precedent", set_value(PROP, "dg:precedent", f"<{UN}>")),
    Case("proposal-part-of-not-a-programme", "ProposalShape", "dg:partOfProgramme", set_value(PROP, "dg:partOfProgramme", f"<{TURN}>")),
    Case("proposal-without-initiative-type", "ProposalShape", "rdf:type", delete(PROP, "rdf:type", "dg:Initiative")),
    Case("proposal-bad-iri", "ProposalShape", None, rename(PROP, f"{D}/proposal/x1")),
    Case("proposal-numbered-iri-without-programme", "ProposalShape", None, rename(PROP, f"{D}/proposal/1")),
    Case("proposal-iri-names-another-programme", "ProposalShape", None, rename(PROP, f"{D}/proposal/2-1")),
    # ---------------------------------------------------------------- Instruments
    Case("instrument-missing-label", "InstrumentShape", "skos:prefLabel", delete(RES, "skos:prefLabel")),
    Case("instrument-two-english-labels", "InstrumentShape", "skos:prefLabel", insert(f'<{RES}> skos:prefLabel "Resolution 53/70"@en .')),
    Case("instrument-alt-label-untagged", "InstrumentShape", "skos:altLabel", insert(f'<{RES}> skos:altLabel "53/70" .')),
    Case("instrument-un-symbol-without-res", "InstrumentShape", "dg:unSymbol", set_value(RES, "dg:unSymbol", '"A/53/70"')),
    Case("instrument-un-symbol-incomplete", "InstrumentShape", "dg:unSymbol", set_value(RES, "dg:unSymbol", '"A/RES/53"')),
    Case("instrument-un-symbol-tagged", "InstrumentShape", "dg:unSymbol", set_value(RES, "dg:unSymbol", '"A/RES/53/70"@en')),
    Case("instrument-two-un-symbols", "InstrumentShape", "dg:unSymbol", insert(f'<{RES}> dg:unSymbol "A/RES/54/49" .')),
    Case("instrument-year-integer", "InstrumentShape", "dg:year", set_value(RES, "dg:year", '"1998"^^xsd:integer')),
    Case("instrument-adopted-on-string", "InstrumentShape", "dg:adoptedOn", set_value(RES, "dg:adoptedOn", '"4 December 1998"')),
    Case("instrument-identifier-tagged", "InstrumentShape", "dcterms:identifier", insert(f'<{RES}> dcterms:identifier "A/RES/53/70"@en .')),
    Case("instrument-bad-wikidata", "InstrumentShape", "skos:exactMatch", insert(f"<{RES}> skos:exactMatch <http://www.wikidata.org/entity/P31> .")),
    Case("instrument-replaces-not-an-instrument", "InstrumentShape", "dg:replaces", insert(f"<{RES}> dg:replaces <{UN}> .")),
    Case("instrument-established-by-not-an-instrument", "InstrumentShape", "dg:establishedBy", insert(f"<{RES}> dg:establishedBy <{D}> .")),
    Case("instrument-party-not-an-actor", "InstrumentShape", "dg:party", insert(f"<{RES}> dg:party <{OFFICE}> .")),
    Case("instrument-minted-but-not-proposed", "InstrumentShape", None, rename(RES, f"{D}/instrument/unga-resolution-53-70")),
    Case("instrument-bad-iri", "InstrumentShape", None, rename(RES, "instrument/A-RES-53-70")),
    Case("instrument-kind-without-instrument-type", "InstrumentKindShape", "rdf:type", delete(RES, "rdf:type", "dg:Instrument")),
    # ---------------------------------------------------------------- Evidence
    Case("evidence-quote-does-not-match-offsets", "EvidenceShape", None, set_value(f"{E1}/quote", "oa:exact", '"Sergey Lavrov"')),
    Case("evidence-offsets-shifted", "EvidenceShape", None, chain(
        set_value(f"{E1}/position", "oa:start", '"188"^^xsd:nonNegativeInteger'),
        set_value(f"{E1}/position", "oa:end", '"201"^^xsd:nonNegativeInteger'))),
    Case("evidence-start-after-end", "EvidenceShape", None, chain(
        set_value(f"{E1}/position", "oa:start", '"200"^^xsd:nonNegativeInteger'),
        set_value(f"{E1}/position", "oa:end", '"187"^^xsd:nonNegativeInteger'))),
    Case("evidence-end-beyond-text", "EvidenceShape", None, set_value(f"{EV}/419-503/position", "oa:end", '"600"^^xsd:nonNegativeInteger')),
    Case("evidence-iri-offsets-mismatch", "EvidenceShape", None, chain(
        rename(E1, f"{EV}/187-201"))),
    Case("evidence-missing-motivation", "EvidenceShape", "oa:motivatedBy", delete(E1, "oa:motivatedBy")),
    Case("evidence-unknown-motivation", "EvidenceShape", "oa:motivatedBy", set_value(E1, "oa:motivatedBy", "oa:commenting")),
    Case("evidence-missing-body", "EvidenceShape", "oa:hasBody", delete(E1, "oa:hasBody")),
    Case("evidence-literal-body", "EvidenceShape", "oa:hasBody", set_value(E1, "oa:hasBody", '"Sergei Lavrov"')),
    Case("evidence-without-annotation-type", "EvidenceShape", "rdf:type", delete(E1, "rdf:type", "oa:Annotation")),
    Case("evidence-missing-target", "EvidenceShape", "oa:hasTarget", delete(E1, "oa:hasTarget")),
    Case("evidence-fact-not-a-body", "EvidenceShape", None, insert(f"<{D}/holding/sergei-lavrov> dg:evidence <{EV}/202-236> .")),
    Case("evidence-bad-iri", "EvidenceShape", None, rename(E1, f"{D}/annotation/187-200")),
    Case("target-missing-source", "EvidenceTargetShape", "oa:hasSource", delete(f"{E1}/target", "oa:hasSource")),
    Case("target-source-not-a-document", "EvidenceTargetShape", "oa:hasSource", set_value(f"{E1}/target", "oa:hasSource", f"<{EVENT}>")),
    Case("target-missing-position-selector", "EvidenceTargetShape", "oa:hasSelector", delete(f"{E1}/target", "oa:hasSelector", f"<{E1}/position>")),
    Case("target-two-quote-selectors", "EvidenceTargetShape", "oa:hasSelector", insert(f"<{E1}/target> oa:hasSelector <{EV}/170-200/quote> .")),
    Case("target-bad-iri", "EvidenceTargetShape", None, rename(f"{E1}/target", f"{E1}/the-target")),
    Case("quote-missing-exact", "TextQuoteSelectorShape", "oa:exact", delete(f"{E1}/quote", "oa:exact")),
    Case("quote-exact-tagged", "TextQuoteSelectorShape", "oa:exact", set_value(f"{E1}/quote", "oa:exact", '"Sergei Lavrov"@en')),
    Case("quote-exact-empty", "TextQuoteSelectorShape", "oa:exact", set_value(f"{E1}/quote", "oa:exact", '""')),
    Case("quote-bad-iri", "TextQuoteSelectorShape", None, rename(f"{E1}/quote", f"{E1}/text")),
    Case("position-start-integer", "TextPositionSelectorShape", "oa:start", set_value(f"{E1}/position", "oa:start", '"187"^^xsd:integer')),
    Case("position-start-negative", "TextPositionSelectorShape", "oa:start", set_value(f"{E1}/position", "oa:start", '"-1"^^xsd:nonNegativeInteger')),
    Case("position-missing-end", "TextPositionSelectorShape", "oa:end", delete(f"{E1}/position", "oa:end")),
    Case("position-start-not-before-end", "TextPositionSelectorShape", "oa:start", set_value(f"{E1}/position", "oa:end", '"187"^^xsd:nonNegativeInteger')),
    Case("position-bad-iri", "TextPositionSelectorShape", None, rename(f"{E1}/position", f"{E1}/pos")),
    # ---------------------------------------------------------------- SKOS concepts and schemes
    Case("concept-missing-label", "ConceptShape", "skos:prefLabel", delete(TOPIC, "skos:prefLabel")),
    Case("concept-two-english-labels", "ConceptShape", "skos:prefLabel", insert(f'<{TOPIC}> skos:prefLabel "Security"@en .')),
    Case("concept-notation-integer", "ConceptShape", "skos:notation", set_value(TOPIC, "skos:notation", '"7"^^xsd:integer')),
    Case("concept-two-notations", "ConceptShape", "skos:notation", insert(f'<{TOPIC}> skos:notation "security" .')),
    Case("concept-scheme-literal", "ConceptShape", "skos:inScheme", set_value(TOPIC, "skos:inScheme", '"topics"')),
    Case("concept-bad-iri", "ConceptShape", None, rename(TOPIC, "topics/national-security")),
    Case("vocab-concept-two-russian-labels", "ConceptShape", "skos:prefLabel",
         insert('<document-type/speech> skos:prefLabel "Речь"@ru .'), "vocab"),
    Case("vocab-scheme-missing-label", "ConceptSchemeShape", "skos:prefLabel", delete(SCHEME, "skos:prefLabel"), "vocab"),
    Case("vocab-scheme-label-untagged", "ConceptSchemeShape", "skos:prefLabel", insert(f'<{SCHEME}> skos:prefLabel "types" .'), "vocab"),
    Case("vocab-scheme-top-concept-not-a-concept", "ConceptSchemeShape", "skos:hasTopConcept",
         insert(f"<{SCHEME}> skos:hasTopConcept <document-type/blog> ."), "vocab"),
    Case("vocab-scheme-bad-iri", "ConceptSchemeShape", None, rename("format", "formats/"), "vocab"),
]


def expand(shapes: Graph, curie: str) -> URIRef:
    return shapes.namespace_manager.expand_curie(curie)


# --------------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------------
def test_valid_fixture_conforms(shapes, base_graphs):
    conforms, _, text = validate(copy(base_graphs["fixture"]), shapes)
    assert conforms, text


def test_shapes_graph_is_valid_shacl(shapes, base_graphs):
    """pyshacl's meta-validation of the shapes graph against the SHACL-for-SHACL shapes."""
    conforms, _, text = pyshacl.validate(copy(base_graphs["fixture"]), shacl_graph=shapes, inference="none", meta_shacl=True)
    assert conforms, text


def test_vocabularies_conform(shapes, base_graphs):
    conforms, _, text = validate(copy(base_graphs["vocab"]), shapes)
    assert conforms, text


def test_fixture_offsets_are_correct(base_graphs):
    """Independent of SHACL: every quote in the fixture equals text[start:end] (Python, 0-based)."""
    g = base_graphs["fixture"]
    rows = list(g.query(PREFIXES + """
        SELECT ?exact ?start ?end ?text WHERE {
            ?ev a dg:Evidence ; oa:hasTarget ?t . ?t oa:hasSource ?d ; oa:hasSelector ?q , ?p .
            ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end . ?d dg:normalisedText ?text }"""))
    assert len(rows) == 10
    for exact, start, end, text in rows:
        assert str(text)[int(start):int(end)] == str(exact)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_breakage_is_reported(case: Case, shapes, base_graphs):
    data = copy(base_graphs[case.base])
    before = len(data)
    case.breakage(data)
    assert set(data) != set(base_graphs[case.base]) or len(data) != before, "the breakage changed nothing"
    expected = DGSH[case.shape]
    # Only the expected shape is run (fast); the unbroken fixture conforms to every shape (tested above).
    conforms, report, text = validate(data, shapes, only=expected)
    assert not conforms, f"{case.id}: expected a violation of {case.shape}"
    found = violations(report, shapes)
    hits = [v for v in found if v[0] == expected]
    assert hits, f"{case.id}: no result from {case.shape}; got {[(str(s), str(p)) for s, p, _ in found]}"
    if case.path is not None:
        path = expand(shapes, case.path)
        assert any(p == path for _, p, _ in hits), (
            f"{case.id}: {case.shape} reported, but not on path {case.path}: {[str(p) for _, p, _ in hits]}")
    assert all(m and m != "None" for _, _, m in found), "every result carries a message"


def test_every_node_shape_is_exercised(shapes):
    node_shapes = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    exercised = {DGSH[c.shape] for c in CASES}
    assert exercised <= node_shapes, f"cases name unknown shapes: {sorted(exercised - node_shapes)}"
    missing = sorted(str(s) for s in node_shapes - exercised)
    assert not missing, f"node shapes without any breakage test: {missing}"


def test_every_property_shape_of_a_required_property_is_exercised(shapes):
    """Each property shape with sh:minCount must be broken by at least one case on its node shape and path."""
    covered = {(DGSH[c.shape], expand(shapes, c.path)) for c in CASES if c.path}
    missing = []
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node, SH.property):
            if (prop, SH.minCount, None) in shapes:
                path = shapes.value(prop, SH.path)
                if (node, path) not in covered:
                    missing.append(f"{node} {path}")
    assert not missing, f"required properties without a breakage test: {missing}"


def test_every_shape_has_an_english_message(shapes):
    shapes_to_check = set(shapes.subjects(RDF.type, SH.NodeShape))
    for node in list(shapes_to_check):
        shapes_to_check |= set(shapes.objects(node, SH.property))
        shapes_to_check |= set(shapes.objects(node, SH.sparql))
    missing = []
    for shape in shapes_to_check:
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal) and m.language == "en"]
        if not messages:
            missing.append(shapes.value(shape, SH.path) or shape)
    assert not missing, f"shapes without an English sh:message: {missing}"


def test_every_node_shape_targets_a_class(shapes):
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        if isinstance(node, URIRef):
            assert (node, SH.targetClass, None) in shapes, f"{node} has no sh:targetClass"


def test_iri_patterns_accept_another_base(shapes, base_graphs):
    """The resource base is configurable: the same graph under another base ending in /id/ still conforms."""
    other = "http://localhost:8080/kg/id/"
    data = Graph()
    for triple in base_graphs["fixture"]:
        data.add(tuple(URIRef(str(t).replace(BASE, other)) if isinstance(t, URIRef) else t for t in triple))
    conforms, _, text = validate(data, shapes)
    assert conforms, text


def test_unnumbered_proposal_is_valid(shapes, base_graphs):
    """An unnumbered proposal ({doc}/proposal/u1, no dg:ordinal) is accepted."""
    data = copy(base_graphs["fixture"])
    delete(PROP, "dg:ordinal")(data)
    rename(PROP, f"{D}/proposal/u1")(data)
    conforms, _, text = validate(data, shapes)
    assert conforms, text


def test_joint_proposal_with_two_proposers_is_valid(shapes, base_graphs):
    """model.md: a proposal has 1..* proposers (two states for a joint statement); a programme 0..*."""
    data = copy(base_graphs["fixture"])
    insert(f"<{PROP}> dg:proposer <{RUSSIA}> . <{PROG}> dg:proposer <{RUSSIA}> .")(data)
    conforms, _, text = validate(data, shapes)
    assert conforms, text


def test_minted_proposed_instrument_is_valid(shapes, base_graphs):
    """A proposed instrument minted under its document is accepted (and may be a proposal's precedent)."""
    data = copy(base_graphs["fixture"])
    insert(f"""<{D}/instrument/convention-on-countering-cybercrime> a dg:ProposedInstrument , dg:Instrument ;
                  skos:prefLabel "UN convention on countering the use of ICTs for criminal purposes"@en .""")(data)
    conforms, _, text = validate(data, shapes)
    assert conforms, text


def test_anonymous_question_turn_and_russian_document_are_valid(shapes, base_graphs):
    """A turn without dg:speaker (unnamed questioner) and Russian-tagged literals are accepted."""
    data = copy(base_graphs["fixture"])
    delete(TURN, "dg:speaker")(data)
    set_value(TURN, "dg:roleAsPrinted", '"Вопрос"@ru')(data)
    set_value(EVENT, "rdfs:label", '"Заседание Совета Безопасности"@ru')(data)
    conforms, _, text = validate(data, shapes)
    assert conforms, text

