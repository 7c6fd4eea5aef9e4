"""Canned SPARQL queries: files in `queries/` with a header (title, description, parameters), run on an embedded
Oxigraph store with parameters bound as RDF terms, never pasted into the query text as raw user text.

The terms are bound in a VALUES block first in the query's WHERE group (binding.py), on the embedded store as on a
remote SPARQL endpoint (`run_remote_query`), and the rows come back in the same shape, so `render` prints them
exactly as for local runs. Every query names its graphs (GRAPH ?document …), so it gives the same rows whatever a
store's default graph is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from . import paths
from .binding import bind_values
from .errors import InputError, QueryError, StoreError
from .formats import by_extension
from .layout import dataset_files

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param|page-by):\s*(?P<value>.*)$")
PARAM_TYPES = ("iri", "date", "string", "integer")


@dataclass
class Parameter:
    name: str
    type: str
    description: str

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        try:
            if self.type == "iri":
                if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, re.I):
                    raise ValueError("not an absolute IRI")
                return ox.NamedNode(value)
            if self.type == "date":
                if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                    raise ValueError("expected YYYY-MM-DD, e.g. 2021-03-26")
                dt.date.fromisoformat(value)
                return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
            if self.type == "integer":
                return ox.Literal(str(int(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            return ox.Literal(value)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}={value!r} is not a valid {self.type} ({exc})") from None


@dataclass
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: list[Parameter] = field(default_factory=list)
    page_by: str = ""  # "?document" or "?document dcterms:date": how its pages are computed (see `paging`)


def load_query(path: Path) -> CannedQuery:
    title = description = page_by = ""
    params: list[Parameter] = []
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.startswith("#"):
                continue
            break
        value = m["value"].strip()
        if m["key"] == "title":
            title = value
        elif m["key"] == "description":
            description = value
        elif m["key"] == "page-by":
            page_by = " ".join(value.split())
            if page_by not in ("?document", "?document dcterms:date"):
                raise QueryError(f"page-by {value!r} is not '?document' or '?document dcterms:date'", path=path)
        else:
            head, _, desc = value.partition("—")
            name, ptype = (head.split() + ["string"])[:2]
            if ptype not in PARAM_TYPES:
                raise QueryError(f"parameter {name} has unknown type {ptype!r}", path=path)
            params.append(Parameter(name, ptype, desc.strip()))
    if not title:
        raise QueryError("the query has no '# title:' header", path=path)
    return CannedQuery(path.stem, title, description, text, params, page_by)


def list_queries(folder: Path = paths.QUERIES) -> list[CannedQuery]:
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str, folder: Path = paths.QUERIES) -> CannedQuery:
    path = folder / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.exists():
        known = ", ".join(q.name for q in list_queries(folder))
        raise QueryError(f"no canned query named {name!r}", hint=f"known queries: {known}")
    return load_query(path)


def open_store(graph: Path = paths.GRAPH) -> ox.Store:
    """An in-memory Oxigraph store holding a build folder's N-Quads (every part of a large build), or one RDF file.

    Each file goes in with `Store.load` (one transaction, quads inserted in file order), not `bulk_load`: on the
    first million quads of a 2,000-document build every canned query answered 4-32 % faster from a store filled by
    `load` (documents 24 ms instead of 29, organisations 362 instead of 511), the load took as long (3.6 s) and its
    peak memory was lower (416 MB instead of 655). `bulk_load` is built for files too big to hold in memory, which
    an in-memory store holds whole anyway.
    """
    store = ox.Store()
    for source in dataset_files(graph) if graph.is_dir() else [graph]:
        _load_file(store, source)
    return store


def _load_file(store: ox.Store, source: Path) -> None:
    if not source.exists():
        raise QueryError("no built graph here", path=source, hint="run 'diplograph build' first")
    fmt = by_extension(source.name)
    if fmt is None:
        raise QueryError("unknown RDF file extension", path=source, hint="use .nq, .trig, .ttl or .nt")
    rdf_format = fmt.oxigraph
    try:
        if fmt.quads:
            store.load(path=str(source), format=rdf_format)
        else:  # a document's Turtle goes into the document's graph, as in the N-Quads (store/source.py)
            from .store.source import triples_graph_name

            store.load(path=str(source), format=rdf_format, to_graph=triples_graph_name(source, fmt))
    except InputError as exc:
        raise QueryError(exc.detail, path=source, hint=exc.hint) from None
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"cannot load the graph: {exc}", path=source) from None


Row = dict[str, str | None]


def parameter_values(
    query: CannedQuery, given: Mapping[str, Sequence[str]], *, complete: bool = True
) -> dict[str, str]:
    """The one rule for a canned query's parameters, on the command line and on the server alike: a parameter the
    query does not declare is an error; each declared one is given once (a second value is an error, not a choice
    between them); an empty value counts as not given; and with `complete` (always, except for a form being filled
    in) every declared parameter is needed."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} takes no parameter {', '.join(unknown)}",
            hint=f"it takes: {', '.join(declared) or 'none'}",
        )
    values: dict[str, str] = {}
    for name, items in given.items():
        filled = [v for v in items if v != ""]
        if len(filled) > 1:
            raise QueryError(f"parameter {name} is given {len(filled)} times ({', '.join(map(repr, filled))})",
                             hint="give it once")
        if filled:
            values[name] = filled[0]
    missing = [name for name in declared if name not in values]
    if complete and missing:
        raise QueryError(
            f"query {query.name!r} needs the parameter(s) {', '.join(missing)}",
            hint="; ".join(f"{name}: {declared[name].description or declared[name].type}" for name in missing),
        )
    return values


