"""Which page a resource gets, the generic property/value page for everything else, and the site's own pages:
home, search, not found."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from html import escape

import pyoxigraph as ox

from ..queries import CannedQuery
from .document_page import document_page
from .entity_pages import instrument_page, person_page, proposal_page
from .pagekit import PageContext, heading, mentions_section, text_of, types_of
from .render import query_wording, section, table, term_html
from .terms import DG, LABEL_PREDICATES, TYPE, curie, n

PageFunction = Callable[[PageContext, str, set[str]], tuple[str, str]]

# The first class a resource has in this list decides its page.
PAGES: list[tuple[str, PageFunction]] = [
    (DG + "Document", document_page),
    (DG + "Person", person_page),
    (DG + "Proposal", proposal_page),
    (DG + "Programme", proposal_page),
    (DG + "Instrument", instrument_page),
]


def resource_page(ctx: PageContext, iri: str, types: set[str]) -> tuple[str, str]:
    for cls, function in PAGES:
        if cls in types:
            return function(ctx, iri, types)
    return generic_page(ctx, iri, types)


def generic_page(ctx: PageContext, iri: str, types: set[str], *, incoming_limit: int = 300) -> tuple[str, str]:
    """Every property and value of the resource (merged across named graphs), the links pointing at it, and the
    documents that name it."""
    node = n(iri)
    values: dict[str, dict[str, None]] = {}
    for q in ctx.store.quads_for_pattern(node, None, None, None):
        if q.predicate == TYPE:
            continue
        values.setdefault(q.predicate.value, {}).setdefault(term_html(ctx.site, ctx.labels, q.object), None)
    label_first = [p.value for p in LABEL_PREDICATES]
    order = sorted(values, key=lambda p: (p not in label_first, curie(p)))
    rows = [[ctx.a(p, curie(p)), "<br>".join(values[p])] for p in order]
    incoming: dict[tuple[str, str], None] = {}
    for q in ctx.store.quads_for_pattern(None, None, node, None):
        if len(incoming) >= incoming_limit:
            break
        if isinstance(q.subject, ox.NamedNode):
            incoming.setdefault((q.subject.value, q.predicate.value), None)
    in_rows = [[ctx.a(s), ctx.a(p, curie(p))] for s, p in sorted(incoming, key=lambda sp: (curie(sp[1]), sp[0]))]
    body = heading(ctx, iri, types)
    body += section(ctx.t("properties"), table([ctx.t("property"), ctx.t("value")], rows, cls="props"))
    body += section(ctx.t("incoming"), table([ctx.t("subject"), ctx.t("property")], in_rows, cls="props"))
    body += mentions_section(ctx, iri)
    return ctx.labels(iri), body


DOCUMENTS = """
SELECT DISTINCT ?doc ?date ?language ?type WHERE {
  ?doc a dg:Document ; dcterms:date ?date .
  OPTIONAL { ?doc dcterms:language ?language }
  OPTIONAL { ?doc dg:documentType ?type }
} ORDER BY DESC(?date) ?doc
"""

# The home page counts what the documents contain and name, not every entity of the reference data (which knows
# far more persons, organisations and instruments than a small corpus mentions); the reference totals follow.
IN_DOCUMENTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { dg:Document dg:Proposal dg:SpeechTurn }
  ?s a ?class .
} GROUP BY ?class
"""
NAMED = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { dg:Person dg:Organisation dg:State dg:Instrument }
  ?doc a dg:Document ; dg:mentions ?s . ?s a ?class .
} GROUP BY ?class
"""
KNOWN = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { dg:Person dg:Organisation dg:State dg:Instrument }
  ?s a ?class .
} GROUP BY ?class
"""
COUNT_ORDER = ("Document", "Person", "Organisation", "State", "Instrument", "Proposal", "SpeechTurn")


def _counts(ctx: PageContext, *queries: str) -> dict[str, int]:
    return {text_of(r["class"]).removeprefix(DG): int(text_of(r["n"])) for q in queries for r in ctx.select(q)}


def _count_line(ctx: PageContext, counts: dict[str, int]) -> str:
    return " · ".join(f"{escape(ctx.t('count_' + c))}: {counts[c]}" for c in COUNT_ORDER if c in counts)


def counts_html(ctx: PageContext) -> str:
    """What the documents hold and name, then — where it knows more — the reference data's totals, each said so."""
    named = {cls: 0 for cls in ("Document", "Person", "Organisation", "State", "Instrument")}
    named.update(_counts(ctx, IN_DOCUMENTS, NAMED))
    known = {c: n for c, n in _counts(ctx, KNOWN).items() if n > named.get(c, 0)}
    line = f'<p class="alt counts">{escape(ctx.t("counts_named"))} — {_count_line(ctx, named)}</p>'
    if known:
        line += f'<p class="alt counts">{escape(ctx.t("counts_reference"))} — {_count_line(ctx, known)}</p>'
    return line


