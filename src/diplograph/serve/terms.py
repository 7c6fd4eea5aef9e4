"""The vocabulary terms the server reads, as pyoxigraph named nodes, and the prefixes it writes RDF with."""

from __future__ import annotations

import pyoxigraph as ox

DG = "https://w3id.org/diplograph/ontology#"
ONTOLOGY_IRI = "https://w3id.org/diplograph/ontology"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {
    "dg": DG, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "dcterms": DCTERMS, "oa": OA, "org": ORG, "foaf": FOAF,
    "schema": SCHEMA, "xsd": XSD, "prov": "http://www.w3.org/ns/prov#", "owl": "http://www.w3.org/2002/07/owl#",
    "wd": "http://www.wikidata.org/entity/", "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
}


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


TYPE = n(RDF + "type")
PREF_LABEL = n(SKOS + "prefLabel")
ALT_LABEL = n(SKOS + "altLabel")
RDFS_LABEL = n(RDFS + "label")
TITLE = n(DCTERMS + "title")
LABEL_PREDICATES = (PREF_LABEL, RDFS_LABEL, TITLE)


def curie(iri: str) -> str:
    """`dg:Person` for a known namespace, the IRI itself otherwise (for table headers and type lists)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
