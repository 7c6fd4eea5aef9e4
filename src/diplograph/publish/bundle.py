"""The publication bundle, written as documents stream in.

graph/
  diplograph.ttl        every document graph and the reference graph, as Turtle (one block per graph)
  diplograph.jsonld     the same as JSON-LD named graphs, with its context inline (context.jsonld beside it)
  diplograph.nq         N-Quads: one named graph per document, the reference graph and the metadata graph
  void.ttl              the metadata graph: VoID statistics, DCAT distributions, provenance of each graph
  documents/KEY.ttl     one Turtle file per document (and reference.ttl)
  ontology/, shapes/    the ontology and SHACL shapes the graph was built and validated with

Every file is deterministic: the same input gives the same bytes (unless a release stamp is given).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

from rdflib import Graph

from .. import paths
from ..build.iris import Minter
from ..build.metadata import (
    DatasetStats,
    Distribution,
    GraphStats,
    Provenance,
    graph_record,
    metadata_graph,
    software_description,
)
from ..build.terms import Triples
from ..formats import FORMATS
from ..validate import Violation
from .files import DATASET_NQUADS, DATASET_TURTLE, DOCUMENTS_DIR, prefixes, turtle
from .jsonld import (
    DATASET_TAIL,
    GRAPH_SEPARATOR,
    JSONLD_CONTEXT_FILE,
    Compactor,
    context,
    dataset_head,
    named_graph_object,
)
from .rdf_text import nquads_text, turtle_text

DATASET_JSONLD = "diplograph.jsonld"
VOID_FILE = "void.ttl"


@dataclass
class DocumentOutput:
    """One document's published pieces; small and picklable, so workers can hand it over and the cache keep it."""

    key: str
    graph: str
    file: str
    sha256: str
    url: str | None
    turtle: str
    nquads: str
    jsonld: str
    stats: GraphStats
    violations: list[Violation] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def render_graph(
    graph: Triples,
    name: str,
    base: str,
    *,
    key: str,
    file: str,
    sha256: str,
    url: str | None,
    stats: GraphStats,
) -> DocumentOutput:
    """One document graph's published pieces: the three writers read the same triples, never an rdflib graph."""
    return DocumentOutput(
        key=key,
        graph=name,
        file=file,
        sha256=sha256,
        url=url,
        turtle=turtle_text(graph, prefixes(base)),
        nquads=nquads_text(graph, name),
        jsonld=named_graph_object(name, graph, _compactor(base)),
        stats=stats,
    )


@lru_cache(maxsize=4)
def _compactor(base: str) -> Compactor:
    """One JSON-LD compactor per base, so the IRIs it has compacted serve every document."""
    return Compactor(context(base))


