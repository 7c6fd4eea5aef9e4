"""Stage 5 — validate: every document graph against the SHACL shapes, with a readable report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query


@dataclass(frozen=True)
class Violation:
    document: str
    focus: str
    path: str
    message: str
    shape: str

    def render(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.document}: {self.focus}{where}: {self.message}"


@cache
def load_shapes(folder: str) -> Graph:
    g = Graph()
    for path in sorted(Path(folder).glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=512)
def _parsed(text: str, base: str | None, namespaces: frozenset[tuple[str, Any]]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


@contextmanager
def parse_each_query_once() -> Iterator[None]:
    """pySHACL hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses it every
    time: on our shapes that parsing is about 90% of validation. Inside this block, each distinct query text
    (with the namespaces and base rdflib passes along) is parsed once and reused; bindings still vary per call.
    """
    original = sparql_processor.SPARQLProcessor.query

    def query(
        self: Any, q: Any, initBindings: Any = None, initNs: Any = None, base: Any = None, DEBUG: bool = False
    ) -> Any:  # noqa: N803
        if isinstance(q, str):  # rdflib passes the data graph's namespaces as initNs: part of the key
            q = _parsed(q, base, frozenset((initNs or {}).items()))
        return original(self, q, initBindings, initNs, base, DEBUG)

    sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        sparql_processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate_graph(data: Graph, shapes: Graph, document: str) -> list[Violation]:
    with parse_each_query_once():
        conforms, report, _ = shacl_validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
    if conforms:
        return []
    out: list[Violation] = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):  # type: ignore[union-attr]
        fields = [
            report.value(result, p) for p in (SH.focusNode, SH.resultPath, SH.resultMessage, SH.sourceShape)
        ]  # type: ignore[union-attr]
        out.append(Violation(document, *("" if f is None else str(f) for f in fields)))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
