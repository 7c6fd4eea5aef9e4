"""What an IRI dereferences to: whether the dataset knows it, whether it names a document or a thing, and the
RDF description served for it.

Information resources and things
--------------------------------
An IRI is treated as naming an *information resource* — something whose essence is information, so the server may
answer its IRI directly with 200 and a representation — exactly when one of its `rdf:type`s is in
`INFORMATION_CLASSES`: `dg:Document` (the record of a source document: its metadata and its full normalised text,
which the HTML page shows), `dg:SpeechTurn` (a stretch of that text), and the Web Annotation resources
(`oa:Annotation`/`dg:Evidence`, their `oa:SpecificResource` targets and selectors), which the Web Annotation model
publishes as documents. Every other IRI — persons, organisations, states, offices, office holdings, events,
programmes, proposals, instruments, SKOS concepts, named graphs, and IRIs of no known type — names a thing in the
world or an abstraction; its IRI answers 303 See Other to its description document, the same path with an
extension (`.html`, `.ttl`, `.jsonld`, `.nt`, `.rdf`) chosen by content negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..formats import FORMATS
from .terms import DG, LABEL_PREDICATES, OA, PREFIXES, TYPE, n

INFORMATION_CLASSES = frozenset({
    DG + "Document", DG + "SpeechTurn", DG + "Evidence", OA + "Annotation", OA + "SpecificResource",
    OA + "TextQuoteSelector", OA + "TextPositionSelector",
})


@dataclass(frozen=True)
class RdfOutput:
    """One RDF serialisation the server offers for descriptions."""

    media_type: str
    extension: str
    format: ox.RdfFormat


# The descriptions the server writes, taken from the one format registry (diplograph.formats).
RDF_OUTPUTS = tuple(
    RdfOutput(FORMATS[name].media_type, FORMATS[name].extension, FORMATS[name].oxigraph)
    for name in ("turtle", "jsonld", "ntriples", "rdfxml")
)
RDF_BY_MEDIA_TYPE = {o.media_type: o for o in RDF_OUTPUTS}
RDF_BY_EXTENSION = {o.extension: o for o in RDF_OUTPUTS}
HTML = "text/html"
# Media types a client may ask for that mean one of the above (from the registry: application/x-turtle, text/n3,
# text/plain, application/json, application/xml, text/xml …).
MEDIA_TYPE_ALIASES = {
    **{alias: FORMATS[name].media_type for name in ("turtle", "jsonld", "ntriples", "rdfxml")
       for alias in FORMATS[name].aliases},
    "application/xhtml+xml": HTML,
}
# The server's order of preference among equally acceptable types: a page first (browsers send */*;q=0.8).
DESCRIPTION_OFFERS = [HTML, *RDF_BY_MEDIA_TYPE, *MEDIA_TYPE_ALIASES]
EXTENSIONS = {".html": HTML, **{o.extension: o.media_type for o in RDF_OUTPUTS}}


def exists(store: ox.Store, iri: str) -> bool:
    """Whether the dataset says anything about the IRI, as subject, object or graph name."""
    node = n(iri)
    return (
        next(iter(store.quads_for_pattern(node, None, None, None)), None) is not None
        or next(iter(store.quads_for_pattern(None, None, node, None)), None) is not None
        or store.contains_named_graph(node)
    )


def types_of(store: ox.Store, iri: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(n(iri), TYPE, None, None)
            if isinstance(q.object, ox.NamedNode)}


def is_information_resource(types: set[str]) -> bool:
    """See the module docstring: decided by rdf:type alone, so the same kind of thing always answers the same way."""
    return not INFORMATION_CLASSES.isdisjoint(types)


def _add(triples: dict[ox.Triple, None], triple: ox.Triple) -> None:
    triples.setdefault(triple, None)


def description(store: ox.Store, iri: str, *, incoming_limit: int = 2000) -> list[ox.Triple]:
    """The triples about an IRI from every named graph (duplicates across graphs merged): all with it as subject,
    the links pointing at it (up to `incoming_limit`), and the labels of the resources on either side, so a client
    can show the neighbours without fetching each."""
    node = n(iri)
    triples: dict[ox.Triple, None] = {}
    neighbours: dict[ox.NamedNode, None] = {}
    for q in store.quads_for_pattern(node, None, None, None):
        _add(triples, ox.Triple(q.subject, q.predicate, q.object))
        if isinstance(q.object, ox.NamedNode) and q.predicate != TYPE:
            neighbours.setdefault(q.object, None)
    incoming = 0
    for q in store.quads_for_pattern(None, None, node, None):
        triple = ox.Triple(q.subject, q.predicate, q.object)
        if triple in triples:
            continue
        if incoming >= incoming_limit:
            break
        _add(triples, triple)
        incoming += 1
        if isinstance(q.subject, ox.NamedNode):
            neighbours.setdefault(q.subject, None)
    for other in neighbours:
        for predicate in LABEL_PREDICATES:
            for q in store.quads_for_pattern(other, predicate, None, None):
                _add(triples, ox.Triple(q.subject, q.predicate, q.object))
    return list(triples)


def graph_triples(store: ox.Store, graph_iri: str) -> list[ox.Triple]:
    """The triples of one named graph (empty when there is no such graph)."""
    seen: dict[ox.Triple, None] = {}
    for q in store.quads_for_pattern(None, None, None, n(graph_iri)):
        seen.setdefault(ox.Triple(q.subject, q.predicate, q.object), None)
    return list(seen)


def serialize(triples: list[ox.Triple], output: RdfOutput) -> bytes:
    """RDF bytes by pyoxigraph's serialisers, with the project's prefixes where the format has any."""
    prefixes = PREFIXES if output.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = ox.serialize(triples, format=output.format, prefixes=prefixes)
    assert data is not None
    return data
