"""The pipeline's validation step reports exactly what plain pySHACL reports, only faster."""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import SH
from rdflib.plugins.sparql import processor as sparql_processor

from diplograph.validate import parse_each_query_once, validate_graph

ROOT = Path(__file__).resolve().parents[1]
OA = Namespace("http://www.w3.org/ns/oa#")


def test_memoised_parsing_reports_what_plain_pyshacl_reports() -> None:
    shapes = Graph().parse(ROOT / "shapes" / "diplograph.shacl.ttl")
    broken = Graph().parse(ROOT / "tests" / "fixtures" / "valid_document.ttl")
    for s, p, o in list(broken.triples((None, OA.start, None))):
        broken.remove((s, p, o))
        broken.add((s, p, Literal(int(o) + 3, datatype=o.datatype)))

    ours = validate_graph(broken, shapes, "fixture")
    assert ours, "shifting every quote by three characters must break the quote-matches-offsets constraint"

    _, report, _ = pyshacl.validate(broken, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    plain = sorted(
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    )
    assert sorted((v.focus, v.message) for v in ours) == plain


def test_the_parse_memo_is_scoped() -> None:
    before = sparql_processor.SPARQLProcessor.query
    with parse_each_query_once():
        assert sparql_processor.SPARQLProcessor.query is not before
    assert sparql_processor.SPARQLProcessor.query is before
