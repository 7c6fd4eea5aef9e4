"""Run one SPARQL query on a store and write its results in the format the client asked for, at most a given
number of rows and of bytes.

pyoxigraph serialises a whole result iterator and cannot stop at a row limit, so SELECT results are written here
(SPARQL 1.1 Query Results JSON, XML, CSV and TSV) from the first `limit` solutions; ASK results and the triples of
CONSTRUCT/DESCRIBE (cut at the limit) go through pyoxigraph's own serialisers. Rows are collected while their
terms' total length stays under the byte limit, and a written result still over it is cut further; either cut
sets `Diplograph-Truncated: true`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from ..formats import HTML, LABELS, RESULT_FORMATS
from .describe import MEDIA_TYPE_ALIASES, RDF_BY_MEDIA_TYPE, serialize
from .negotiate import negotiate
from .querycheck import analyse

if TYPE_CHECKING:
    from .workers import WorkerContext

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
JSON_RESULTS = RESULT_FORMATS["json"].media_type
XML_RESULTS = RESULT_FORMATS["xml"].media_type
CSV_RESULTS = RESULT_FORMATS["csv"].media_type
TSV_RESULTS = RESULT_FORMATS["tsv"].media_type
# What each query form can answer with, in the server's order of preference (`*/*` gets the first); text/html is
# last, so only a client that names it (a browser) gets a results page. Aliases from the format registry.
SOLUTION_OFFERS = [*(r.media_type for r in RESULT_FORMATS.values()), HTML]
SOLUTION_ALIASES = {alias: r.media_type for r in RESULT_FORMATS.values() for alias in r.aliases}
GRAPH_OFFERS = [*RDF_BY_MEDIA_TYPE, HTML]
GRAPH_ALIASES = MEDIA_TYPE_ALIASES
BOOLEAN_FORMATS = {r.media_type: r.oxigraph for r in RESULT_FORMATS.values()}
FITTING = {
    "SELECT": ("a table of solutions", [f"{r.label} (format={r.name})" for r in RESULT_FORMATS.values()]
               + ["a page (format=html)"]),
    "CONSTRUCT": ("an RDF graph", [f"{LABELS[name]} (format={name})" for name in ("turtle", "jsonld", "ntriples",
                                                                                     "rdfxml")]
                  + ["a page (format=html)"]),
}
FITTING["ASK"] = ("a yes-or-no answer", FITTING["SELECT"][1])


@dataclass(frozen=True)
class Job:
    """One query to run, as sent to a worker process (picklable)."""

    query: str
    accept: str | None
    limit: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0  # 0: no limit
    format: str | None = None  # the `format=` value `accept` came from, named in the error when it does not fit

    def run(self, context: WorkerContext) -> Reply:
        return execute(context.store, self, sandboxed=context.sandboxed)


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    page: bool = False  # the client wants a page: the body (SPARQL JSON, or N-Triples for a graph) is to be shown

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def json_term(term: Term) -> dict[str, object]:
    """One RDF term as SPARQL 1.1 JSON results write it (RDF-star triples as nested terms)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": json_term(term.subject), "predicate": json_term(term.predicate),
                                        "object": json_term(term.object)}}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def write_solutions(variables: list[str], rows: list[list[Term | None]], media_type: str) -> bytes:
    if media_type == JSON_RESULTS:
        bindings = [{v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if media_type == XML_RESULTS:
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
        for row in rows:
            out.append("<result>")
            out.extend(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                       for v, t in zip(variables, row, strict=True) if t is not None)
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "\n".join(out).encode("utf-8")
    if media_type == CSV_RESULTS:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    # TSV: terms in their SPARQL/N-Triples syntax, which pyoxigraph's str() gives (tabs and newlines escaped).
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _not_acceptable(job: Job, form: str) -> Reply:
    """Why no format fits, naming the query form, what the client asked for (format= or Accept) and what fits."""
    what, fitting = FITTING[form]
    one, forms = (("a CONSTRUCT or DESCRIBE query", "CONSTRUCT and DESCRIBE queries") if form == "CONSTRUCT" else
                  (f"{'an' if form == 'ASK' else 'a'} {form} query", f"{form} queries"))
    asked = (f"format={job.format} does not fit {one}" if job.format else
             f"None of the media types the Accept header names ({job.accept}) fits {one}")
    other = ("Turtle, JSON-LD, N-Triples and RDF/XML are for CONSTRUCT and DESCRIBE queries, which give a graph."
             if form != "CONSTRUCT" else "SPARQL results in JSON, XML, CSV and TSV are for SELECT and ASK queries.")
    return Reply.text(406, f"{asked}. {forms} give {what}: {', '.join(fitting)}. {other}")


SERVICE_REFUSED = ("Federated queries (SERVICE) are not allowed here: this endpoint answers from its own data "
                   "only.")
EVALUATION_FAILED = ("The query failed while it ran. (This endpoint answers from its own data only: a SERVICE "
                     "call cannot reach any other server from here.)")
_Item = TypeVar("_Item")


def fit_bytes(items: list[_Item], write: Callable[[list[_Item]], bytes], max_bytes: int) -> tuple[bytes, bool]:
    """`write(items)`, or of the longest prefix of items whose writing fits in `max_bytes` (then True)."""
    body = write(items)
    if not max_bytes or len(body) <= max_bytes:
        return body, False
    low, high = 0, len(items)  # write(items[:low]) fits (or low == 0), write(items[:high]) does not
    best = write([])
    while high - low > 1:
        middle = (low + high) // 2
        candidate = write(items[:middle])
        if len(candidate) <= max_bytes:
            low, best = middle, candidate
        else:
            high = middle
    return best, True


def _size(terms: Sequence[Term | None]) -> int:
    return sum(len(str(t)) for t in terms if t is not None)


def execute(store: ox.Store, job: Job, *, sandboxed: bool = True) -> Reply:
    """Run the query; a syntax error is the client's (400), everything else a result in the negotiated format.

    A query whose parsed form calls SERVICE is refused; one that cannot be parsed by rdflib is refused too when
    the worker is not sandboxed (see `querycheck`)."""
    analysis = analyse(job.query)
    if analysis.service or (analysis.service is None and not sandboxed):
        return Reply.text(400, SERVICE_REFUSED if analysis.service else
                          "This query cannot be checked for SERVICE calls (its syntax is not understood by the "
                          "checker), and this server cannot run such queries safely.")
    options: dict[str, object] = {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif not analysis.dataset:  # FROM / FROM NAMED in the query are honoured; without them, the union
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        results = store.query(job.query, **options)  # type: ignore[arg-type]
    except SyntaxError as exc:
        return Reply.text(400, f"The query is not valid SPARQL 1.1: {exc}")
    except ValueError as exc:
        return Reply.text(400, f"The request is not valid: {exc}")
    except (OSError, RuntimeError):
        return Reply.text(400, EVALUATION_FAILED)
    try:
        return _answer(results, job)
    except (OSError, RuntimeError):
        return Reply.text(400, EVALUATION_FAILED)


def _answer(results: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, job: Job) -> Reply:
    limit_headers = [("Diplograph-Result-Limit", str(job.limit))]
    if isinstance(results, ox.QueryBoolean):
        media_type = negotiate(job.accept, SOLUTION_OFFERS, SOLUTION_ALIASES)
        if media_type is None:
            return _not_acceptable(job, "ASK")
        page = media_type == HTML
        media_type = JSON_RESULTS if page else media_type
        body = results.serialize(format=BOOLEAN_FORMATS[media_type])
        assert body is not None
        return Reply(200, _with_charset(media_type), body, page=page)
    if isinstance(results, ox.QuerySolutions):
        media_type = negotiate(job.accept, SOLUTION_OFFERS, SOLUTION_ALIASES)
        if media_type is None:
            return _not_acceptable(job, "SELECT")
        page = media_type == HTML
        media_type = JSON_RESULTS if page else media_type
        variables = [v.value for v in results.variables]
        rows: list[list[Term | None]] = []
        truncated, size = False, 0
        for solution in results:
            row = [solution[v] for v in variables]
            size += _size(row)
            if len(rows) == job.limit or (job.max_bytes and size > job.max_bytes):
                truncated = True
                break
            rows.append(row)
        body, cut = fit_bytes(rows, lambda some: write_solutions(variables, some, media_type), job.max_bytes)
        headers = limit_headers + ([("Diplograph-Truncated", "true")] if truncated or cut else [])
        return Reply(200, _with_charset(media_type), body, headers, page=page)
    chosen = negotiate(job.accept, GRAPH_OFFERS, GRAPH_ALIASES)
    if chosen is None:
        return _not_acceptable(job, "CONSTRUCT")
    page = chosen == HTML
    output = RDF_BY_MEDIA_TYPE["application/n-triples" if page else chosen]
    triples: list[ox.Triple] = []
    truncated, size = False, 0
    for triple in results:
        size += _size([triple])
        if len(triples) == job.limit or (job.max_bytes and size > job.max_bytes):
            truncated = True
            break
        triples.append(triple)
    body, cut = fit_bytes(triples, lambda some: serialize(some, output), job.max_bytes)
    headers = limit_headers + ([("Diplograph-Truncated", "true")] if truncated or cut else [])
    return Reply(200, _with_charset(output.media_type), body, headers, page=page)


def _with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "json", "xml", "n-triples"))
    return f"{media_type}; charset=utf-8" if textual else media_type
