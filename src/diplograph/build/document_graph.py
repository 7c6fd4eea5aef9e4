"""One document's facts as one RDF graph (the document's named graph)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from .. import paths
from ..extract.facts import DocumentFacts, Ref
from ..link.linker import Linker
from ..read.source import Span
from .entities import describe
from .iris import DG, Minter, slugify
from .vocab import OA, SCHEMA

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Builder:
    def __init__(self, facts: DocumentFacts, minter: Minter, linker: Linker | None) -> None:
        self.linker = linker
        self.facts = facts
        self.doc = facts.source
        self.minter = minter
        self.key = self.doc.key
        self.g = Graph()
        self.node = minter.document(self.key)
        self.lang = self.doc.language

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def ref(self, ref: Ref) -> URIRef:
        return describe(self.g, self.minter, ref)

    def evidence(self, span: Span, body: URIRef, motivation: URIRef = OA.identifying) -> URIRef:
        base = self.minter.in_document(self.key, "evidence", f"{span.start}-{span.end}")
        target, quote, position = (URIRef(f"{base}/{part}") for part in ("target", "quote", "position"))
        self.add(base, RDF.type, DG.Evidence)
        self.add(base, RDF.type, OA.Annotation)
        self.add(base, OA.motivatedBy, motivation)
        self.add(base, OA.hasBody, body)
        self.add(base, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.node)
        self.add(target, OA.hasSelector, quote)
        self.add(target, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(span.of(self.doc.text)))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        return base

    def build(self) -> Graph:
        self.document()
        self.event()
        self.mentions()
        self.holdings()
        self.turns()
        self.proposals()
        return self.g

    def document(self) -> None:
        d, n = self.doc, self.node
        self.add(n, RDF.type, DG.Document)
        self.add(n, DCTERMS.title, self.text(d.span_text(d.title)))
        self.add(n, DCTERMS.language, Literal(d.language, datatype=XSD.language))
        self.add(n, DCTERMS.date, Literal(d.date.isoformat(), datatype=XSD.date))
        if d.time is not None:
            self.add(n, DCTERMS.issued, _datetime(d.date, d.time))
        if d.last_updated is not None:
            self.add(n, DCTERMS.modified, Literal(d.last_updated.isoformat(), datatype=XSD.dateTime))
        if d.lead is not None:
            self.add(n, DCTERMS.description, self.text(d.span_text(d.lead)))
        self.add(n, DG.documentType, self.concept("document-type", self.facts.document_type))
        if d.url:
            self.add(n, SCHEMA.url, URIRef(d.url))
        if d.direct_link:
            self.add(n, DG.directLink, URIRef(d.direct_link))
        if d.kremlin_id:
            self.add(n, DG.kremlinId, Literal(d.kremlin_id))
        for topic in d.topics:
            self.add(n, DCTERMS.subject, self.concept("topic", topic, topic))
        for section in d.sections:
            self.add(n, DG.section, self.concept("section", section, section))
        if d.licence:
            self.add(n, DCTERMS.license, URIRef(d.licence))
        if d.publisher:
            org = self.minter.entity("organisation", slugify(d.publisher))
            self.add(n, DCTERMS.publisher, org)
            for cls in (DG.Organisation, DG.Actor):
                self.add(org, RDF.type, cls)
            self.add(org, SKOS.prefLabel, Literal(d.publisher, lang="en"))
        if d.place is not None:
            self.add(n, DG.placeName, self.text(d.span_text(d.place)))
        for caption in d.captions:
            self.add(n, DG.photoCaption, self.text(d.span_text(caption)))
        for title in d.see_also:
            self.add(n, DG.seeAlso, self.text(title))
        for creator in self.facts.creators:
            self.add(n, DCTERMS.creator, self.ref(creator))
        self.add(n, DG.sourceFile, Literal(d.file_name))
        self.add(n, DG.checksum, Literal(d.checksum))
        self.add(n, DG.normalisedText, Literal(d.text))

    def concept(self, scheme: str, notation: str, label: str | None = None) -> URIRef:
        node = self.minter.concept(scheme, notation)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.notation, Literal(slugify(notation)))
        self.add(node, SKOS.inScheme, self.minter.id[scheme])
        if label is not None:
            self.add(node, SKOS.prefLabel, self.text(label))
        for lit in vocabularies().objects(node, SKOS.prefLabel):
            self.add(node, SKOS.prefLabel, lit)
        return node

    def event(self) -> None:
        e = self.facts.event
        node = self.minter.in_document(self.key, "event")
        self.add(self.node, DG.reports, node)
        for cls in (DG[e.kind], DG.Event):
            self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, self.text(e.label))
        self.add(node, DCTERMS.date, Literal(e.date.isoformat(), datatype=XSD.date))
        instant = self.minter.in_document(self.key, "event", "time")  # OWL-Time: the day the event took place
        self.add(node, TIME.hasTime, instant)
        self.add(instant, RDF.type, TIME.Instant)
        self.add(instant, TIME.inXSDDate, Literal(e.date.isoformat(), datatype=XSD.date))
        if e.time is not None:
            self.add(node, DG.startTime, _datetime(e.date, e.time))
        if e.place:
            self.add(node, DG.placeName, self.text(e.place))
        if e.format:
            self.add(node, DG["format"], self.concept("format", e.format))
        if e.chair:
            self.add(node, DG.chair, self.ref(e.chair))
        if e.of_body:
            self.add(node, DG.ofBody, self.ref(e.of_body))
        for person in e.participants:
            self.add(node, DG.participant, self.ref(person))

    def mentions(self) -> None:
        for m in self.facts.mentions:
            entity = self.ref(m.ref)
            self.add(self.node, DG.mentions, entity)
            self.evidence(m.span, entity)

    def holdings(self) -> None:
        for p in self.facts.participants:
            if p.office is None or p.office_written is None:
                continue
            person = self.ref(p.person)
            office = self.ref(p.office)
            holding = self.minter.in_document(self.key, "holding", p.person.slug)
            self.add(holding, RDF.type, DG.OfficeHolding)
            self.add(holding, ORG.member, person)
            self.add(holding, DG.office, office)
            self.add(person, ORG.holds, office)
            self.add(holding, DG.officeAsWritten, self.text(p.office_written))
            if p.official_title:
                self.add(holding, DG.officialTitle, self.text(p.official_title))
            self.add(holding, DG.attestedOn, Literal(self.doc.date.isoformat(), datatype=XSD.date))
            self.add(holding, DG.attestedIn, self.node)
            self.add(holding, PROV.wasDerivedFrom, self.node)
            self.add(holding, DG.evidence, self.evidence(p.span, holding, OA.describing))
            org = self.facts_org(p.office)
            if org is not None:
                self.add(holding, ORG.organization, org)
                self.add(office, ORG.postIn, org)

    def facts_org(self, office: Ref) -> URIRef | None:
        org = self.linker.office_organisation(office) if self.linker is not None else None
        return self.ref(org) if org else None

    def turns(self) -> None:
        for t in self.facts.turns:
            node = self.minter.in_document(self.key, "turn", t.number)
            self.add(node, RDF.type, DG.SpeechTurn)
            self.add(node, DG.turnNumber, Literal(t.number, datatype=XSD.positiveInteger))
            self.add(node, DCTERMS.isPartOf, self.node)
            self.add(node, DG.text, self.text(t.span.of(self.doc.text)))
            if t.speaker is not None:
                self.add(node, DG.speaker, self.ref(t.speaker))
            if t.role:
                self.add(node, DG.roleAsPrinted, self.text(t.role))
            self.add(node, DG.evidence, self.evidence(t.span, node, OA.describing))

    def proposals(self) -> None:
        programmes: dict[int, URIRef] = {}
        for p in self.facts.programmes:
            node = self.minter.in_document(self.key, "programme", p.number)
            programmes[p.number] = node
            for cls in (DG.Programme, DG.Initiative):
                self.add(node, RDF.type, cls)
            self.add(node, RDFS.label, self.text(p.label))
            self.add(node, DG.year, Literal(f"{self.doc.date.year:04d}", datatype=XSD.gYear))
            self.add(node, DG.proposedIn, self.node)
            for who in p.proposers:
                self.add(node, DG.proposer, self.ref(who))
            for who in p.addressees:
                self.add(node, DG.addressee, self.ref(who))
            self.add(node, DG.evidence, self.evidence(p.span, node, OA.describing))
        unnumbered = 0
        for p in self.facts.proposals:
            if p.ordinal is None:
                unnumbered += 1
            local = f"{p.programme}-{p.ordinal}" if p.ordinal is not None else f"u{unnumbered}"
            node = self.minter.in_document(self.key, "proposal", local)
            for cls in (DG.Proposal, DG.Initiative):
                self.add(node, RDF.type, cls)
            if p.ordinal is not None:
                self.add(node, DG.ordinal, Literal(p.ordinal, datatype=XSD.positiveInteger))
            self.add(node, DG.text, self.text(p.span.of(self.doc.text)))
            self.add(node, DG.proposedIn, self.node)
            for who in p.proposers:
                self.add(node, DG.proposer, self.ref(who))
            for who in p.addressees:
                self.add(node, DG.addressee, self.ref(who))
            for instrument in p.precedents:
                self.add(node, DG.precedent, self.ref(instrument))
            if p.programme is not None:
                self.add(node, DG.partOfProgramme, programmes[p.programme])
            self.add(node, DG.evidence, self.evidence(p.span, node, OA.describing))


@cache
def vocabularies() -> Graph:
    """The SKOS schemes of document types and event formats (ontology/vocabularies.ttl)."""
    g = Graph()
    path = paths.ONTOLOGY / "vocabularies.ttl"
    if path.exists():
        g.parse(path, format="turtle")
    return g


def _datetime(day: dt.date, time: dt.time) -> Literal:
    return Literal(dt.datetime.combine(day, time).isoformat(), datatype=XSD.dateTime)


def build_document_graph(facts: DocumentFacts, minter: Minter, linker: Linker | None = None) -> Graph:
    """The document's named graph; with a linker, holdings also name their office's organisation."""
    return _Builder(facts, minter, linker).build()