def home_page(ctx: PageContext, queries: list[CannedQuery], *, has_void: bool) -> tuple[str, str]:
    docs = []
    for row in ctx.select(DOCUMENTS):
        doc = text_of(row["doc"])
        kind = ctx.a(text_of(row["type"])) if "type" in row else ""
        docs.append([escape(text_of(row["date"])), ctx.a(doc), escape(text_of(row.get("language"))), kind])
    canned = ""
    for q in queries:
        title, description = query_wording(q.name, q.title, q.description, ctx.lang)
        canned += f'<li><a href="/queries/{escape(q.name)}">{escape(title)}</a> — {escape(description)}</li>'
    services = [f'<li><a href="/sparql">{escape(ctx.t("endpoint"))}</a> (<code>/sparql</code>)</li>',
                f'<li><a href="/ontology">{escape(ctx.t("ontology"))}</a></li>']
    if has_void:
        services.append(f'<li><a href="/.well-known/void">{escape(ctx.t("void"))}</a></li>')
    body = (f"<h1>diplograph</h1><p>{escape(ctx.t('home_intro'))}</p>{counts_html(ctx)}"
            + section(ctx.t("documents"), table([ctx.t("date"), ctx.t("title"), ctx.t("language"), ctx.t("type")],
                                                docs, cls="documents"), anchor="documents")
            + section(ctx.t("canned_queries"), f'<ul class="plain">{canned}</ul>' if canned else "", anchor="queries")
            + section("SPARQL", f'<ul class="plain">{"".join(services)}</ul>'))
    return "diplograph", body


SEARCH = """
SELECT DISTINCT ?needle ?s WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel rdfs:label dcterms:title dg:acronym }
  ?s ?p ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?needle))))
} LIMIT 200
"""


def search_results(ctx: PageContext, needle: str) -> list[str]:
    """IRIs whose name, title, label or acronym contains the text (case-insensitive)."""
    if not needle.strip():
        return []
    return sorted({text_of(r["s"]) for r in ctx.select(SEARCH, needle=ox.Literal(needle.strip()))}, key=ctx.labels)


def search_page(ctx: PageContext, needle: str) -> tuple[str, str]:
    found = search_results(ctx, needle)
    rows = [[ctx.a(iri), escape(", ".join(curie(t) for t in sorted(_dg_types(ctx, iri))))] for iri in found]
    listing = table([ctx.t("subject"), ctx.t("type")], rows) or f"<p>{escape(ctx.t('no_results'))}</p>"
    form = (f'<form action="/search" method="get"><input type="search" name="q" value="{escape(needle)}">'
            f'<button>{escape(ctx.t("search"))}</button></form>')
    return ctx.t("search_results"), f"<h1>{escape(ctx.t('search_results'))}</h1>{form}{listing}"


def _dg_types(ctx: PageContext, iri: str) -> set[str]:
    return {t for t in types_of(ctx, iri) if t.startswith(DG)}


SIBLINGS = """
SELECT DISTINCT ?prefix ?s WHERE { ?s a ?type . FILTER(STRSTARTS(STR(?s), STR(?prefix))) } LIMIT 5000
"""


def not_found_page(ctx: PageContext, iri: str, path: str) -> tuple[str, str]:
    """A 404 that helps: IRIs of the same kind with a similar name, a search box filled with the words of the
    missing name, and the way home."""
    prefix = iri.rsplit("/", 1)[0] + "/"
    candidates = [text_of(r["s"]) for r in ctx.select(SIBLINGS, prefix=ox.Literal(prefix))]
    slug = iri.rstrip("/").rsplit("/", 1)[-1]
    tails = {c.rsplit("/", 1)[-1]: c for c in candidates}
    close = difflib.get_close_matches(slug, list(tails), n=5, cutoff=0.6)
    suggestions = "".join(f"<li>{ctx.a(tails[t])} <code>{escape(ctx.site.href(tails[t]))}</code></li>" for t in close)
    words = " ".join(slug.replace("-", " ").split())
    body = (f"<h1>{escape(ctx.t('not_found'))}</h1>"
            f"<p>There is nothing here: the dataset says nothing about <code>{escape(iri)}</code> "
            f"(path <code>{escape(path)}</code>).</p>"
            + (f"<p>Did you mean:</p><ul class=\"plain\">{suggestions}</ul>" if suggestions else "")
            + f'<p>Search the names and titles in the dataset:</p><form action="/search" method="get">'
              f'<input type="search" name="q" value="{escape(words)}"> '
              f'<button>{escape(ctx.t("search"))}</button></form>'
              f'<p><a href="/">Home: documents and canned queries</a> · <a href="/sparql">SPARQL endpoint</a></p>')
    return ctx.t("not_found"), body
