"""Triples that describe an entity: types, labels, identifiers (copied into every graph that links it)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ..extract.facts import Ref
from ..link.reference import Entity
from .iris import DG, Minter
from .vocab import CLASSES, INSTRUMENT_CLASSES, WD

_PLURAL = {"person": "person", "organisation": "organisation", "state": "state", "office": "office",
           "instrument": "instrument"}


def iri(minter: Minter, ref: Ref) -> URIRef:
    if ref.scope:
        return minter.in_document(ref.scope, "instrument", ref.slug)
    return minter.entity(_PLURAL[ref.category], ref.slug)


def classes(ref: Ref) -> list[URIRef]:
    if ref.category == "instrument":
        return [INSTRUMENT_CLASSES[ref.kind or "proposed_instrument"], DG.Instrument]
    return CLASSES[ref.category]


def describe(g: Graph, minter: Minter, ref: Ref) -> URIRef:
    node = iri(minter, ref)
    for cls in classes(ref):
        g.add((node, RDF.type, cls))
    if ref.entity is None:
        g.add((node, SKOS.prefLabel, Literal(ref.label, lang=ref.language)))
        if ref.symbol:
            g.add((node, DG.unSymbol, Literal(ref.symbol)))
        return node
    describe_entity(g, minter, ref.entity, node)
    return node


def describe_entity(g: Graph, minter: Minter, e: Entity, node: URIRef, links: bool = False) -> None:
    """Labels and identifiers; with `links`, also the links to other entities (reference graph only)."""
    for lang, label in sorted(e.label.items()):
        g.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
    for lang, aliases in sorted(e.aliases.items()):
        for alias in sorted(set(aliases) - {e.label.get(lang)}):
            g.add((node, SKOS.altLabel, Literal(alias, lang=lang)))
    for lang, acronym in sorted(e.acronym.items()):
        g.add((node, DG.acronym, Literal(acronym, lang=lang)))
    if e.wikidata:
        g.add((node, SKOS.exactMatch, WD[e.wikidata]))
    if e.category != "instrument":
        return
    if e.year:
        g.add((node, DG.year, Literal(f"{e.year:04d}", datatype=XSD.gYear)))
    if e.date:
        g.add((node, DG.adoptedOn, Literal(e.date.isoformat(), datatype=XSD.date)))
    if e.un_symbol:
        g.add((node, DG.unSymbol, Literal(e.un_symbol)))
    for ident in e.identifiers:
        g.add((node, URIRef("http://purl.org/dc/terms/identifier"), Literal(ident)))
    if not links:
        return
    for prop, target in ((DG.replaces, e.replaces), (DG.establishedBy, e.established_by)):
        if target:
            g.add((node, prop, minter.entity("instrument", target)))
