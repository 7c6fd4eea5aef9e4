"""The publication bundle, written as documents stream in.

graph/
  diplograph.ttl        every document graph and the reference graph, as Turtle (one block per graph)
  diplograph.jsonld     the same as JSON-LD named graphs, with its context inline (context.jsonld beside it)
  diplograph.nq         N-Quads: one named graph per document, the reference graph and the metadata graph
  void.ttl              the metadata graph: VoID statistics, DCAT distributions, provenance of each graph
  documents/KEY.ttl     one Turtle file per document (and reference.ttl)
  ontology/, shapes/    the ontology and SHACL shapes the graph was built and validated with

A large corpus (parts.py: PART_SPAN documents or more) is published in parts: the documents' graphs go to
parts/NAME.ttl, parts/NAME.nq and parts/NAME.jsonld (NAME is the key of a part's first document), and the
diplograph.* files hold the reference and metadata graphs. Every named graph lies whole in one file.
A part changes only when one of its documents does, so a rebuild after an edit links every other part from
the build cache instead of writing it again.

Every file is deterministic: the same input gives the same bytes (unless a release stamp is given).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

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
from ..build.terms import Triple, Triples, from_rdflib
from ..formats import FORMATS
from ..validate import Violation
from .files import DATASET_NQUADS, DATASET_TURTLE, DOCUMENTS_DIR, PARTS_DIR, prefixes, turtle
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

if TYPE_CHECKING:
    from ..cache import BuildCache, CachedPart

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
    # What the reader says about the source (an excerpt, no date, an inferred title), for the build's report.
    warnings: list[str] = field(default_factory=list)


class Spans(NamedTuple):
    """Where one graph's text lies in a part's files: (offset, length) in bytes, in data.nq and in data.jsonld."""

    nquads: tuple[int, int]
    jsonld: tuple[int, int]


def bare(doc: DocumentOutput) -> DocumentOutput:
    """The document's output without its three texts (what the cache keeps beside a part that holds them)."""
    return replace(doc, turtle="", nquads="", jsonld="", violations=[], seconds={})


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
    """Joins per-graph Turtle files into one: a prefix is declared again only where its namespace changes. Only the
    head of each text (its prefix lines) is looked at; the body is written through."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.prefixes: dict[str, str] = {}
        self.first = True

    def add(self, text: str) -> None:
        head: list[str] = []
        pos = 0
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end + 1
            line = text[pos:end]
            if line.startswith("@prefix "):
                name, iri = line[len("@prefix ") :].split(None, 1)
                if self.prefixes.get(name) != iri:
                    self.prefixes[name] = iri
                    head.append(line)
            elif line.strip():
                break
            pos = end
        if not self.first:
            self.out.write("\n")
        self.out.write("".join(head))
        if head:
            self.out.write("\n")
        self.out.write(text[pos:].strip("\n") + "\n")
        self.first = False


Check = Callable[[Graph | Triples, str], list[Violation]]  # (a piece of the metadata graph, its N-Quads) → violations

RECORDS_PER_CHECK = 2000  # graph records validated together
_PART_FILES = {"turtle": "data.ttl", "nquads": "data.nq", "jsonld": "data.jsonld"}


class _DataFiles:
    """One set of data files — Turtle, N-Quads, JSON-LD — written as graphs arrive. The N-Quads and JSON-LD files are
    written as bytes, so where each graph's text lies in them is known (a part's graphs are read back from there
    when a rebuild needs them)."""

    def __init__(self, files: dict[str, Path], ctx: dict[str, str]) -> None:
        self.ttl = files["turtle"].open("w", encoding="utf-8", newline="\n")
        self.nq = files["nquads"].open("wb")
        self.jsonld = files["jsonld"].open("wb")
        self.joiner = _TurtleJoiner(self.ttl)
        self.jsonld_size = self.jsonld.write(dataset_head(ctx).encode("utf-8"))
        self.nq_size = 0
        self.first_graph = True

    def add(self, turtle_doc: str, nquads_doc: str, jsonld_doc: str) -> Spans:
        """Write one graph; return the byte spans of its N-Quads and its JSON-LD object."""
        self.joiner.add(turtle_doc)
        nq_start = self.nq_size
        self.nq_size += self.nq.write(nquads_doc.encode("utf-8"))
        if not self.first_graph:
            self.jsonld_size += self.jsonld.write(GRAPH_SEPARATOR.encode("utf-8"))
        jsonld_start = self.jsonld_size
        self.jsonld_size += self.jsonld.write(jsonld_doc.encode("utf-8"))
        self.first_graph = False
        return Spans((nq_start, self.nq_size - nq_start), (jsonld_start, self.jsonld_size - jsonld_start))

    def close_turtle_and_jsonld(self) -> None:
        self.jsonld.write(DATASET_TAIL.encode("utf-8"))
        self.ttl.close()
        self.jsonld.close()

    def close(self) -> None:
        self.close_turtle_and_jsonld()
        self.nq.close()


class _Records:
    """The metadata graph's records of some graphs (subset, size, provenance): N-Quads and Turtle spooled to files,
    validated in batches, so nothing grows with the corpus."""

    def __init__(self, nq: Path, ttl: Path, writer: BundleWriter) -> None:
        self.writer = writer
        self.nq = nq.open("w+", encoding="utf-8", newline="\n")
        self.ttl = ttl.open("w+", encoding="utf-8", newline="\n")
        self.joiner = _TurtleJoiner(self.ttl)
        self.pending: set[Triple] = set()
        self.pending_nq: list[str] = []

    def add(self, graph: str, triples: int, item: Provenance | None) -> None:
        w = self.writer
        record = graph_record(w.minter, graph, triples, item, w.release)
        nq = nquads_text(record, w.meta_name)
        self.nq.write(nq)
        self.joiner.add(turtle_text(record, w.prefixes))
        if w.check is not None:
            self.pending |= record
            self.pending_nq.append(nq)
            if len(self.pending_nq) >= RECORDS_PER_CHECK:
                self.check()

    def check(self) -> None:
        w = self.writer
        if w.check is None or not self.pending_nq:
            return
        software = Graph()
        software_description(software, w.minter)  # the records point at it; it is written once, with the rest
        self.pending |= from_rdflib(software)
        w.violations += w.check(self.pending, "".join(self.pending_nq) + nquads_text(software, w.meta_name))
        self.pending, self.pending_nq = set(), []

    def append_nquads_to(self, out: IO[bytes]) -> None:
        self.nq.flush()
        with open(self.nq.name, "rb") as spooled:
            shutil.copyfileobj(spooled, out)

    def close(self, *, keep: bool = False) -> None:
        for f in (self.nq, self.ttl):
            f.close()
            if not keep:
                Path(f.name).unlink()


@dataclass
class PartInfo:
    """What the bundle needs to know of a finished part without reading its files."""

    name: str  # its files are parts/NAME.ttl, .nq, .jsonld: NAME is the key of its first document
    documents: list[tuple[str, str]]  # (key, graph IRI) of each document, in order
    stats: DatasetStats
    sizes: dict[str, int]  # format → size in bytes of the part's file in that format


@dataclass(frozen=True)
class _PublishedPart:
    """What the bundle keeps of a part once it is linked in: its name, its files' sizes and the folder holding its
    records (its statistics are merged and its documents linked, so they are not kept: a corpus has hundreds of
    parts)."""

    name: str
    sizes: dict[str, int]
    folder: Path


@dataclass
class _Sink:
    """Where documents go: the diplograph.* files of a small corpus, or the open part's folder of a large one."""

    folder: Path
    files: _DataFiles
    records: _Records
    stats: DatasetStats
    documents: list[tuple[str, str]] = field(default_factory=list)  # (key, graph IRI) of each document, in order
    # A part's documents without their texts, and where the texts lie in its files: the cache keeps these, so a
    # rebuild that must write the part again takes its unchanged documents from the files already written.
    kept: list[tuple[DocumentOutput, Spans]] = field(default_factory=list)


