"""Benchmark: pySHACL over the whole graph against diplograph.shacl (SHACL compiled to SPARQL, pyoxigraph).

The bundled corpus is built into a temporary folder; its graphs (graph/documents/*.ttl) are copied with
every minted IRI renamed per copy (document keys get digits appended, entity slugs a "-cN" suffix) until
the data reaches the asked number of triples. pySHACL (inference "none", advanced, inside
diplograph.validate.parse_each_query_once, as the pipeline runs it) validates the union of the copies as
one rdflib Graph; diplograph.shacl validates the same quads loaded into a pyoxigraph Store, every copy as
its own named graph. Both run in this process, once per size.

    python bench/validation.py                                  # 100k and 300k with pySHACL, 1M fast only
    python bench/validation.py --sizes 1000000 --pyshacl-up-to 1000000

The last line reads `triples=T pyshacl_s=A fast_s=B ratio=R` for the largest size both ran at.
"""

from __future__ import annotations

import argparse
import math
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from diplograph import paths
from diplograph.pipeline import build
from diplograph.shacl import read_shapes, validate_store
from diplograph.shacl.run import QueryTiming
from diplograph.validate import load_shapes, parse_each_query_once

BASE = "https://w3id.org/diplograph/id/"
DOCUMENT = re.compile(r"^(https?://\S*?/id/document/)(kremlin-(?:en|ru)-[0-9]+|file-[a-z0-9-]+)")
ENTITY = re.compile(r"^(https?://\S*?/id/(?:person|organisation|state|office|instrument)/)([a-z0-9-]+)$")


def corpus_graphs(folder: Path) -> dict[str, Graph]:
    out = {}
    for file in sorted((folder / "documents").glob("*.ttl")):
        name = BASE + ("graph/reference" if file.stem == "reference" else f"document/{file.stem}")
        out[name] = Graph().parse(file, format="turtle")
    return out


def renamed(iri: str, copy: int) -> str:
    """The IRI of copy `copy`: still inside every IRI pattern of the shapes."""
    doc = DOCUMENT.match(iri)
    if doc:
        key = doc.group(2)
        new_key = f"{key}{copy:05d}" if key.startswith("kremlin-") else f"{key}-c{copy}"
        return doc.group(1) + new_key + iri[doc.end():]
    entity = ENTITY.match(iri)
    if entity:
        return f"{entity.group(1)}{entity.group(2)}-c{copy}"
    return iri


def replicate(graphs: dict[str, Graph], triples: int) -> list[tuple[str, list[tuple]]]:
    """(graph IRI, triples) for enough renamed copies of `graphs` to reach `triples` triples."""
    per_copy = sum(len(g) for g in graphs.values())
    copies = max(1, math.ceil(triples / per_copy))
    out = []
    for copy in range(copies):
        for name, graph in graphs.items():
            rows = []
            for s, p, o in graph:
                s2 = URIRef(renamed(str(s), copy)) if isinstance(s, URIRef) else s
                o2 = URIRef(renamed(str(o), copy)) if isinstance(o, URIRef) else o
                rows.append((s2, p, o2))
            graph_name = renamed(name, copy) if "/document/" in name else f"{name}-c{copy}"
            out.append((graph_name, rows))
    return out


def to_ox(node: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))


def quads(data: list[tuple[str, list[tuple]]]) -> list[ox.Quad]:
    out = []
    for name, rows in data:
        graph = ox.NamedNode(name)
        out += [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in rows]  # type: ignore[arg-type]
    return out


def run_pyshacl(data: list[tuple[str, list[tuple]]], shapes: Graph) -> tuple[float, int, int]:
    union = Graph()
    for _, rows in data:
        for t in rows:
            union.add(t)
    started = time.perf_counter()
    with parse_each_query_once():
        _, report, _ = pyshacl.validate(
            union, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
    seconds = time.perf_counter() - started
    violations = len(set(report.subjects(SH.resultSeverity, SH.Violation)))
    return seconds, violations, len(union)


def run_fast(data: list[tuple[str, list[tuple]]], shapes: Graph) -> tuple[float, float, int, int, Counter[str]]:
    model = read_shapes(shapes)
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_extend(quads(data))
    load_seconds = time.perf_counter() - started
    per_constraint: Counter[str] = Counter()

    def note(t: QueryTiming) -> None:
        per_constraint[t.constraint] += t.seconds

    started = time.perf_counter()
    violations = validate_store(store, model, timings=note)
    return time.perf_counter() - started, load_seconds, len(violations), len(store), per_constraint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,300000,1000000", help="triples, comma-separated")
    parser.add_argument("--pyshacl-up-to", type=int, default=300_000, help="run pySHACL up to this size")
    parser.add_argument("--graph", type=Path, help="an already built graph/ folder (default: build corpus/)")
    args = parser.parse_args()
    shapes = load_shapes(str(paths.SHAPES))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.graph
        if folder is None:
            folder = Path(tmp) / "graph"
            build(paths.CORPUS, folder)
        graphs = corpus_graphs(folder)
    print(f"corpus: {len(graphs)} graphs, {sum(len(g) for g in graphs.values())} triples per copy")
    header = (
        f"{'target':>9} {'quads':>9} {'triples':>9} {'pyshacl_s':>10} {'py_viol':>8} "
        f"{'load_s':>7} {'fast_s':>7} {'fast_viol':>9} {'ratio':>7}"
    )
    print(header)
    last = ""
    for size in (int(s) for s in args.sizes.split(",")):
        data = replicate(graphs, size)
        fast_s, load_s, fast_v, quads, per_constraint = run_fast(data, shapes)
        py_s: float | None = None
        py_v: int | None = None
        triples = quads
        if size <= args.pyshacl_up_to:
            py_s, py_v, triples = run_pyshacl(data, shapes)
        ratio = f"{py_s / fast_s:7.1f}" if py_s else "      -"
        py_text = f"{py_s:10.1f} {py_v:>8}" if py_s is not None else f"{'-':>10} {'-':>8}"
        print(
            f"{size:>9} {quads:>9} {triples:>9} {py_text} {load_s:7.1f} {fast_s:7.2f} {fast_v:>9} {ratio}",
            flush=True,
        )
        slowest = ", ".join(f"{k} {v:.2f}s" for k, v in per_constraint.most_common(4))
        print(f"{'':>9} slowest constraint kinds (fast): {slowest}", flush=True)
        if py_s is not None:
            last = f"triples={triples} pyshacl_s={py_s:.1f} fast_s={fast_s:.2f} ratio={py_s / fast_s:.1f}"
    print(last or "triples=0 pyshacl_s=0 fast_s=0 ratio=0 (pySHACL did not run at any size)")


if __name__ == "__main__":
    main()
