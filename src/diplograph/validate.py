"""Stage 5 — validate: every document graph against the SHACL shapes, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH


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


def validate_graph(data: Graph, shapes: Graph, document: str) -> list[Violation]:
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    out: list[Violation] = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):  # type: ignore[union-attr]
        def one(p: URIRef) -> str:
            value = report.value(result, p)  # type: ignore[union-attr]
            return str(value) if value is not None else ""

        out.append(
            Violation(document, one(SH.focusNode), one(SH.resultPath), one(SH.resultMessage), one(SH.sourceShape))
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
