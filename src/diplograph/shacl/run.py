"""Run the compiled constraint queries on a pyoxigraph Store and turn their rows into violations."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..validate import Violation
from .compile import CompiledQuery, RowKind, compile_shapes
from .model import ShapesModel, read_shapes


@dataclass(frozen=True)
class QueryTiming:
    """How long one compiled query took and how many violations it found (for the benchmark)."""

    shape: str
    constraint: str
    seconds: float
    violations: int


def text(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A term as pySHACL's str() shows it: the IRI, the blank-node id, the literal's lexical form."""
    if node is None:
        return ""
    if isinstance(node, ox.Triple):
        return str(node)
    return node.value


def fill_message(message: str, bindings: dict[str, str]) -> str:
    """pySHACL replaces {?var} and {$var} in a SPARQL-based result's message with the row's values."""
    for var, value in bindings.items():
        message = re.sub(r"\{[?$]" + re.escape(var) + r"\}", lambda _m, v=value: v, message)  # type: ignore[misc]
    return message


def violations_of(query: CompiledQuery, store: ox.Store) -> list[Violation]:
    rows = store.query(query.sparql)
    assert isinstance(rows, ox.QuerySolutions)
    if query.kind is RowKind.FLAGS:
        return flagged(query, rows)
    out: list[Violation] = []
    for row in rows:
        document, focus = text(row["_dgG"]), text(row["this"])
        if query.kind is RowKind.FOCUS:
            out.append(Violation(document, focus, query.path, query.message, query.shape))
        elif query.kind is RowKind.QUALIFIED:
            count = int(text(row["_dgN"]))
            # pySHACL reports the max and the min side as two separate results.
            if query.max_count is not None and count > query.max_count:
                out.append(Violation(document, focus, query.path, query.message, query.shape))
            if query.min_count is not None and count < query.min_count:
                out.append(Violation(document, focus, query.path, query.message, query.shape))
        else:
            bindings = {"this": focus}
            for var in query.variables:
                value = row[var]
                if value is not None:
                    bindings[var] = text(value)
            path = bindings.get("path", query.path)
            out.append(Violation(document, focus, path, fill_message(query.message, bindings), query.shape))
    return out


def flagged(query: CompiledQuery, rows: ox.QuerySolutions) -> list[Violation]:
    """A merged query's rows (compile.compile_merged): a violation for each true flag; for a check about the
    focus node as a whole (sh:minCount 1, sh:maxCount 1), one per focus node, however many of its rows carry it."""
    out: list[Violation] = []
    columns = [f"_dgF{i}" for i in range(len(query.checks))]
    reported: set[tuple[int, str, str]] = set()
    for row in rows:
        document, focus = text(row["_dgG"]), text(row["this"])
        for i, (check, column) in enumerate(zip(query.checks, columns, strict=True)):
            flag = row[column]
            if flag is None or flag.value not in ("true", "1"):
                continue
            if check.per_focus:
                if (i, document, focus) in reported:
                    continue
                reported.add((i, document, focus))
            out.append(Violation(document, focus, check.path, check.message, check.shape))
    return out


_COMPILED: dict[tuple[int, tuple[str, ...] | None, bool], tuple[ShapesModel, list[CompiledQuery]]] = {}


def compiled(model: ShapesModel, graphs: list[str] | None, subclasses: bool) -> list[CompiledQuery]:
    """compile_shapes, remembered: the build validates batch after batch with one model, and compiling every
    shape again took a tenth of the time of validating a batch."""
    key = (id(model), tuple(graphs) if graphs is not None else None, subclasses)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is model:
        return hit[1]
    if len(_COMPILED) >= 16:
        _COMPILED.clear()
    queries = compile_shapes(model, graphs, subclasses=subclasses)
    _COMPILED[key] = (model, queries)
    return queries


def named_graphs(store: ox.Store, graphs: list[ox.NamedNode] | None) -> list[str] | None:
    if graphs is None:
        return None
    return [g.value for g in graphs]


def has_subclass_triples(store: ox.Store, graphs: list[str] | None) -> bool:
    """Whether any validated graph says rdfs:subClassOf (then targets and sh:class must follow it)."""
    values = "" if graphs is None else "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "
    answer = store.query(
        f"ASK {{ {values}GRAPH ?g {{ ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }} }}"
    )
    return bool(answer)


def validate_store(
    store: ox.Store,
    shapes: Path | Graph | ShapesModel,
    graphs: list[ox.NamedNode] | None = None,
    *,
    timings: Callable[[QueryTiming], None] | None = None,
) -> list[Violation]:
    """Validate every named graph of `store` (or only `graphs`) on its own against `shapes`.

    A violation's `document` is the IRI of the named graph it occurs in; `shape` is the stable shape key
    of diplograph.shacl.model.shape_key. The result is sorted like diplograph.validate.validate_graph's,
    one entry per pySHACL validation result (so the same violation can appear more than once, e.g. one per
    offending value).
    """
    model = shapes if isinstance(shapes, ShapesModel) else read_shapes(shapes)
    names = named_graphs(store, graphs)
    queries = compiled(model, names, has_subclass_triples(store, names))
    out: list[Violation] = []
    for query in queries:
        started = time.perf_counter()
        found = violations_of(query, store)
        if timings:
            timings(QueryTiming(query.shape, query.constraint, time.perf_counter() - started, len(found)))
        out += found
    return sorted(out, key=lambda v: (v.document, v.focus, v.path, v.message, v.shape))
