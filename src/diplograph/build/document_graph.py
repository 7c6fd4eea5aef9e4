"""One document's facts as one RDF graph (the document's named graph).

The graph is a set of light triples (build/terms.py): plain strings for IRIs, `Lit` tuples for literals. IRIs
minted inside the document are its own IRI and a path (what `Minter.in_document` makes), joined here as strings.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from rdflib import Graph

from .. import paths
from ..extract.claims import find_claims
from ..extract.facts import DocumentFacts, Ref
from ..link.linker import Linker
from ..read.source import Span
from .entities import describe
from .iris import DEFAULT_BASE, Minter, slugify
from .terms import (
    DCTERMS,
    DG,
    OA,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SHARED_TERMS,
    SKOS,
    TIME,
    XSD,
    Lit,
    Term,
    Triple,
    from_rdflib,
    to_rdflib,
)

LANGUAGES = "http://id.loc.gov/vocabulary/iso639-1/"  # the Library of Congress's ISO 639-1 language IRIs
CONTEXT = 32  # characters of oa:prefix and oa:suffix around an ambiguous quote


class _Builder:
    def __init__(self, facts: DocumentFacts, minter: Minter, linker: Linker | None) -> None:
        self.linker = linker
        self.facts = facts
        self.doc = facts.source
        self.minter = minter
        self.key = self.doc.key
        self.triples: set[Triple] = set()
        self.node = str(minter.document(self.key))
        self.local = str(minter.in_document(self.key, ""))  # the document's IRI and '/'
        self.lang = self.doc.language
        self.described: dict[tuple[Ref, int], str] = {}

    def add(self, s: str, p: str, o: Term) -> None:
        self.triples.add((s, p, o))

    def mint(self, *parts: str | int) -> str:
        """An IRI inside the document: the same as `minter.in_document(key, *parts)`."""
        return self.local + "/".join(map(str, parts))

    def text(self, value: str) -> Lit:
        return Lit(value, self.lang)

    def ref(self, ref: Ref) -> str:
        """The entity's IRI; its description is added the first time the document links it."""
        key = (ref, id(ref.entity))  # a Ref's equality ignores its entity; the facts keep every entity alive
        node = self.described.get(key)
        if node is None:
            node, triples = describe(self.minter, ref)
            self.triples.update(triples)
            self.described[key] = node
        return node

    def evidence(self, span: Span, body: str, motivation: str = OA.identifying) -> str:
        base = self.mint("evidence", f"{span.start}-{span.end}")
        target, quote, position = base + "/target", base + "/quote", base + "/position"
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
        exact = span.of(self.doc.text)
        self.add(quote, OA.exact, Lit(exact))
        if self.ambiguous(exact, span.start):  # Web Annotation: the words around tell which occurrence is meant
            text = self.doc.text
            self.add(quote, OA.prefix, Lit(text[max(0, span.start - CONTEXT) : span.start]))
            self.add(quote, OA.suffix, Lit(text[span.end : span.end + CONTEXT]))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Lit(str(span.start), "", XSD.integer))
        self.add(position, OA.end, Lit(str(span.end), "", XSD.integer))
        return base

    def ambiguous(self, exact: str, start: int) -> bool:
        """Whether the quoted words occur more than once in the text (then the quote alone does not find them)."""
        text = self.doc.text
        return text.find(exact) != start or text.find(exact, start + 1) != -1

    def build(self) -> set[Triple]:
        self.document()
        self.event()
        self.mentions()
        self.holdings()
        self.turns()
        self.proposals()
        self.claims()
        return self.triples

    def document(self) -> None:
        d, n = self.doc, self.node
        self.add(n, RDF.type, DG.Document)
        if d.excerpt:
            self.add(n, RDF.type, DG.Excerpt)
        self.add(n, DCTERMS.title, self.text(d.span_text(d.title)))
        if d.title_inferred:
            self.add(n, DG.titleInferred, Lit("true", "", XSD.boolean))
        self.add(n, DCTERMS.language, LANGUAGES + d.language)  # a language (dcterms:LinguisticSystem), as an IRI
        self.add(n, DG.languageCode, Lit(d.language, "", XSD.language))  # and its code, for queries and pages
        if d.date is not None:
            self.add(n, DCTERMS.date, Lit(d.date.isoformat(), "", XSD.date))
            if d.time is not None:
                self.add(n, DCTERMS.issued, _datetime(d.date, d.time))
        if d.last_updated is not None:
            self.add(n, DCTERMS.modified, Lit(d.last_updated.isoformat(), "", XSD.dateTime))
        if d.lead is not None:
            self.add(n, DCTERMS.description, self.text(d.span_text(d.lead)))
        self.add(n, DG.documentType, self.concept("document-type", self.facts.document_type))
        if d.url:
            self.add(n, SCHEMA.url, d.url)
        if d.direct_link:
            self.add(n, DG.directLink, d.direct_link)
        if d.kremlin_id:
            self.add(n, DG.kremlinId, Lit(d.kremlin_id))
            self.work(d.kremlin_id)
        for topic in d.topics:
            self.add(n, DCTERMS.subject, self.concept("topic", topic, topic))
        for section in d.sections:
            self.add(n, DG.section, self.concept("section", section, section))
        if d.licence:
            self.add(n, DCTERMS.license, d.licence)
        if d.publisher:
            org = _publisher(self.minter, d.publisher)
            self.add(n, DCTERMS.publisher, org)
            for cls in (DG.Organisation, DG.Actor):
                self.add(org, RDF.type, cls)
            self.add(org, SKOS.prefLabel, Lit(d.publisher, "en"))
        if d.place is not None:
            self.add(n, DG.placeName, self.text(d.span_text(d.place)))
        for caption in d.captions:
            self.add(n, DG.photoCaption, self.text(d.span_text(caption)))
        for title in d.see_also:
            self.add(n, DG.seeAlso, self.text(title))
        for creator in self.facts.creators:
            self.add(n, DCTERMS.creator, self.ref(creator))
        self.add(n, DG.sourceFile, Lit(d.file_name))
        self.add(n, DG.checksum, Lit(d.checksum))
        self.add(n, DG.normalisedText, Lit(d.text))

    def work(self, item: str) -> None:
        """The Kremlin item the document is one language version of (FRBR-style, with schema.org: the document is an
        example of the work; a version in another language than Russian is also a translation of it). The English
        and the Russian page of one item name the same work, and their events the same event."""
        work = self.minter_work(item)
        self.add(work, RDF.type, DG.Work)
        self.add(work, RDF.type, SCHEMA.CreativeWork)
        self.add(self.node, SCHEMA.exampleOfWork, work)
        if self.lang != "ru":  # kremlin.ru publishes in Russian; the other sites translate it
            self.add(self.node, SCHEMA.translationOfWork, work)

    def minter_work(self, item: str) -> str:
        return str(self.minter.entity("work", f"kremlin-{item}"))

    def concept(self, scheme: str, notation: str, label: str | None = None) -> str:
        node, triples = _concept(self.minter, scheme, notation)
        self.triples.update(triples)
        if label is not None:
            self.add(node, SKOS.prefLabel, self.text(label))
        return node

    def event(self) -> None:
        e = self.facts.event
        node = self.mint("event")
        self.add(self.node, DG.reports, node)
        for cls in (DG[e.kind], DG.Event):
            self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, self.text(e.label))
        if self.doc.kremlin_id:  # every language version of the item reports this one event
            self.add(node, OWL.sameAs, self.minter_work(self.doc.kremlin_id) + "/event")
        if e.date is not None:
            self.add(node, DCTERMS.date, Lit(e.date.isoformat(), "", XSD.date))
            instant = self.mint("event", "time")  # OWL-Time: the day the event took place
            self.add(node, TIME.hasTime, instant)
            self.add(instant, RDF.type, TIME.Instant)
            self.add(instant, TIME.inXSDDate, Lit(e.date.isoformat(), "", XSD.date))
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
        at: dict[tuple[int, int], list[tuple[Ref, str]]] = {}
        for m in self.facts.mentions:
            entity = self.ref(m.ref)
            self.add(self.node, DG.mentions, entity)
            self.evidence(m.span, entity)
            at.setdefault((m.span.start, m.span.end), []).append((m.ref, entity))
        # A proposal named by the words that name a later instrument (a convention before it was concluded) is
        # linked to that instrument rather than left on its own.
        for refs in at.values():
            proposed = [node for ref, node in refs if ref.scope and ref.kind == "proposed_instrument"]
            later = [node for ref, node in refs if ref.entity is not None and ref.category == "instrument"]
            for node in proposed:
                for instrument in later:
                    self.add(node, DG.realisedAs, instrument)

    def holdings(self) -> None:
        for p in self.facts.participants + self.facts.holdings:
            if p.office is None or (p.office_written is None and not p.inferred):
                continue
            person = self.ref(p.person)
            office = self.ref(p.office)
            holding = self.mint("holding", p.person.slug)
            self.add(holding, RDF.type, DG.OfficeHolding)
            self.add(holding, ORG.member, person)
            self.add(holding, DG.office, office)
            self.add(person, ORG.holds, office)
            if p.office_written is None:
                # Not printed: the office held on the document's date by the reference set's dated holdings.
                self.add(holding, RDF.type, DG.InferredOfficeHolding)
            else:
                self.add(holding, DG.officeAsWritten, self.text(p.office_written))
            if p.official_title:
                self.add(holding, DG.officialTitle, self.text(p.official_title))
            # OWL-Time: the membership lasts over an interval; the document shows it contains its day, when the
            # document gives one.
            during, attested = holding + "/during", holding + "/attested"
            self.add(holding, ORG.memberDuring, during)
            self.add(during, RDF.type, TIME.Interval)
            if self.doc.date is not None:
                self.add(holding, DG.attestedOn, Lit(self.doc.date.isoformat(), "", XSD.date))
                self.add(during, TIME.inside, attested)
                self.add(attested, RDF.type, TIME.Instant)
                self.add(attested, TIME.inXSDDate, Lit(self.doc.date.isoformat(), "", XSD.date))
            self.add(holding, DG.attestedIn, self.node)
            self.add(holding, PROV.wasDerivedFrom, self.node)
            self.add(holding, DG.evidence, self.evidence(p.span, holding, OA.describing))
            org = self.facts_org(p.office)
            if org is not None:
                self.add(holding, ORG.organization, org)
                self.add(office, ORG.postIn, org)

    def facts_org(self, office: Ref) -> str | None:
        org = self.linker.office_organisation(office) if self.linker is not None else None
        return self.ref(org) if org else None

    def turns(self) -> None:
        for t in self.facts.turns:
            node = self.mint("turn", t.number)
            self.add(node, RDF.type, DG.SpeechTurn)
            self.add(node, DG.turnNumber, Lit(str(t.number), "", XSD.integer))
            self.add(node, DCTERMS.isPartOf, self.node)
            self.add(node, DG.text, self.text(t.span.of(self.doc.text)))
            if t.speaker is not None:
                self.add(node, DG.speaker, self.ref(t.speaker))
            if t.role:
                self.add(node, DG.roleAsPrinted, self.text(t.role))
            self.add(node, DG.evidence, self.evidence(t.span, node, OA.describing))

    def claims(self) -> None:
        """The speaker's claims about instruments: each a dg:Claim attributed to its speaker, about the instruments
        the sentence names, with the sentence as its evidence (extract/claims.py)."""
        for claim in find_claims(self.doc, self.facts.mentions, self.facts.turns):
            node = self.mint("claim", f"{claim.span.start}-{claim.kind}")
            for cls in (DG.Claim, SCHEMA.Claim):
                self.add(node, RDF.type, cls)
            self.add(node, DG.claimKind, Lit(claim.kind))
            self.add(node, DG.text, self.text(claim.span.of(self.doc.text)))
            self.add(node, DG.statedIn, self.node)
            for ref in claim.about:
                self.add(node, DG.claimAbout, self.ref(ref))
            if claim.claimant is not None:
                self.add(node, DG.claimant, self.ref(claim.claimant))
            self.add(node, DG.evidence, self.evidence(claim.span, node, OA.describing))

    def proposals(self) -> None:
        programmes: dict[int, str] = {}
        for prog in self.facts.programmes:
            if not prog.named:
                continue  # points the text names no programme for: they belong to the speech or statement
            node = self.mint("programme", prog.number)
            programmes[prog.number] = node
            for cls in (DG.Programme, DG.Initiative):
                self.add(node, RDF.type, cls)
            self.add(node, RDFS.label, self.text(prog.label))
            if self.doc.date is not None:
                self.add(node, DG.year, Lit(f"{self.doc.date.year:04d}", "", XSD.gYear))
            self.add(node, DG.proposedIn, self.node)
            for who in prog.proposers:
                self.add(node, DG.proposer, self.ref(who))
            for who in prog.addressees:
                self.add(node, DG.addressee, self.ref(who))
            self.add(node, DG.evidence, self.evidence(prog.span, node, OA.describing))
        unnumbered = 0
        for p in self.facts.proposals:
            if p.ordinal is None:
                unnumbered += 1
            local = f"{p.programme}-{p.ordinal}" if p.ordinal is not None else f"u{unnumbered}"
            node = self.mint("proposal", local)
            for cls in (DG.Proposal, DG.Initiative):
                self.add(node, RDF.type, cls)
            if p.ordinal is not None:
                self.add(node, DG.ordinal, Lit(str(p.ordinal), "", XSD.integer))
            self.add(node, DG.text, self.text(p.span.of(self.doc.text)))
            self.add(node, DG.proposedIn, self.node)
            for who in p.proposers:
                self.add(node, DG.proposer, self.ref(who))
            for who in p.addressees:
                self.add(node, DG.addressee, self.ref(who))
            for instrument in p.precedents:
                self.add(node, DG.precedent, self.ref(instrument))
            if p.programme in programmes:
                self.add(node, DG.partOfProgramme, programmes[p.programme])
            self.add(node, DG.evidence, self.evidence(p.span, node, OA.describing))