class _TurtleJoiner:
    """Joins per-graph Turtle files into one: a prefix is declared again only where its namespace changes."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.prefixes: dict[str, str] = {}
        self.first = True

    def add(self, text: str) -> None:
        head: list[str] = []
        body_start = 0
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("@prefix "):
                name, iri = line[len("@prefix ") :].split(None, 1)
                if self.prefixes.get(name) != iri:
                    self.prefixes[name] = iri
                    head.append(line)
                body_start = i + 1
            elif line.strip():
                break
            else:
                body_start = i + 1
        if not self.first:
            self.out.write("\n")
        self.out.write("".join(head))
        if head:
            self.out.write("\n")
        self.out.write("".join(lines[body_start:]).strip("\n") + "\n")
        self.first = False


Check = Callable[[Graph, str], list[Violation]]  # (a piece of the metadata graph, its N-Quads) → violations

RECORDS_PER_CHECK = 2000  # graph records validated together


class BundleWriter:
    """Writes the bundle as graphs arrive. The metadata graph's records of each graph (subset, size, provenance)
    are spooled to files and validated in batches, so nothing here grows with the corpus but the statistics."""

    def __init__(
        self, folder: Path, minter: Minter, *, release: dt.datetime | None = None, check: Check | None = None
    ) -> None:
        self.folder = folder
        self.minter = minter
        self.release = release
        self.check = check
        self.violations: list[Violation] = []
        self.stats = DatasetStats()
        self.examples: list[str] = []
        self.meta_name = str(minter.id["graph/metadata"])
        self._records_nq = (folder / ".metadata.nq.part").open("w+", encoding="utf-8", newline="\n")
        self._records_ttl = (folder / ".metadata.ttl.part").open("w+", encoding="utf-8", newline="\n")
        self._records_joiner = _TurtleJoiner(self._records_ttl)
        self._pending = Graph()
        self._pending_nq: list[str] = []
        (folder / DOCUMENTS_DIR).mkdir(parents=True, exist_ok=True)
        self.ctx = context(minter.base)
        self._ttl = (folder / DATASET_TURTLE).open("w", encoding="utf-8", newline="\n")
        self._nq = (folder / DATASET_NQUADS).open("w", encoding="utf-8", newline="\n")
        self._jsonld = (folder / DATASET_JSONLD).open("w", encoding="utf-8", newline="\n")
        self._joiner = _TurtleJoiner(self._ttl)
        self._jsonld.write(dataset_head(self.ctx))
        self._first_graph = True

    def _write(self, key: str, turtle_doc: str, nquads_doc: str, jsonld_doc: str) -> None:
        (self.folder / DOCUMENTS_DIR / f"{key}.ttl").write_text(turtle_doc, encoding="utf-8", newline="\n")
        self._joiner.add(turtle_doc)
        self._nq.write(nquads_doc)
        self._jsonld.write(("" if self._first_graph else GRAPH_SEPARATOR) + jsonld_doc)
        self._first_graph = False

    def _record(self, graph: str, triples: int, item: Provenance | None) -> None:
        record = graph_record(self.minter, graph, triples, item, self.release)
        nq = nquads_text(record, self.meta_name)
        self._records_nq.write(nq)
        self._records_joiner.add(turtle(record, self.minter.base))
        if self.check is not None:
            self._pending += record
            self._pending_nq.append(nq)
            if len(self._pending_nq) >= RECORDS_PER_CHECK:
                self._check_pending()

    def _check_pending(self) -> None:
        if self.check is None or not self._pending_nq:
            return
        software = Graph()
        software_description(software, self.minter)  # the records point at it; it is written once, with the rest
        self._pending += software
        self.violations += self.check(
            self._pending, "".join(self._pending_nq) + nquads_text(software, self.meta_name)
        )
        self._pending, self._pending_nq = Graph(), []

    def add_document(self, doc: DocumentOutput) -> None:
        self._write(doc.key, doc.turtle, doc.nquads, doc.jsonld)
        self.stats.add(doc.stats, document=True)
        self._record(doc.graph, doc.stats.triples, Provenance(doc.graph, doc.url, doc.sha256))
        if len(self.examples) < 3:
            self.examples.append(doc.graph)

    def add_reference(self, graph: Graph) -> None:
        name = str(self.minter.reference_graph())
        self._write(
            "reference",
            turtle(graph, self.minter.base),
            nquads_text(graph, name),
            named_graph_object(name, graph, Compactor(self.ctx)),
        )
        stats = GraphStats.of(graph, name + "/")
        self.stats.add(stats, document=False)
        self._record(name, stats.triples, None)

    def finish(self) -> Graph:
        """Close the data files, copy the ontology and shapes, and write the metadata graph; return it."""
        self._jsonld.write(DATASET_TAIL)
        for f in (self._ttl, self._jsonld):
            f.close()
        (self.folder / JSONLD_CONTEXT_FILE).write_text(
            json.dumps({"@context": self.ctx}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        for source, target in ((paths.ONTOLOGY, "ontology"), (paths.SHAPES, "shapes")):
            (self.folder / target).mkdir(exist_ok=True)
            for path in sorted(source.glob("*.ttl")):
                shutil.copyfile(path, self.folder / target / path.name)

        distributions = [
            Distribution(DATASET_TURTLE, FORMATS["turtle"].media_type, "The whole dataset as Turtle", None),
            Distribution(DATASET_JSONLD, FORMATS["jsonld"].media_type, "The whole dataset as JSON-LD", None),
        ]
        distributions = [
            Distribution(d.name, d.media_type, d.title, (self.folder / d.name).stat().st_size) for d in distributions
        ]
        examples = self.examples[:1] + self._example_entities()
        self._check_pending()
        self._nq.flush()
        self._records_nq.flush()
        head_size = self._nq.tell() + self._records_nq.tell()

        # The N-Quads file carries the metadata graph, which states the file's own size: find the fixed point.
        size: int | None = 0
        for _ in range(5):
            dists = distributions + [
                Distribution(DATASET_NQUADS, FORMATS["nquads"].media_type, "Named graphs as N-Quads", size)
            ]
            meta = metadata_graph(self.minter, self.stats, dists, examples, self.release)
            meta_nq = nquads_text(meta, self.meta_name)
            total = head_size + len(meta_nq.encode("utf-8"))
            if total == size:
                break
            size = total
        self._nq.write(meta_nq)
        self._records_nq.seek(0)
        shutil.copyfileobj(self._records_nq, self._nq)
        self._nq.close()
        with (self.folder / VOID_FILE).open("w", encoding="utf-8", newline="\n") as void:
            joiner = _TurtleJoiner(void)
            joiner.add(turtle(meta, self.minter.base))
            self._records_ttl.seek(0)
            body = self._records_ttl.read()  # its prefixes are declared again only where they differ
            joiner.add(body)
        for part in (self._records_nq, self._records_ttl):
            part.close()
            Path(part.name).unlink()
        return meta

    def _example_entities(self) -> list[str]:
        """A person and an instrument mentioned in the documents, when there are any."""
        picks: list[str] = []
        for kind in ("/person/", "/instrument/"):
            found = sorted(s for s in self.stats.shared_subjects if kind in s)
            if found:
                picks.append(found[0])
        return picks
