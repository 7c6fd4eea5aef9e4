"""The SPARQL endpoint for a person at a browser: the query form, and the answer to a query as a page — a table of
solutions (SELECT), yes or no (ASK), a table of triples (CONSTRUCT, DESCRIBE) — with the form above it, filled in,
to change the query and run it again. Errors (a malformed query, a format that does not fit the query form) are
shown on the same page, for a client that asks for HTML by name.

The worker answers a page request with SPARQL JSON (or N-Triples for a graph) and `Reply.page` set; the page is
built here, in the server process, where dataset IRIs can be linked to their pages on this server."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode

import pyoxigraph as ox

from ..formats import LABELS, RESULT_FORMATS
from .render import Site, page, table
from .results import Job, Reply, json_term
from .terms import curie
from .web import Response

EXAMPLE = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?document ?title ?date WHERE {
  ?document a dg:Document ; dcterms:title ?title ; dcterms:date ?date .
} ORDER BY ?date
"""

# The form's choices: a page first (what a person at a browser wants), then the data formats of each query form.
FORM_FORMATS = [("html", "HTML table (page)")]
FORM_FORMATS += [(r.name, f"{r.label} (SELECT, ASK)") for r in RESULT_FORMATS.values()]
FORM_FORMATS += [(name, f"{LABELS[name]} (CONSTRUCT, DESCRIBE)") for name in ("turtle", "jsonld", "ntriples", "rdfxml")]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _form(endpoint: str, query: str, chosen: str) -> str:
    options = "".join(f'<option value="{escape(name)}"{" selected" if name == chosen else ""}>{escape(label)}</option>'
                      for name, label in FORM_FORMATS)
    return (
        f"<p>Endpoint: <code>{escape(endpoint)}</code> (SPARQL 1.1 Protocol, read-only). The default graph is the "
        "union of every named graph. Ask for RDF (e.g. <code>Accept: text/turtle</code>) to get the service "
        "description.</p>"
        '<form action="/sparql" method="post">'
        f'<textarea name="query" aria-label="SPARQL query">{escape(query)}</textarea>'
        f'<p><label>Result format <select name="format">{options}</select></label> <button>Run</button></p>'
        "</form>"
    )


def query_form(endpoint: str) -> str:
    """The empty form (the example query, a page as the result format)."""
    return page(title="SPARQL", body="<h1>SPARQL</h1>" + _form(endpoint, EXAMPLE, "html"), lang="en")


def _term(site: Site | None, term: dict[str, object]) -> str:
    """One RDF term of SPARQL JSON results as a cell: IRIs linked (ours to their page here), literals with their
    language or datatype."""
    kind, value = term.get("type"), str(term.get("value", ""))
    if kind == "uri":
        href = site.href(value) if site is not None else value
        return f'<a href="{escape(href)}">{escape(curie(value))}</a>'
    if kind == "bnode":
        return f"_:{escape(value)}"
    if kind == "triple":
        return escape(json.dumps(term.get("value"), ensure_ascii=False))
    if "xml:lang" in term:
        lang = escape(str(term["xml:lang"]))
        return f'<span lang="{lang}">{escape(value)}</span> <span class="alt">@{lang}</span>'
    if "datatype" in term:
        return f'{escape(value)} <span class="alt">{escape(curie(str(term["datatype"])))}</span>'
    return escape(value)


def _answer_html(site: Site | None, reply: Reply) -> tuple[str, str]:
    """The answer as HTML, and how many rows (solutions or triples) it has, in words."""
    if reply.content_type.startswith("application/n-triples"):
        triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
        rows = [[_term(site, json_term(term)) for term in (t.subject, t.predicate, t.object)] for t in triples]
        return table(["subject", "predicate", "object"], rows, cls="results") or "<p>No triples.</p>", \
            f"{len(rows)} triples."
    data = json.loads(reply.body)
    if "boolean" in data:
        answer = "yes" if data["boolean"] else "no"
        return f'<p class="answer">ASK: <strong>{answer}</strong> ({str(data["boolean"]).lower()})</p>', ""
    variables = data["head"]["vars"]
    bindings = data["results"]["bindings"]
    rows = [[_term(site, b[v]) if v in b else "" for v in variables] for b in bindings]
    return table([f"?{v}" for v in variables], rows, cls="results") or "<p>No solutions.</p>", f"{len(rows)} rows."


def _other_formats(job: Job, graph: bool) -> str:
    names = ["turtle", "jsonld", "ntriples", "rdfxml"] if graph else list(RESULT_FORMATS)
    links = [f'<a href="/sparql?{escape(urlencode({"query": job.query, "format": name}))}">'
             f'{escape(LABELS.get(name) or RESULT_FORMATS[name].label)}</a>' for name in names]
    return f'<p class="alt">The same results as {" · ".join(links)}</p>'


def page_response(endpoint: str, site: Site | None, job: Job, reply: Reply) -> Response:
    """The page for a browser: the form filled in with the query, then the results or the error."""
    chosen = job.format or "html"
    if reply.status != 200:
        answer = f'<p class="notice">{escape(reply.body.decode("utf-8", "replace").strip())}</p>'
    else:
        graph = reply.content_type.startswith("application/n-triples")
        shown, count = _answer_html(site, reply)
        said = dict(reply.headers)
        cut = (f' The result was cut at {escape(said.get("Diplograph-Result-Limit", ""))} rows, the limit of this '
               "endpoint.") if said.get("Diplograph-Truncated") == "true" else ""
        answer = (f'<h2>Results</h2><p class="alt">{count}{cut}</p>'
                  + _other_formats(job, graph) + shown)
    body = "<h1>SPARQL</h1>" + _form(endpoint, job.query, chosen) + answer
    return Response(reply.status, page(title="SPARQL results", body=body, lang="en").encode("utf-8"),
                    headers=[*reply.headers, ("Vary", "Accept")])
