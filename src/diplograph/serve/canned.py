"""The canned queries of `queries/` as a web API: /queries lists them, /queries/NAME shows a form with the
query's parameters and its results as a table, /queries/NAME.csv and /queries/NAME.json give the results as data.

They run through `diplograph.queries` exactly as `diplograph query` runs them (parameters bound as RDF terms), in
a page worker (see `workers`), under its deadline and memory cap.

Answers come in pages, as Datasette pages its tables: `_size` rows (100 unless asked, at most 10,000), and
`_next=CURSOR` for the page after; an HTML page links to its next page, a CSV or JSON answer names it in a
`Link: <…>; rel="next"` header. A page is computed from the documents it shows, not from the whole corpus (see
`diplograph.paging`). CSV and JSON pages are still cut to `max_bytes` (whole rows, `Diplograph-Truncated: true`)."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode

import pyoxigraph as ox

from ..errors import QueryError
from ..paging import run_page
from ..queries import CannedQuery, get_query, list_queries, parameter_values, render
from .pagekit import PageContext
from .render import page, query_wording, table
from .results import fit_bytes
from .web import Response, text_response

PAGE_SIZE = 100
MAX_PAGE_SIZE = 10_000
PAGING = ("_size", "_next")


class CannedQueries:
    def __init__(self, store: ox.Store, max_bytes: int = 0) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.order_cache: dict[str, list[str]] = {}  # the documents in order: the store does not change under us

    def listing(self) -> list[CannedQuery]:
        return list_queries()

    def index(self, ctx: PageContext, as_json: bool) -> Response:
        queries = self.listing()
        if as_json:
            data = [{"name": q.name, "title": q.title, "description": q.description,
                     "parameters": [{"name": p.name, "type": p.type, "description": p.description}
                                    for p in q.parameters],
                     "csv": f"/queries/{q.name}.csv", "json": f"/queries/{q.name}.json"} for q in queries]
            return Response(200, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
                            "application/json; charset=utf-8")
        rows = [[f'<a href="/queries/{escape(q.name)}">{escape(q.name)}</a>',
                 *(escape(w) for w in query_wording(q.name, q.title, q.description, ctx.lang)),
                 escape(", ".join(f"{p.name} ({p.type})" for p in q.parameters)),
                 "" if q.parameters else
                 f'<a href="/queries/{escape(q.name)}.csv">CSV</a> · <a href="/queries/{escape(q.name)}.json">JSON</a>']
                for q in queries]
        body = (f"<h1>{escape(ctx.t('canned_queries'))}</h1>"
                + table(["name", ctx.t("title"), ctx.t("description"), "parameters", "data"], rows))
        return Response(200, page(title=ctx.t("canned_queries"), body=body, lang=ctx.lang,
                                  alternates={"application/json": "/queries.json"}).encode("utf-8"))

    def run(self, ctx: PageContext, name: str, fmt: str, params: dict[str, list[str]]) -> Response:
        """One query: `fmt` is html, csv or json; unknown names are 404, bad parameters 400 with the message."""
        try:
            query = get_query(name)
        except QueryError as exc:
            return text_response(404, str(exc))
        try:  # the rule `diplograph query` follows too: declared parameters only, each at most once
            size, cursor = _paging(params)
            given = parameter_values(query, {k: v for k, v in params.items() if k != "lang" and k not in PAGING},
                                     complete=False)
        except QueryError as exc:
            return text_response(400, str(exc))
        missing = sorted({p.name for p in query.parameters} - set(given))
        if missing and fmt != "html":
            return text_response(400, f"query {name!r} needs the parameter(s) {', '.join(missing)}")
        variables: list[str] = []
        rows: list[dict[str, str | None]] = []
        error = ""
        following = None
        if not missing:
            try:
                result = run_page(query, self.store, given, limit=size, cursor=cursor, cache=self.order_cache)
                variables, rows = result.variables, result.rows
                if result.next is not None:
                    following = _link(query.name, fmt, given, size, result.next)
            except QueryError as exc:
                if fmt != "html":
                    return text_response(400, exc.detail)
                error = exc.detail
        if fmt in ("csv", "json"):
            media = "text/csv" if fmt == "csv" else "application/sparql-results+json"
            body, cut = fit_bytes(rows, lambda some: render(variables, some, fmt).encode("utf-8"), self.max_bytes)
            headers = [("Diplograph-Truncated", "true")] if cut else []
            if following is not None and not cut:
                headers.append(("Link", f'<{following}>; rel="next"'))
            return Response(200, body, f"{media}; charset=utf-8", headers)
        return self._page(ctx, query, given, variables, rows, error, following)

    def _page(self, ctx: PageContext, query: CannedQuery, given: dict[str, str], variables: list[str],
              rows: list[dict[str, str | None]], error: str, following: str | None) -> Response:
        kinds = {"date": 'type="date"'}
        text_input = 'type="text" size="70"'
        fields = "".join(
            f'<label>{escape(p.name)} ({escape(p.type)}) — {escape(p.description)}<br>'
            f'<input name="{escape(p.name)}" value="{escape(given.get(p.name, ""))}" '
            f"{kinds.get(p.type, text_input)}></label>"
            for p in query.parameters)
        form = (f'<form class="params" method="get" action="/queries/{escape(query.name)}">{fields}'
                f'<button>{escape(ctx.t("run"))}</button></form>') if query.parameters else ""
        cells = [[self._cell(ctx, row.get(v)) for v in variables] for row in rows]
        results = ""
        if variables:
            results = (f"<h2>{escape(ctx.t('results'))} ({len(rows)} {escape(ctx.t('rows'))})</h2>"
                       + table(variables, cells, cls="results"))
            if following is not None:
                label = escape(ctx.t("next_page"))
                results += f'<p class="next"><a rel="next" href="{escape(following)}">{label}</a></p>'
        notice = f'<p class="notice">{escape(error)}</p>' if error else ""
        suffix = f"?{urlencode(given)}" if given else ""
        title, description = query_wording(query.name, query.title, query.description, ctx.lang)
        body = (f"<h1>{escape(title)}</h1><p>{escape(description)}</p>{form}{notice}{results}"
                f"<details><summary>SPARQL</summary><pre>{escape(query.text)}</pre></details>")
        # CSV and JSON only once every parameter is filled in (without them they are a 400).
        alternates = {"text/csv": f"/queries/{query.name}.csv{suffix}",
                      "application/json": f"/queries/{query.name}.json{suffix}"} if variables else {}
        status = 400 if error else 200
        return Response(status, page(title=title, body=body, lang=ctx.lang, alternates=alternates)
                        .encode("utf-8"))

    @staticmethod
    def _cell(ctx: PageContext, value: str | None) -> str:
        if value is None:
            return ""
        if value.startswith(("http://", "https://")):
            if ctx.site.local(value):
                return ctx.a(value)
            return f'<a rel="external" href="{escape(value)}">{escape(value)}</a>'
        return escape(value)


def _paging(params: dict[str, list[str]]) -> tuple[int, str | None]:
    """`_size` and `_next` of a request: each at most once; the size a whole number from 1 to MAX_PAGE_SIZE."""
    for name in PAGING:
        if len([v for v in params.get(name, []) if v != ""]) > 1:
            raise QueryError(f"{name} is given more than once", hint="give it once")
    size_text = next((v for v in params.get("_size", []) if v != ""), None)
    cursor = next((v for v in params.get("_next", []) if v != ""), None)
    if size_text is None:
        return PAGE_SIZE, cursor
    if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE_SIZE:
        raise QueryError(f"_size={size_text!r} is not a number of rows from 1 to {MAX_PAGE_SIZE}")
    return int(size_text), cursor


def _link(name: str, fmt: str, given: dict[str, str], size: int, cursor: str) -> str:
    """The address of the next page: the same query, format and parameters, and the cursor."""
    suffix = "" if fmt == "html" else f".{fmt}"
    paging = {} if size == PAGE_SIZE else {"_size": str(size)}
    return f"/queries/{name}{suffix}?{urlencode({**given, **paging, '_next': cursor})}"