def bound_terms(query: CannedQuery, params: dict[str, str] | None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Each given parameter as a validated RDF term; unknown names are an error. A parameter left out stays unbound
    (the query then answers for every value: the library's callers may want that); the command line and the server
    first apply parameter_values, which needs every one."""
    params = params or {}
    parameter_values(query, {k: [v] for k, v in params.items()}, complete=False)  # unknown names
    declared = {p.name: p for p in query.parameters}
    return {k: declared[k].term(v) for k, v in params.items()}  # an empty value is checked too, never dropped


def run_query(
    query: CannedQuery, store: ox.Store, params: dict[str, str] | None = None, *,
    limit: int | None = None, offset: int = 0, document: str | None = None,
) -> tuple[list[str], list[Row]]:
    """The query's variables and its rows, each row a dict of the terms' plain values (None where unbound).

    `limit` and `offset` cut the answer as LIMIT and OFFSET after its ORDER BY would; `document` binds ?document
    (the rows of that document only; see `paging`).
    """
    variables, rows = iter_query(query, store, params, limit=limit, offset=offset, document=document)
    return variables, list(rows)


def iter_query(
    query: CannedQuery, store: ox.Store, params: dict[str, str] | None = None, *,
    limit: int | None = None, offset: int = 0, document: str | None = None,
) -> tuple[list[str], Iterator[Row]]:
    """As `run_query`, the rows as they are read (a caller that writes them out does not hold them all).

    A solution is read by position, in the order of `solutions.variables` (the SELECT order), not by variable name:
    on the documents query's 1,346 rows the names cost 10 ms and the positions 3 ms, beside about 20 ms for the
    query itself, and every canned query, the CLI and the server read their rows here.
    """
    terms = bound_terms(query, params)
    # Each parameter is bound twice, to the same term: in a VALUES block, where the planner sees it and starts from
    # it (see `binding`), and by substitution, which binds it inside the query's OPTIONAL groups and sub-selects as
    # they run (office holders on one date: 0.03 s with both, 0.05 s with VALUES alone, 0.1-0.2 s by substitution).
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): term for k, term in terms.items()
    }
    if document is not None:  # bound as the query runs: every GRAPH ?document pattern then reads one graph only
        substitutions[ox.Variable("document")] = ox.NamedNode(document)
    text = with_slice(query.text, limit, offset)
    if terms:
        text = bind_values(text, terms)
    solutions = store.query(text, substitutions=substitutions)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"query {query.name!r} is not a SELECT query", hint="canned queries must SELECT rows")
    variables = [v.value for v in solutions.variables]
    rows = (dict(zip(variables, [None if term is None else term.value for term in solution], strict=True))
            for solution in solutions)
    return variables, rows


def with_slice(text: str, limit: int | None, offset: int = 0) -> str:
    """The query cut to `limit` rows from row `offset` (LIMIT and OFFSET appended after its ORDER BY)."""
    if limit is None and not offset:
        return text
    cut = ("" if limit is None else f"\nLIMIT {int(limit)}") + (f"\nOFFSET {int(offset)}" if offset else "")
    return f"{text.rstrip()}{cut}\n"


def open_embedded_store(folder: Path = paths.STORE) -> ox.Store:
    """A store folder filled by `diplograph load`.

    Opened read-write, not with `Store.read_only`: Oxigraph leaves reading alongside a writer undefined, while a
    read-write open fails cleanly on the lock a running load or server holds.
    """
    if not (folder / "CURRENT").exists():
        raise QueryError("no store here", path=folder, hint="fill it with 'diplograph load --store DIR' first")
    try:
        return ox.Store(str(folder))
    except OSError as exc:  # the same error, and exit code, as a load that finds the store locked
        raise StoreError(f"cannot open the store: {exc}", path=folder,
                         hint="is another process (a diplograph load, query or server) using it?") from None


def run_remote_query(
    query: CannedQuery,
    endpoint: str,
    params: dict[str, str] | None = None,
    *,
    timeout: float = 60.0,
    attempts: int = 3,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[str], list[Row]]:
    """Run a canned query on a SPARQL endpoint; rows as `run_query` gives them (values, None for unbound).

    An error names the query and the endpoint (`query 'speakers' on http://…: no answer within 60 s`), so that a
    script running several queries on several stores says which one was slow."""
    from .store.remote_query import select

    text = bind_values(with_slice(query.text, limit, offset), bound_terms(query, params))
    try:
        return select(endpoint, text, timeout=timeout, attempts=attempts)
    except (StoreError, QueryError) as exc:
        raise type(exc)(f"query {query.name!r} on {endpoint}: {exc.detail}", hint=exc.hint) from None


def write_rows(out: TextIO, variables: list[str], rows: Iterable[Row], fmt: str) -> None:
    """Rows as CSV or SPARQL JSON results, written as they come (the same text `render` gives)."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if row[v] is None else row[v] for v in variables])
        return
    head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False, indent=1)
    out.write(head[:-2] + ',\n "results": {\n  "bindings": [')
    first = True
    for row in rows:
        binding = json.dumps({k: {"value": v} for k, v in row.items() if v is not None}, ensure_ascii=False, indent=1)
        out.write(("\n" if first else ",\n") + textwrap.indent(binding, "   "))
        first = False
    out.write("]" if first else "\n  ]")
    out.write("\n }\n}\n")


def render(variables: list[str], rows: list[Row], fmt: str, *, width: int | None = None) -> str:
    """Rows as CSV (SPARQL 1.1 CSV results), SPARQL JSON results, or a table for a person to read (`table_text`)."""
    if fmt in ("csv", "json"):
        buf = io.StringIO()
        write_rows(buf, variables, rows, fmt)
        return buf.getvalue()
    return table_text(variables, rows, width)


MIN_PROSE = 24  # the narrowest a column of running text is wrapped to


def table_text(variables: list[str], rows: list[Row], width: int | None = None) -> str:
    """A text table in which no value is cut: IRIs and other values without spaces are always shown whole, on one
    line, so they can be copied. When `width` (the terminal's) is given and the table is wider, the columns of
    running text (values with spaces: titles, quotes) are wrapped at spaces onto further lines of their row."""
    cells = [[str(r[v] or "") for v in variables] for r in rows]
    natural = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    widths = list(natural)
    prose = [i for i in range(len(variables)) if any(" " in row[i] for row in cells)]
    if width is not None and prose and sum(natural) + 3 * (len(variables) - 1) > width:
        fixed = sum(natural[i] for i in range(len(variables)) if i not in prose) + 3 * (len(variables) - 1)
        share = max(MIN_PROSE, (width - fixed) // len(prose))
        for i in prose:
            longest_word = max([len(variables[i])] + [len(w) for row in cells for w in row[i].split()])
            widths[i] = min(natural[i], max(share, longest_word))
    lines = [" | ".join(v.ljust(widths[i]) for i, v in enumerate(variables)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    for row in cells:
        pieces = [textwrap.wrap(cell, widths[i], break_long_words=False, break_on_hyphens=False) or [""]
                  if i in prose and len(cell) > widths[i] else [cell] for i, cell in enumerate(row)]
        for n in range(max(len(p) for p in pieces)):
            lines.append(" | ".join((p[n] if n < len(p) else "").ljust(widths[i])
                                    for i, p in enumerate(pieces)).rstrip())
    return "\n".join(lines) + "\n"
