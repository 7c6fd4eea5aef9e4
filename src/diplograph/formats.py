"""The one registry of RDF formats: name, media type, file extension, rdflib format name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    rdflib: str
    quads: bool = False


FORMATS = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", ".ttl", "turtle"),
        Format("ntriples", "application/n-triples", ".nt", "nt"),
        Format("nquads", "application/n-quads", ".nq", "nquads", quads=True),
        Format("trig", "application/trig", ".trig", "trig", quads=True),
        Format("jsonld", "application/ld+json", ".jsonld", "json-ld", quads=True),
        Format("rdfxml", "application/rdf+xml", ".rdf", "xml"),
    )
}


def by_extension(path: str) -> Format | None:
    return next((f for f in FORMATS.values() if path.endswith(f.extension)), None)