def read_texts(folder: Path, key: str, spans: Spans) -> tuple[str, str, str]:
    """A document's Turtle, N-Quads and JSON-LD as a part folder holds them (documents/KEY.ttl, data.nq, data.jsonld).
    Raises OSError or UnicodeDecodeError when they are not there whole."""
    turtle_doc = (folder / DOCUMENTS_DIR / f"{key}.ttl").read_text(encoding="utf-8")
    texts = []
    for name, (start, length) in ((_PART_FILES["nquads"], spans.nquads), (_PART_FILES["jsonld"], spans.jsonld)):
        with (folder / name).open("rb") as f:
            f.seek(start)
            data = f.read(length)
        if len(data) != length:
            raise OSError(f"{folder / name} is shorter than the cache recorded")
        texts.append(data.decode("utf-8"))
    return turtle_doc, texts[0], texts[1]


def _link(source: Path, target: Path) -> None:
    """Hard-link a finished file into the bundle (a copy where the file system cannot link)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class BundleWriter:
    """Writes the bundle as graphs arrive, either all into the diplograph.* files or, for a large corpus, part by part
    (`parts=True`): each part is written once into the build cache (or a scratch folder without one) and linked into
    the bundle, and a part the cache already holds is linked without being written again."""

    def __init__(
        self,
        folder: Path,
        minter: Minter,
        *,
        release: dt.datetime | None = None,
        check: Check | None = None,
        parts: bool = False,
        cache: BuildCache | None = None,
    ) -> None:
        self.folder = folder
        self.minter = minter
        self.release = release
        self.check = check
        self.in_parts = parts
        self.cache = cache
        self.violations: list[Violation] = []
        self.stats = DatasetStats()
        self.examples: list[str] = []
        self.meta_name = str(minter.id["graph/metadata"])
        self.parts: list[_PublishedPart] = []
        self._part: tuple[str, _Sink] | None = None  # the open part: its id and where its documents go
        self._scratch = folder / ".parts"
        (folder / DOCUMENTS_DIR).mkdir(parents=True, exist_ok=True)
        if parts:
            (folder / PARTS_DIR).mkdir()
        self.ctx = context(minter.base)
        self.prefixes = prefixes(minter.base)
        self.head = _DataFiles(
            {"turtle": folder / DATASET_TURTLE, "nquads": folder / DATASET_NQUADS, "jsonld": folder / DATASET_JSONLD},
            self.ctx,
        )
        self.head_records = _Records(folder / ".metadata.nq.part", folder / ".metadata.ttl.part", self)
        self._head = _Sink(folder, self.head, self.head_records, self.stats)

    # -- parts -----------------------------------------------------------------------------------------------------

    def begin_part(self, part_id: str) -> None:
        if not self.in_parts:
            return
        if self.cache is not None:
            folder = self.cache.new_part_folder()
        else:
            self._scratch.mkdir(exist_ok=True)
            folder = self._scratch / part_id
            folder.mkdir()
        (folder / DOCUMENTS_DIR).mkdir()
        files = _DataFiles({fmt: folder / name for fmt, name in _PART_FILES.items()}, self.ctx)
        records = _Records(folder / "records.nq", folder / "records.ttl", self)
        self._part = (part_id, _Sink(folder, files, records, DatasetStats()))

    def add_document(self, doc: DocumentOutput) -> None:
        sink = self._part[1] if self._part is not None else self._head
        (sink.folder / DOCUMENTS_DIR / f"{doc.key}.ttl").write_text(doc.turtle, encoding="utf-8", newline="\n")
        spans = sink.files.add(doc.turtle, doc.nquads, doc.jsonld)
        if sink is not self._head and self.cache is not None:
            sink.kept.append((bare(doc), spans))
        sink.stats.add(doc.stats, document=True)
        sink.records.add(doc.graph, doc.stats.triples, Provenance(doc.graph, doc.url, doc.sha256))
        sink.documents.append((doc.key, doc.graph))
        if sink is self._head and len(self.examples) < 3:
            self.examples.append(doc.graph)

    def end_part(self, *, keep: bool) -> None:
        """Finish the open part and link it into the bundle; with `keep` (the part is whole and valid) the cache keeps
        it for the next build."""
        if self._part is None:
            return
        (part_id, part), self._part = self._part, None
        part.files.close()
        if not part.documents:  # no document of the part could be read
            part.records.close()
            shutil.rmtree(part.folder, ignore_errors=True)
            return
        part.records.check()
        part.records.close(keep=True)  # the head N-Quads and void.ttl take them from the part's folder
        info = PartInfo(
            name=part.documents[0][0],
            documents=part.documents,
            stats=part.stats,
            sizes={fmt: (part.folder / name).stat().st_size for fmt, name in _PART_FILES.items()},
        )
        folder = part.folder
        if self.cache is not None and keep:
            folder = self.cache.keep_part(part_id, part.folder, info)
            self.cache.put_in_part(part_id, part.kept)
        elif self.cache is not None:  # not for keeping: it goes with the bundle's scratch files
            self._scratch.mkdir(exist_ok=True)
            folder = Path(shutil.move(part.folder, self._scratch / part_id))
        self._add_part(info, folder)

    def reuse_part(self, cached: CachedPart) -> PartInfo:
        """Link a part the cache holds into the bundle."""
        self._add_part(cached.info, cached.folder)
        return cached.info

    def _add_part(self, info: PartInfo, folder: Path) -> None:
        for fmt, name in _PART_FILES.items():
            _link(folder / name, self.folder / PARTS_DIR / f"{info.name}{FORMATS[fmt].extension}")
        for key, _ in info.documents:
            _link(folder / DOCUMENTS_DIR / f"{key}.ttl", self.folder / DOCUMENTS_DIR / f"{key}.ttl")
        self.stats.merge(info.stats)
        self.examples += [graph for _, graph in info.documents[: max(0, 3 - len(self.examples))]]
        self.parts.append(_PublishedPart(info.name, info.sizes, folder))

    # -- the reference graph and the dataset's description ----------------------------------------------------------

    def add_reference(self, graph: Graph) -> None:
        name = str(self.minter.reference_graph())
        text = turtle(graph, self.minter.base)
        (self.folder / DOCUMENTS_DIR / "reference.ttl").write_text(text, encoding="utf-8", newline="\n")
        self.head.add(text, nquads_text(graph, name), named_graph_object(name, graph, Compactor(self.ctx)))
        stats = GraphStats.of(graph, name + "/")
        self.stats.add(stats, document=False)
        self.head_records.add(name, stats.triples, None)

    def _distributions(self) -> list[Distribution]:
        scope = "The reference data" if self.in_parts else "The whole dataset"
        dists = [
            Distribution(name, FORMATS[fmt].media_type, f"{scope} as {label}", (self.folder / name).stat().st_size)
            for name, fmt, label in ((DATASET_TURTLE, "turtle", "Turtle"), (DATASET_JSONLD, "jsonld", "JSON-LD"))
        ]
        count = len(self.parts)
        for i, part in enumerate(self.parts, 1):
            for fmt, label in (("turtle", "Turtle"), ("nquads", "N-Quads"), ("jsonld", "JSON-LD")):
                dists.append(
                    Distribution(
                        f"{PARTS_DIR}/{part.name}{FORMATS[fmt].extension}",
                        FORMATS[fmt].media_type,
                        f"Documents, part {i} of {count}, as {label}",
                        part.sizes[fmt],
                    )
                )
        return dists

    def finish(self) -> Graph:
        """Close the data files, copy the ontology and shapes, and write the metadata graph; return it."""
        self.head.close_turtle_and_jsonld()
        (self.folder / JSONLD_CONTEXT_FILE).write_text(
            json.dumps({"@context": self.ctx}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        for source, target in ((paths.ONTOLOGY, "ontology"), (paths.SHAPES, "shapes")):
            (self.folder / target).mkdir(exist_ok=True)
            for path in sorted(source.glob("*.ttl")):
                shutil.copyfile(path, self.folder / target / path.name)

        distributions = self._distributions()
        examples = self.examples[:1] + self._example_entities()
        self.head_records.check()
        self.head_records.nq.flush()
        part_records = [part.folder / "records.nq" for part in self.parts]
        head_size = self.head.nq.tell() + self.head_records.nq.tell() + sum(p.stat().st_size for p in part_records)
        title = "The reference and metadata graphs as N-Quads" if self.in_parts else "Named graphs as N-Quads"

        # The N-Quads file carries the metadata graph, which states the file's own size: find the fixed point.
        size: int | None = 0
        for _ in range(5):
            dists = distributions + [Distribution(DATASET_NQUADS, FORMATS["nquads"].media_type, title, size)]
            meta = metadata_graph(self.minter, self.stats, dists, examples, self.release)
            meta_nq = nquads_text(meta, self.meta_name)
            total = head_size + len(meta_nq.encode("utf-8"))
            if total == size:
                break
            size = total
        self.head.nq.write(meta_nq.encode("utf-8"))
        self.head_records.append_nquads_to(self.head.nq)
        for path in part_records:  # the whole metadata graph is in this one file, so loaders can go file by file
            with path.open("rb") as spooled:
                shutil.copyfileobj(spooled, self.head.nq)
        self.head.nq.close()
        with (self.folder / VOID_FILE).open("w", encoding="utf-8", newline="\n") as void:
            joiner = _TurtleJoiner(void)
            joiner.add(turtle(meta, self.minter.base))
            self.head_records.ttl.flush()
            for records in [Path(self.head_records.ttl.name)] + [part.folder / "records.ttl" for part in self.parts]:
                joiner.add(records.read_text(encoding="utf-8"))  # prefixes are declared again only where they differ
        self.head_records.close()
        shutil.rmtree(self._scratch, ignore_errors=True)
        return meta

    def _example_entities(self) -> list[str]:
        """A person and an instrument mentioned in the documents, when there are any."""
        picks: list[str] = []
        for kind in ("/person/", "/instrument/"):
            found = sorted(s for s in self.stats.shared_subjects if kind in s)
            if found:
                picks.append(found[0])
        return picks
