"""The one registry of formats: RDF serialisations (name, media type, file extension, the parser/serialiser names in
rdflib and pyoxigraph, and the other media types clients send for them) and SPARQL query results serialisations.
The query command, the loaders, the bundle writer and the server (content negotiation, the SPARQL endpoint's
`format=` parameter, the service description) all look formats up here."""

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
    aliases: tuple[str, ...] = ()  # other media types that clients send for this format and that it satisfies


FORMATS = {
    f.name: f
    for f in (
        # Turtle is also valid N3, and is what stores answer to the N3 media types.
        Format("turtle", "text/turtle", ".ttl", "turtle", ox.RdfFormat.TURTLE,
               aliases=("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3")),
        # text/plain was N-Triples' media type before application/n-triples was registered.
        Format("ntriples", "application/n-triples", ".nt", "nt", ox.RdfFormat.N_TRIPLES, aliases=("text/plain",)),
        Format("nquads", "application/n-quads", ".nq", "nquads", ox.RdfFormat.N_QUADS, quads=True),
        Format("trig", "application/trig", ".trig", "trig", ox.RdfFormat.TRIG, quads=True),
        Format("jsonld", "application/ld+json", ".jsonld", "json-ld", ox.RdfFormat.JSON_LD, quads=True,
               aliases=("application/json",)),
        Format("rdfxml", "application/rdf+xml", ".rdf", "xml", ox.RdfFormat.RDF_XML,
               aliases=("application/xml", "text/xml")),
    )
}


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation of SPARQL SELECT and ASK results."""

    name: str
    media_type: str
    label: str
    oxigraph: ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()


RESULT_FORMATS = {
    f.name: f
    for f in (
        ResultFormat("json", "application/sparql-results+json", "SPARQL JSON", ox.QueryResultsFormat.JSON,
                     aliases=("application/json",)),
        ResultFormat("xml", "application/sparql-results+xml", "SPARQL XML", ox.QueryResultsFormat.XML,
                     aliases=("application/xml", "text/xml")),
        ResultFormat("csv", "text/csv", "CSV", ox.QueryResultsFormat.CSV),
        ResultFormat("tsv", "text/tab-separated-values", "TSV", ox.QueryResultsFormat.TSV),
    )
}

HTML = "text/html"
LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD",
          "rdfxml": "RDF/XML"}

# Values of a SPARQL endpoint's `format=` (or `output=`) parameter, as clients and other stores spell them, each
# standing for a media type. The media type then means the format of that kind that fits the query form: `xml`
# (application/xml) is SPARQL XML results for SELECT and ASK and RDF/XML for CONSTRUCT and DESCRIBE, `json` SPARQL
# JSON or JSON-LD. Registry names, extensions and media types (canonical or alias) are accepted as well.
_SHORT_NAMES = {
    "json": "application/json", "xml": "application/xml", "html": HTML, "n3": "text/n3", "ttl": "text/turtle",
    "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml", "json-ld": "application/ld+json",
    "n-triples": "application/n-triples",
}


def _parameter_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for f in FORMATS.values():
        values.update({f.name: f.media_type, f.extension.lstrip("."): f.media_type})
    for r in RESULT_FORMATS.values():
        values[r.name] = r.media_type
    values.update(_SHORT_NAMES)
    values[HTML] = HTML
    media_types = [(f.media_type, *f.aliases) for f in FORMATS.values()]
    media_types += [(r.media_type, *r.aliases) for r in RESULT_FORMATS.values()]
    values.update({media_type: media_type for group in media_types for media_type in group})
    return values


FORMAT_PARAMETER = _parameter_values()


def parameter_media_type(value: str) -> str | None:
    """The media type a `format=` value stands for (case and surrounding space ignored), None if unknown."""
    return FORMAT_PARAMETER.get(value.strip().lower())


def by_extension(path: str) -> Format | None:
    return next((f for f in FORMATS.values() if path.endswith(f.extension)), None)