@cache
def vocabularies() -> dict[str, tuple[Lit, ...]]:
    """Labels of the SKOS concepts of document types and event formats (ontology/vocabularies.ttl), by the concept's
    path under `…/id/` (`format/videoconference`): the file names them under the default base, a build may use
    another."""
    g = Graph()
    path = paths.ONTOLOGY / "vocabularies.ttl"
    if path.exists():
        g.parse(path, format="turtle")
    default_id = DEFAULT_BASE + "id/"
    labels: dict[str, list[Lit]] = {}
    for s, p, o in from_rdflib(g):
        if p == SKOS.prefLabel and isinstance(o, Lit) and s.startswith(default_id):
            labels.setdefault(s[len(default_id) :], []).append(o)
    return {node: tuple(found) for node, found in labels.items()}


@lru_cache(maxsize=SHARED_TERMS)
def _concept(minter: Minter, scheme: str, notation: str) -> tuple[str, tuple[Triple, ...]]:
    """A concept's IRI and the triples every graph that uses it carries: made once per process."""
    node = str(minter.concept(scheme, notation))
    triples: list[Triple] = [
        (node, RDF.type, SKOS.Concept),
        (node, SKOS.notation, Lit(slugify(notation))),
        (node, SKOS.inScheme, str(minter.id[scheme])),
    ]
    triples += [(node, SKOS.prefLabel, label) for label in vocabularies().get(node[len(minter.id) :], ())]
    return node, tuple(triples)


@lru_cache(maxsize=256)
def _publisher(minter: Minter, name: str) -> str:
    return str(minter.entity("organisation", slugify(name)))


def _datetime(day: dt.date, time: dt.time) -> Lit:
    return Lit(dt.datetime.combine(day, time).isoformat(), "", XSD.dateTime)


def build_document_triples(facts: DocumentFacts, minter: Minter, linker: Linker | None = None) -> set[Triple]:
    """The document's named graph as light triples; with a linker, holdings also name their office's organisation."""
    return _Builder(facts, minter, linker).build()


def build_document_graph(facts: DocumentFacts, minter: Minter, linker: Linker | None = None) -> Graph:
    """The same graph in rdflib, for code that queries it with rdflib."""
    return to_rdflib(build_document_triples(facts, minter, linker))
