"""Triples that describe an entity: types, labels, identifiers (copied into every graph that links it)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rdflib import Graph, URIRef

from ..extract.facts import Ref
from ..link.reference import Entity
from .iris import Minter
from .terms import DCTERMS, DG, OWL, RDF, SHARED_TERMS, SKOS, WD, XSD, Lit, Triple, rdflib_triple
from .vocab import CLASSES, INSTRUMENT_CLASSES

_PLURAL = {"person": "person", "organisation": "organisation", "state": "state", "office": "office",
           "instrument": "instrument"}


def iri(minter: Minter, ref: Ref) -> str:
    if ref.scope:
        return str(minter.in_document(ref.scope, "instrument", ref.slug))
    return _entity(minter, _PLURAL[ref.category], ref.slug)


@lru_cache(maxsize=SHARED_TERMS)
def _entity(minter: Minter, kind: str, slug: str) -> str:
    """Entity IRIs recur in document after document: a recent one is not minted again."""
    return str(minter.entity(kind, slug))


@lru_cache(maxsize=64)
def classes(category: str, kind: str | None) -> tuple[str, ...]:
    """The classes of an entity and their superclasses (stores need no reasoner)."""
    if category == "instrument":
        return (str(INSTRUMENT_CLASSES[kind or "proposed_instrument"]), DG.Instrument)
    return tuple(str(cls) for cls in CLASSES[category])


def describe(minter: Minter, ref: Ref) -> tuple[str, list[Triple]]:
    """The entity's IRI and the triples that describe it in a document graph."""
    node = iri(minter, ref)
    out: list[Triple] = [(node, RDF.type, cls) for cls in classes(ref.category, ref.kind)]
    if ref.entity is None:
        out.append((node, SKOS.prefLabel, Lit(ref.label, ref.language)))
        if ref.symbol:
            out.append((node, DG.unSymbol, Lit(ref.symbol)))
    else:
        out.extend(entity_triples(minter, ref.entity, node))
    return node, out


def describe_entity(g: Graph, minter: Minter, e: Entity, node: URIRef, links: bool = False) -> None:
    """Add the entity's description to an rdflib graph (the reference graph)."""
    for triple in entity_triples(minter, e, str(node), links):
        g.add(rdflib_triple(triple))


def entity_triples(minter: Minter, e: Entity, node: str, links: bool = False) -> Iterator[Triple]:
    """Labels and identifiers; with `links`, also the links to other entities (reference graph only)."""
    for lang, label in sorted(e.label.items()):
        yield node, SKOS.prefLabel, Lit(label, lang)
    for lang, aliases in sorted(e.aliases.items()):
        for alias in sorted(set(aliases) - {e.label.get(lang)}):
            yield node, SKOS.altLabel, Lit(alias, lang)
    for lang, acronym in sorted(e.acronym.items()):
        yield node, DG.acronym, Lit(acronym, lang)
    if e.wikidata:
        yield node, OWL.sameAs, WD[e.wikidata]  # the same thing, not a SKOS concept: owl:sameAs
    if e.category != "instrument":
        return
    if e.year:
        yield node, DG.year, Lit(f"{e.year:04d}", "", XSD.gYear)
    if e.date:
        yield node, DG.adoptedOn, Lit(e.date.isoformat(), "", XSD.date)
    if e.un_symbol:
        yield node, DG.unSymbol, Lit(e.un_symbol)
    for ident in e.identifiers:
        yield node, DCTERMS.identifier, Lit(ident)
    if not links:
        return
    for prop, target in ((DG.replaces, e.replaces), (DG.establishedBy, e.established_by),
                         (DG.negotiatedIn, e.negotiated_in)):
        if target:
            yield node, prop, _entity(minter, "instrument", target)
