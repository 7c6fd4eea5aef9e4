"""Shared parts of the resource pages: the page context, SPARQL over the union of all named graphs, and the
blocks several pages show (the heading, the "mentioned in" list, links to evidence in a document's text)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from .render import Labels, Site, link, literal_html, section, ui
from .terms import DG, PREFIXES, TYPE, curie, n

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = dict[str, Term]


@dataclass
class PageContext:
    store: ox.Store
    site: Site
    lang: str
    labels: Labels

    @classmethod
    def make(cls, store: ox.Store, site: Site, lang: str) -> PageContext:
        return cls(store, site, lang, Labels(store, lang, site.base))

    def select(self, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[Row]:
        """Rows of a SELECT over the union of every named graph, variables bound as terms (never as text).

        pyoxigraph substitutes only projected variables (SEP-0007), so each query selects the ones it binds."""
        solutions = self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                                     substitutions={ox.Variable(k): v for k, v in bindings.items()})
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows: list[Row] = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term
            rows.append(row)
        return rows

    def objects(self, iri: str, predicate: str) -> list[Term]:
        """Distinct values of one property, from every graph, in a stable order."""
        seen: dict[Term, None] = {}
        for q in self.store.quads_for_pattern(n(iri), n(predicate), None, None):
            seen.setdefault(q.object, None)
        return sorted(seen, key=str)

    def value(self, iri: str, predicate: str) -> str | None:
        values = self.objects(iri, predicate)
        literals = [v for v in values if isinstance(v, ox.Literal)]
        for lit in literals:
            if (lit.language or "") == self.lang:
                return lit.value
        return values[0].value if values and not isinstance(values[0], ox.Triple) else None

    def a(self, iri: str, text: str | None = None, *, cls: str = "") -> str:
        return link(self.site, iri, self.labels(iri) if text is None else text, cls=cls)

    def t(self, key: str) -> str:
        return ui(key, self.lang)


def as_written(row: Row) -> str:
    """An office as printed before a name, and the long title after it, when a row has them; a title that only
    repeats the office (the same words, ignoring case and spacing) is shown once."""
    shown: list[str] = []
    seen: set[str] = set()
    for key in ("written", "official"):
        term = row.get(key)
        if isinstance(term, ox.Literal) and (words := " ".join(term.value.casefold().split())) not in seen:
            seen.add(words)
            shown.append(literal_html(term))
    return " — ".join(shown)


def text_of(term: Term | None) -> str:
    return "" if term is None or isinstance(term, ox.Triple) else term.value


def evidence_href(ctx: PageContext, document: str, start: Term | None, end: Term | None) -> str:
    """The place in a document page where the words of one piece of evidence are highlighted."""
    return f"{ctx.site.href(document)}#ev-{text_of(start)}-{text_of(end)}"


def quote_link(ctx: PageContext, document: str, quote: str, start: Term | None, end: Term | None) -> str:
    return f'<a class="quote" href="{escape(evidence_href(ctx, document, start, end))}">“{escape(quote)}”</a>'


def kinds_line(ctx: PageContext, types: Iterable[str]) -> str:
    """The resource's classes in the ontology, most specific first as the builder writes them."""
    ours = sorted(t for t in types if t.startswith(DG))
    shown = ours or sorted(types)
    if not shown:
        return ""
    return '<p class="kind">' + ", ".join(link(ctx.site, t, curie(t)) for t in shown) + "</p>"


def heading(ctx: PageContext, iri: str, types: Iterable[str], title: str | None = None) -> str:
    label = title or ctx.labels(iri)
    alternatives = ctx.labels.alternatives(iri)
    alt = (f'<p class="alt">{escape(ctx.t("other_labels"))}: {escape(" · ".join(alternatives))}</p>'
           if alternatives else "")
    return f"<h1>{escape(label)}</h1>{kinds_line(ctx, types)}{alt}"


def types_of(ctx: PageContext, iri: str) -> set[str]:
    return {q.object.value for q in ctx.store.quads_for_pattern(n(iri), TYPE, None, None)
            if isinstance(q.object, ox.NamedNode)}


def optional_literal(row: Row, name: str) -> str:
    """A literal cell of a row (with its language), empty when the variable is unbound or not a literal."""
    term = row.get(name)
    return literal_html(term) if isinstance(term, ox.Literal) else ""


def meta_list(items: list[tuple[str, str]]) -> str:
    """A definition list of (escaped label, cell HTML), empty cells left out."""
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in items if v)
    return f'<dl class="meta">{rows}</dl>' if rows else ""


def values_html(ctx: PageContext, iri: str, predicate: str) -> str:
    out = []
    for v in ctx.objects(iri, predicate):
        if isinstance(v, ox.NamedNode):
            out.append(ctx.a(v.value))
        elif isinstance(v, ox.Literal):
            out.append(literal_html(v))
    return ", ".join(out)


MENTIONS = """
SELECT DISTINCT ?entity ?doc ?quote ?start ?end WHERE {
  ?ev oa:hasBody ?entity ; oa:motivatedBy oa:identifying ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?qs, ?ps .
  ?qs oa:exact ?quote . ?ps oa:start ?start ; oa:end ?end .
} ORDER BY ?doc ?start
"""


def mentions_section(ctx: PageContext, iri: str, *, per_document: int = 40) -> str:
    """Every document that names the resource, with the words it used, each linked to its place in the text."""
    by_doc: dict[str, list[str]] = {}
    for row in ctx.select(MENTIONS, entity=n(iri)):
        doc = text_of(row["doc"])
        quotes = by_doc.setdefault(doc, [])
        if len(quotes) < per_document:
            quotes.append(quote_link(ctx, doc, text_of(row["quote"]), row["start"], row["end"]))
    items = []
    for doc, quotes in by_doc.items():
        date = ctx.value(doc, "http://purl.org/dc/terms/date") or ""
        items.append(f"<li>{ctx.a(doc)} <span class=\"alt\">{escape(date)}</span><br>{' · '.join(quotes)}</li>")
    return section(ctx.t("mentions"), f'<ul class="plain mentions">{"".join(items)}</ul>' if items else "",
                   anchor="mentions")
