"""The one registry of RDF formats: name, media type, file extension, and the parser/serialiser names in rdflib and
pyoxigraph. The query command, the loaders, the bundle writer and the server all look formats up here."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    rdflib: str
    oxigraph: ox.RdfFormat
    quads: bool = False


FORMATS = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", ".ttl", "turtle", ox.RdfFormat.TURTLE),
        Format("ntriples", "application/n-triples", ".nt", "nt", ox.RdfFormat.N_TRIPLES),
        Format("nquads", "application/n-quads", ".nq", "nquads", ox.RdfFormat.N_QUADS, quads=True),
        Format("trig", "application/trig", ".trig", "trig", ox.RdfFormat.TRIG, quads=True),
        Format("jsonld", "application/ld+json", ".jsonld", "json-ld", ox.RdfFormat.JSON_LD, quads=True),
        Format("rdfxml", "application/rdf+xml", ".rdf", "xml", ox.RdfFormat.RDF_XML),
    )
}


def by_extension(path: str) -> Format | None:
    return next((f for f in FORMATS.values() if path.endswith(f.extension)), None)

