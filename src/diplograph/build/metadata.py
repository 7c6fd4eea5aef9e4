"""The dataset's own description: VoID statistics, DCAT distributions, and the provenance of each document graph.

It lives in one named graph of its own (`…/id/graph/metadata`). Nothing in it changes between two builds of the same
input unless a release stamp is given: generation time is only written when the user fixes it with `--release`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, XSD

from .. import __version__
from .iris import DG, Minter, slugify
from .terms import Lit, Triple, Triples, triples_of
from .vocab import CC_BY, PREFIXES, SCHEMA

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # dcat:version is DCAT 3, newer than rdflib's closed DCAT namespace
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_RDF_TYPE = str(RDF.type)
# The terms of the per-graph records, as plain strings (build/terms.py): records are made as light triples.
_PROV_ENTITY, _VOID_DATASET = str(PROV.Entity), str(VOID.Dataset)
_ATTRIBUTED_TO, _DERIVED_FROM, _GENERATED_AT = str(PROV.wasAttributedTo), str(PROV.wasDerivedFrom), str(
    PROV.generatedAtTime
)
_SOURCE = str(DCTERMS.source)
_SUBSET, _TRIPLES = str(VOID.subset), str(VOID.triples)
_CHECKSUM, _CHECKSUM_CLASS, _ALGORITHM = str(SPDX.checksum), str(SPDX.Checksum), str(SPDX.algorithm)
_SHA256, _CHECKSUM_VALUE = str(SPDX.checksumAlgorithm_sha256), str(SPDX.checksumValue)
_HEX_BINARY, _DATE_TIME, _INTEGER = str(XSD.hexBinary), str(XSD.dateTime), str(XSD.integer)
LANGUAGES = Namespace("http://id.loc.gov/vocabulary/iso639-1/")
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
METADATA_PREFIXES = {"void": VOID, "dcat": DCAT3, "spdx": SPDX, "sd": SD}

TITLE = {
    "en": "diplograph: a knowledge graph of international information-security diplomacy",
    "ru": "diplograph: граф знаний о дипломатии в области международной информационной безопасности",
}
DESCRIPTION = {
    "en": "Persons, offices, events, speeches, proposals and instruments extracted from official documents "
    "(Kremlin transcripts and presidential statements in English and Russian), each fact traceable to the words "
    "it came from.",
    "ru": "Лица, должности, события, выступления, предложения и документы, извлечённые из официальных текстов "
    "(стенограммы и заявления Президента России на английском и русском языках); каждый факт прослеживается до "
    "слов, из которых он взят.",
}


@dataclass
class GraphStats:
    """What one named graph contributes to the dataset's statistics; small enough to send between processes."""

    triples: int = 0
    local_subjects: int = 0  # subjects minted inside this document (…/document/KEY/…): unique to it
    shared_subjects: set[str] = field(default_factory=set)  # persons, organisations, instruments …
    class_instances: Counter[str] = field(default_factory=Counter)  # class → instances minted in this graph
    shared_instances: set[tuple[str, str]] = field(default_factory=set)  # (class, shared subject)
    properties: Counter[str] = field(default_factory=Counter)
    languages: set[str] = field(default_factory=set)
    source_hosts: set[str] = field(default_factory=set)

    @classmethod
    def of(
        cls, graph: Graph | Triples, local_prefix: str, language: str | None = None, url: str | None = None
    ) -> GraphStats:
        triples = triples_of(graph)
        stats = cls(triples=len(triples), properties=Counter(p for _, p, _ in triples))
        local: set[str] = set()
        rdf_type = _RDF_TYPE
        for s, p, o in triples:
            if s.startswith(local_prefix):
                local.add(s)
                if p == rdf_type:
                    stats.class_instances[o if isinstance(o, str) else o.value] += 1
            else:
                stats.shared_subjects.add(s)
                if p == rdf_type:
                    stats.shared_instances.add((o if isinstance(o, str) else o.value, s))
        stats.local_subjects = len(local)
        if language:
            stats.languages.add(language)
        if url:
            stats.source_hosts.add(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/")
        return stats


@dataclass
class DatasetStats:
    """Statistics summed over graphs, with shared subjects counted once."""

    triples: int = 0
    local_subjects: int = 0
    shared_subjects: set[str] = field(default_factory=set)
    class_instances: Counter[str] = field(default_factory=Counter)
    shared_instances: set[tuple[str, str]] = field(default_factory=set)
    properties: Counter[str] = field(default_factory=Counter)
    languages: set[str] = field(default_factory=set)
    source_hosts: set[str] = field(default_factory=set)
    documents: int = 0

    def add(self, stats: GraphStats, *, document: bool) -> None:
        self._sum(stats)
        self.documents += int(document)

    def merge(self, other: DatasetStats) -> None:
        """Add the statistics of another set of graphs (a part of the corpus) to these."""
        self._sum(other)
        self.documents += other.documents

    def _sum(self, other: GraphStats | DatasetStats) -> None:
        self.triples += other.triples
        self.local_subjects += other.local_subjects
        self.shared_subjects |= other.shared_subjects
        self.class_instances.update(other.class_instances)
        self.shared_instances |= other.shared_instances
        self.properties.update(other.properties)
        self.languages |= other.languages
        self.source_hosts |= other.source_hosts

    def entities(self) -> int:
        return self.local_subjects + len(self.shared_subjects)

    def classes(self) -> Counter[str]:
        counts = Counter(self.class_instances)
        counts.update(cls for cls, _ in self.shared_instances)
        return counts


@dataclass(frozen=True)
class Distribution:
    name: str  # file name inside the build folder
    media_type: str
    title: str
    size: int | None


@dataclass(frozen=True)
class Provenance:
    graph: str
    source_url: str | None
    sha256: str


def _software(minter: Minter) -> URIRef:
    return minter.id[f"software/diplograph-{__version__}"]


def provenance(minter: Minter, item: Provenance, release: dt.datetime | None) -> set[Triple]:
    """The provenance of one document graph, as light triples: the build writes one such record per document, so
    they are made without rdflib (about a hundred times cheaper a record)."""
    node = item.graph
    checksum = f"{item.graph}/source-checksum"
    out: set[Triple] = {
        (node, _RDF_TYPE, _PROV_ENTITY),
        (node, _RDF_TYPE, _VOID_DATASET),
        (node, _ATTRIBUTED_TO, str(_software(minter))),
        (node, _CHECKSUM, checksum),
        (checksum, _RDF_TYPE, _CHECKSUM_CLASS),
        (checksum, _ALGORITHM, _SHA256),
        (checksum, _CHECKSUM_VALUE, Lit(item.sha256, "", _HEX_BINARY)),
    }
    if item.source_url:
        out.add((node, _DERIVED_FROM, item.source_url))
        out.add((node, _SOURCE, item.source_url))
    if release is not None:
        out.add((node, _GENERATED_AT, Lit(release.isoformat(), "", _DATE_TIME)))
    return out


def software_description(g: Graph, minter: Minter) -> URIRef:
    software = _software(minter)
    g.add((software, RDF.type, PROV.SoftwareAgent))
    g.add((software, RDF.type, SCHEMA.SoftwareApplication))
    g.add((software, RDFS.label, Literal(f"diplograph {__version__}")))
    g.add((software, SCHEMA.softwareVersion, Literal(__version__)))
    return software


def graph_record(
    minter: Minter, graph: str, triples: int, item: Provenance | None, release: dt.datetime | None
) -> set[Triple]:
    """What the metadata graph says of one named graph: a subset of the dataset with its size, and for a document
    graph its provenance. Made and written one graph at a time, so the metadata of a large corpus streams too."""
    out: set[Triple] = {
        (str(minter.id["dataset"]), _SUBSET, graph),
        (graph, _TRIPLES, Lit(str(triples), "", _INTEGER)),
    }
    if item is not None:
        out |= provenance(minter, item, release)
    return out


def metadata_graph(
    minter: Minter,
    stats: DatasetStats,
    distributions: list[Distribution],
    examples: list[str],
    release: dt.datetime | None = None,
) -> Graph:
    g = Graph()
    base = minter.base
    ds = minter.id["dataset"]
    software = software_description(g, minter)

    for cls in (VOID.Dataset, DCAT.Dataset, PROV.Entity):
        g.add((ds, RDF.type, cls))
    for lang, text in TITLE.items():
        g.add((ds, DCTERMS.title, Literal(text, lang=lang)))
    for lang, text in DESCRIPTION.items():
        g.add((ds, DCTERMS.description, Literal(text, lang=lang)))
    g.add((ds, DCTERMS.license, URIRef(CC_BY)))
    for host in sorted(stats.source_hosts):
        g.add((ds, DCTERMS.source, URIRef(host)))
    for lang in sorted(stats.languages):
        g.add((ds, DCTERMS.language, LANGUAGES[lang]))
    version = __version__ if release is None else f"{__version__}+{release:%Y%m%d}"
    g.add((ds, DCAT3.version, Literal(version)))
    g.add((ds, OWL.versionInfo, Literal(version)))
    if release is not None:
        g.add((ds, DCTERMS.issued, Literal(release.date().isoformat(), datatype=XSD.date)))
    g.add((ds, PROV.wasAttributedTo, software))
    g.add((ds, VOID.uriSpace, Literal(base + "id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((ds, VOID.rootResource, ds))
    for ns in (DG, *(PREFIXES[p] for p in ("dcterms", "foaf", "org", "prov", "skos", "oa", "schema"))):
        g.add((ds, VOID.vocabulary, URIRef(str(ns))))
    for name, value in (
        (VOID.triples, stats.triples),
        (VOID.entities, stats.entities()),
        (VOID.classes, len(stats.classes())),
        (VOID.properties, len(stats.properties)),
        (VOID.documents, stats.documents),
    ):
        g.add((ds, name, Literal(value, datatype=XSD.integer)))
    for example in examples:
        g.add((ds, VOID.exampleResource, URIRef(example)))

    for class_iri, count in sorted(stats.classes().items()):
        part = URIRef(minter.id[f"dataset/class/{slugify(_local(class_iri))}-{_hash(class_iri)}"])
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(class_iri)))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in sorted(stats.properties.items()):
        part = URIRef(minter.id[f"dataset/property/{slugify(_local(prop))}-{_hash(prop)}"])
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    links = stats.properties.get(str(OWL.sameAs), 0)
    if links:  # the owl:sameAs links to Wikidata, as a VoID linkset
        linkset, wikidata = URIRef(minter.id["dataset/linkset/wikidata"]), URIRef("http://www.wikidata.org/")
        g.add((ds, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.linkPredicate, OWL.sameAs))
        g.add((linkset, VOID.subjectsTarget, ds))
        g.add((linkset, VOID.objectsTarget, wikidata))
        g.add((linkset, VOID.triples, Literal(links, datatype=XSD.integer)))
        g.add((wikidata, RDF.type, VOID.Dataset))
        g.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
        g.add((wikidata, VOID.uriSpace, Literal("http://www.wikidata.org/entity/")))
    for dist in distributions:
        node = minter.id[f"dataset/distribution/{slugify(dist.name)}"]
        url = URIRef(base + "graph/" + dist.name)
        g.add((ds, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(dist.title, lang="en")))
        g.add((node, DCAT.downloadURL, url))
        g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPES + dist.media_type)))
        g.add((node, DCTERMS.license, URIRef(CC_BY)))
        if dist.size is not None:
            g.add((node, DCAT.byteSize, Literal(dist.size, datatype=XSD.integer)))
        if dist.name.endswith(".nq"):
            g.add((ds, VOID.dataDump, url))

    return g


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _hash(iri: str) -> str:
    return hashlib.sha1(iri.encode("utf-8")).hexdigest()[:6]
