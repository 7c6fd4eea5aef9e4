"""What gets loaded: the named graphs of a build folder's N-Quads, or of one RDF file, each a unit of loading.

Each named graph (one per document, the reference set, the build's metadata, the ontology, …) is replaced as a
whole in the target store, so a graph is the unit of atomicity and of the failure report. Each file is parsed
completely before any of its graphs is written: a syntax error in a single-file input stops the load before the store
is touched, and in a later part of a build in parts it leaves every graph either old or new.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..formats import Format, by_extension
from ..publish import DATASET_NQUADS, dataset_files

METADATA_GRAPH_PATH = "/id/graph/metadata"


@dataclass(frozen=True)
class GraphUnit:
    """One named graph and its triples: what one transaction (or one HTTP PUT) replaces."""

    name: ox.NamedNode
    triples: tuple[ox.Triple, ...]

    def __len__(self) -> int:
        return len(self.triples)

    def quads(self) -> list[ox.Quad]:
        return [ox.Quad(t.subject, t.predicate, t.object, self.name) for t in self.triples]

    def ntriples(self) -> str:
        """The graph as N-Triples (also valid Turtle): every term in its escaped canonical form."""
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in self.triples)

    def has_blank_nodes(self) -> bool:
        return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in self.triples)


def source_files(graph: Path) -> list[Path]:
    """The RDF files a --graph option names: a build folder's N-Quads (one file, or one per part of a large corpus),
    or the file itself."""
    return dataset_files(graph) if graph.is_dir() else [graph]


def rdf_format(path: Path) -> Format:
    """The format registry's entry for the file's extension (formats.py names each format's Oxigraph parser)."""
    fmt = by_extension(path.name)
    if fmt is None:
        raise InputError("unknown RDF file extension", path=path, hint="use .nq, .trig, .ttl, .nt, .rdf or .jsonld")
    return fmt


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DOCUMENT = ox.NamedNode("https://w3id.org/diplograph/ontology#Document")


def triples_graph_name(path: Path, fmt: Format | None = None) -> ox.NamedNode:
    """The named graph a triples file (Turtle, N-Triples, RDF/XML, which carry no graph names) goes into, so that it
    answers the canned queries as the N-Quads do: a build's documents/KEY.ttl, which describes one document, goes
    into that document's graph (its IRI, as in diplograph.nq); a file with no document (reference.ttl, the ontology)
    into a graph named by its file: URI. A file with the triples of several documents (a build's diplograph.ttl) cannot
    be split back into their graphs, and is refused with what to give instead."""
    fmt = fmt or rdf_format(path)
    found: list[ox.NamedNode] = []
    try:
        for quad in ox.parse(path=str(path), format=fmt.oxigraph):
            if quad.predicate == _RDF_TYPE and quad.object == _DOCUMENT and isinstance(quad.subject, ox.NamedNode):
                if quad.subject not in found:
                    found.append(quad.subject)
                if len(found) > 1:
                    break
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse the {fmt.name} file: {exc}", path=path) from None
    if len(found) > 1:
        raise InputError(
            f"this {fmt.name} file holds the graphs of several documents without their graph names (a triples format "
            "has none), and the canned queries read each document's own named graph",
            path=path, hint="give the build folder, its diplograph.nq, or one document's documents/KEY.ttl",
        )
    return found[0] if found else ox.NamedNode(path.resolve().as_uri())


def iter_units(graph: Path) -> Iterator[GraphUnit]:
    """The named-graph units of a build folder or an RDF file, file by file, each file parsed completely before
    any of its graphs is given out (a build keeps every named graph whole in one file). Memory holds one file's graphs,
    so a corpus published in parts loads in the memory of its largest part.

    The build's metadata graph (…/id/graph/metadata, the dataset description that names the build) comes last, so a
    load that stops part-way never leaves a store whose description claims a build it does not hold whole; in a build
    in parts its file is read again at the end rather than kept in memory meanwhile.

    Triples in the default graph of a quads file are refused rather than guessed at: replacing a store's default
    graph would clobber data diplograph does not own.
    """
    files = source_files(graph)
    empty = True
    deferred: list[GraphUnit] = []
    again: list[Path] = []
    for path in files:
        for name, triples in _read_graphs(path).items():
            empty = False
            if is_metadata_graph(name):
                if len(files) == 1:
                    deferred.append(GraphUnit(name, tuple(triples)))
                elif path not in again:
                    again.append(path)
                continue
            yield GraphUnit(name, tuple(triples))
    if empty:
        raise InputError("the file holds no triples", path=files[0])
    for path in again:
        deferred += [GraphUnit(n, tuple(t)) for n, t in _read_graphs(path).items() if is_metadata_graph(n)]
    yield from deferred


def is_metadata_graph(name: ox.NamedNode) -> bool:
    """Whether a graph is a build's dataset description (its IRI is BASE/id/graph/metadata)."""
    return name.value.endswith(METADATA_GRAPH_PATH)


def read_units(graph: Path) -> list[GraphUnit]:
    """Every named-graph unit of a build folder or an RDF file, in first-seen order."""
    return list(iter_units(graph))


def _read_graphs(path: Path) -> dict[ox.NamedNode, list[ox.Triple]]:
    """One file's triples by named graph, in first-seen order."""
    if not path.exists():
        hint = "run 'diplograph build' first" if path.name == DATASET_NQUADS else "check the --graph path"
        raise InputError("no RDF file here", path=path, hint=hint)
    fmt = rdf_format(path)
    groups: dict[ox.NamedNode, list[ox.Triple]] = {}
    default_graph = 0
    target = None if fmt.quads else triples_graph_name(path, fmt)
    try:
        for quad in ox.parse(path=str(path), format=fmt.oxigraph):
            name = target if target is not None else quad.graph_name
            if not isinstance(name, ox.NamedNode):
                default_graph += 1
                continue
            groups.setdefault(name, []).append(quad.triple)
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot parse the {fmt.name} file: {exc}", path=path) from None
    if default_graph:
        raise InputError(
            f"{default_graph} triple(s) are in the default graph or a blank-node graph; only named graphs can be "
            "loaded (each is replaced whole)", path=path, hint="put them in a named graph (TriG or N-Quads)",
        )
    return groups
