"""The whole job: read → extract → link → build → validate → publish, one document at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from . import paths
from .build.document_graph import build_document_graph
from .build.entities import describe_entity
from .build.iris import DEFAULT_BASE, Minter
from .build.vocab import CLASSES, INSTRUMENT_CLASSES
from .errors import FormatError, InputError, ValidationFailed
from .extract.document import extract
from .link.linker import Linker
from .publish import DATASET_NQUADS, DATASET_TURTLE, DOCUMENTS_DIR, nquads, staged_output, turtle, write_text
from .read import corpus_files, read_document
from .validate import Violation, load_shapes, validate_graph

from rdflib.namespace import RDF
from .build.iris import DG


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0


def reference_graph(linker: Linker, minter: Minter) -> Graph:
    g = Graph()
    for entity in linker.reference.entities.values():
        if entity.category == "instrument":
            kinds = [INSTRUMENT_CLASSES[entity.kind or "proposed_instrument"], DG.Instrument]
        else:
            kinds = CLASSES[entity.category]
        node = minter.entity(entity.category, entity.id)
        for cls in kinds:
            g.add((node, RDF.type, cls))
        describe_entity(g, minter, entity, node, links=True)
    return g


def build(
    corpus: Path,
    out: Path = paths.GRAPH,
    *,
    reference: Path = paths.REFERENCE,
    shapes: Path = paths.SHAPES,
    base: str = DEFAULT_BASE,
    keep_going: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build, validate and publish the graph of every document in `corpus` into `out`.

    Nothing in `out` changes unless the whole build succeeds; with `keep_going`, documents that cannot be
    read are reported in the result and the rest are published.
    """
    minter = Minter(base)
    linker = Linker.from_folder(reference)
    shapes_graph = load_shapes(str(shapes))
    result = BuildResult()
    files = corpus_files(corpus)
    if not files:
        raise FormatError("no .txt documents found", path=corpus)
    graphs: dict[URIRef, Graph] = {}
    sources: dict[str, str] = {}
    for path in files:
        try:
            doc = read_document(path)
            if doc.key in sources:
                raise FormatError(f"the same document as {sources[doc.key]} (key {doc.key})", path=path)
            sources[doc.key] = str(path)
            graph = build_document_graph(extract(doc, linker), minter, linker)
        except InputError as exc:
            if not keep_going:
                raise
            result.failed.append(exc)
            continue
        result.violations += validate_graph(graph, shapes_graph, doc.file_name)
        graphs[minter.document(doc.key)] = graph
        result.documents.append(doc.key)
        if progress:
            progress(doc.key)
    ref_graph = reference_graph(linker, minter)
    result.violations += validate_graph(ref_graph, shapes_graph, "reference data")
    if result.violations:
        raise ValidationFailed(
            f"{len(result.violations)} SHACL violation(s); nothing was published:\n"
            + "\n".join("  " + v.render() for v in result.violations[:50])
        )
    graphs[minter.reference_graph()] = ref_graph
    everything = Graph()
    for g in graphs.values():
        everything += g
    result.triples = len(everything)
    with staged_output(out) as tmp:
        write_text(tmp / DATASET_TURTLE, turtle(everything, base))
        write_text(tmp / DATASET_NQUADS, nquads(graphs))
        for name, g in graphs.items():
            key = str(name).rsplit("/", 1)[-1]
            write_text(tmp / DOCUMENTS_DIR / f"{key}.ttl", turtle(g, base))
    return result
