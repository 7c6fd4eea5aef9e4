"""The vocabularies the builder writes with."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from .iris import DG

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "dg": DG, "oa": OA, "schema": SCHEMA, "wd": WD, "dcterms": DCTERMS, "foaf": FOAF, "org": ORG,
    "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD,
}

# Every instance carries its class and these superclasses, so stores need no reasoner.
CLASSES = {
    "person": [DG.Person, DG.Actor],
    "organisation": [DG.Organisation, DG.Actor],
    "state": [DG.State, DG.Organisation, DG.Actor],
    "office": [DG.Office],
}
INSTRUMENT_CLASSES = {
    "treaty": DG.Treaty,
    "un_resolution": DG.UNGAResolution,
    "un_resolution_series": DG.ResolutionSeries,
    "policy_document": DG.PolicyDocument,
    "negotiating_body": DG.NegotiatingBody,
    "proposed_instrument": DG.ProposedInstrument,
}
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
