"""Pages for the things people look up: a person, an instrument, a proposal or programme.

Each function returns the page title and the body HTML; every value from the data is escaped on the way in."""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from .pagekit import (
    PageContext,
    Row,
    as_written,
    heading,
    mentions_section,
    meta_list,
    optional_literal,
    quote_link,
    text_of,
    values_html,
)
from .render import literal_html, section, table
from .terms import DCTERMS, DG, ORG, RDFS, n

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"  # an entity's Wikidata item

HOLDINGS = """
SELECT DISTINCT ?person ?h ?office ?org ?date ?doc ?written ?official ?quote ?start ?end WHERE {
  ?h org:member ?person ; dg:office ?office ; dg:attestedIn ?doc .
  OPTIONAL { ?h dg:attestedOn ?date }  # none when the document's date is unknown
  OPTIONAL { ?h org:organization ?org }
  OPTIONAL { ?h dg:officeAsWritten ?written }
  OPTIONAL { ?h dg:officialTitle ?official }
  OPTIONAL { ?h dg:evidence ?ev . ?ev oa:hasTarget/oa:hasSelector ?qs, ?ps .
             ?qs oa:exact ?quote . ?ps oa:start ?start ; oa:end ?end }
} ORDER BY ?date ?doc ?start
"""

TURNS = """
SELECT DISTINCT ?person ?turn ?number ?doc ?text ?role ?start ?end WHERE {
  ?turn dg:speaker ?person ; dg:turnNumber ?number ; dcterms:isPartOf ?doc ; dg:text ?text .
  OPTIONAL { ?turn dg:roleAsPrinted ?role }
  OPTIONAL { ?turn dg:evidence/oa:hasTarget/oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end }
} ORDER BY ?doc ?number
"""

PROPOSED = """
SELECT DISTINCT ?actor ?p ?text ?ordinal ?doc ?date WHERE {
  ?p a dg:Proposal ; dg:proposer ?actor ; dg:proposedIn ?doc ; dg:text ?text .
  OPTIONAL { ?p dg:ordinal ?ordinal }
  OPTIONAL { ?doc dcterms:date ?date }
} ORDER BY ?date ?doc ?ordinal ?p
"""

TOOK_PART = """
SELECT DISTINCT ?actor ?event ?doc ?date ?chair WHERE {
  { ?event dg:participant ?actor } UNION { ?event dg:chair ?actor BIND(true AS ?chair) }
  ?doc dg:reports ?event .
  OPTIONAL { ?event dcterms:date ?date }
} ORDER BY ?date ?doc
"""

CITED_BY = """
SELECT DISTINCT ?instrument ?p ?doc ?ordinal WHERE {
  ?p dg:precedent ?instrument ; dg:proposedIn ?doc . OPTIONAL { ?p dg:ordinal ?ordinal }
} ORDER BY ?doc ?ordinal ?p
"""

SOURCE_QUOTES = """
SELECT DISTINCT ?thing ?doc ?quote ?start ?end WHERE {
  ?thing dg:evidence ?ev . ?ev oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?qs, ?ps .
  ?qs oa:exact ?quote . ?ps oa:start ?start ; oa:end ?end .
} ORDER BY ?start
"""

IN_PROGRAMME = """
SELECT DISTINCT ?programme ?p ?ordinal ?text WHERE {
  ?p dg:partOfProgramme ?programme . OPTIONAL { ?p dg:ordinal ?ordinal } OPTIONAL { ?p dg:text ?text }
} ORDER BY ?ordinal ?p
"""


def snippet(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def proposal_name(ctx: PageContext, iri: str, ordinal: str | None) -> str:
    """`Proposal 1.3` for a numbered proposal (programme 1, item 3), `Proposal u2` for an unnumbered one,
    `Programme 1` for a programme."""
    head, _, tail = iri.rpartition("/")
    if head.endswith("/programme"):
        return f"{ctx.t('programme')} {tail}"
    return f"{ctx.t('proposal')} {tail.replace('-', '.') if ordinal else tail}"


def _offices_held(ctx: PageContext, person: str) -> str:
    """One row per office holding (a person in an office, attested by a document on a date), with every quote
    the holding was read from."""
    first_rows: dict[str, Row] = {}
    quotes: dict[str, list[str]] = {}
    for row in ctx.select(HOLDINGS, person=n(person)):
        holding = text_of(row["h"])
        first_rows.setdefault(holding, row)
        if "quote" in row:
            quotes.setdefault(holding, []).append(
                quote_link(ctx, text_of(row["doc"]), text_of(row["quote"]), row["start"], row["end"]))
    rows = [[
        ctx.a(text_of(row["office"])),
        ctx.a(text_of(row["org"])) if "org" in row else "",
        escape(text_of(row.get("date"))),
        ctx.a(text_of(row["doc"])),
        as_written(row),
        " ".join(quotes.get(holding, [])),
    ] for holding, row in first_rows.items()]
    held = [f"<li>{ctx.a(text_of(o))}</li>" for o in ctx.objects(person, ORG + "holds")]
    listed = f'<ul class="plain">{"".join(held)}</ul>' if held and not rows else ""
    headers = [ctx.t(k) for k in ("office", "organisation", "attested", "document", "as_written", "quote")]
    return section(ctx.t("offices"), table(headers, rows, cls="holdings") + listed, anchor="offices")


def _speeches(ctx: PageContext, person: str) -> str:
    rows = []
    for row in ctx.select(TURNS, person=n(person)):
        doc = text_of(row["doc"])
        where = (quote_link(ctx, doc, f"{ctx.t('turn')} {text_of(row['number'])}", row["start"], row["end"])
                 if "start" in row else escape(text_of(row["number"])))
        text = row["text"]
        body = (f'<span lang="{escape(text.language)}">{escape(snippet(text.value))}</span>'
                if isinstance(text, ox.Literal) and text.language else escape(snippet(text_of(text))))
        rows.append([ctx.a(doc), where, optional_literal(row, "role"), body])
    headers = [ctx.t(k) for k in ("document", "turn", "role", "text")]
    return section(ctx.t("turns"), table(headers, rows, cls="turns"), anchor="speeches")


def _proposals_by(ctx: PageContext, actor: str) -> str:
    rows = []
    for row in ctx.select(PROPOSED, actor=n(actor)):
        iri = text_of(row["p"])
        ordinal = text_of(row.get("ordinal")) or None
        text = row["text"]
        rows.append([ctx.a(iri, proposal_name(ctx, iri, ordinal)), ctx.a(text_of(row["doc"])),
                     escape(text_of(row.get("date"))),
                     literal_html(ox.Literal(snippet(text.value), language=text.language))
                     if isinstance(text, ox.Literal) and text.language else escape(snippet(text_of(text)))])
    headers = [ctx.t(k) for k in ("proposal", "document", "date", "text")]
    return section(ctx.t("proposals"), table(headers, rows, cls="proposals"), anchor="proposals")


def _took_part(ctx: PageContext, actor: str) -> str:
    items: dict[str, str] = {}
    for row in ctx.select(TOOK_PART, actor=n(actor)):
        doc = text_of(row["doc"])
        chair = f' <span class="alt">({escape(ctx.t("chair"))})</span>' if "chair" in row else ""
        event = text_of(row["event"])
        also = "" if ctx.labels(event) == ctx.labels(doc) else f" — {ctx.a(event)}"
        items[doc] = items.get(doc, "") or (
            f'<li>{escape(text_of(row.get("date")))} {ctx.a(doc)}{also}{chair}</li>')
    return section(ctx.t("participation"), f'<ul class="plain">{"".join(items.values())}</ul>' if items else "")


def person_page(ctx: PageContext, iri: str, types: set[str]) -> tuple[str, str]:
    wikidata = values_html(ctx, iri, SAME_AS)
    body = heading(ctx, iri, types) + meta_list([(ctx.t("wikidata"), wikidata)])
    body += _offices_held(ctx, iri) + _took_part(ctx, iri) + _speeches(ctx, iri) + _proposals_by(ctx, iri)
    body += mentions_section(ctx, iri)
    return ctx.labels(iri), body


def instrument_page(ctx: PageContext, iri: str, types: set[str]) -> tuple[str, str]:
    symbols = [v.value for v in ctx.objects(iri, DG + "unSymbol") if isinstance(v, ox.Literal)]
    symbol_html = ", ".join(
        f'<code>{escape(s)}</code> (<a rel="external" href="https://undocs.org/{escape(s)}">undocs.org</a>)'
        for s in symbols)
    items = [
        (ctx.t("un_symbol"), symbol_html),
        (ctx.t("identifiers"), values_html(ctx, iri, DCTERMS + "identifier")),
        (ctx.t("wikidata"), values_html(ctx, iri, SAME_AS)),
        (ctx.t("year"), values_html(ctx, iri, DG + "year")),
        (ctx.t("adopted"), values_html(ctx, iri, DG + "adoptedOn")),
        (ctx.t("replaces"), values_html(ctx, iri, DG + "replaces")),
        (ctx.t("established_by"), values_html(ctx, iri, DG + "establishedBy")),
        (ctx.t("party"), values_html(ctx, iri, DG + "party")),
    ]
    body = heading(ctx, iri, types) + meta_list(items)
    cited = []
    for row in ctx.select(CITED_BY, instrument=n(iri)):
        p = text_of(row["p"])
        cited.append(f"<li>{ctx.a(p, proposal_name(ctx, p, text_of(row.get('ordinal')) or None))} — "
                     f"{ctx.a(text_of(row['doc']))}</li>")
    body += section(ctx.t("cited_as_precedent"), f'<ul class="plain">{"".join(cited)}</ul>' if cited else "")
    body += mentions_section(ctx, iri)
    return ctx.labels(iri), body


def proposal_page(ctx: PageContext, iri: str, types: set[str]) -> tuple[str, str]:
    """A proposal (or a programme: a set of proposals put forward together) with the words it came from."""
    is_programme = DG + "Programme" in types
    ordinal = ctx.value(iri, DG + "ordinal")
    title = ctx.value(iri, RDFS + "label") if is_programme else proposal_name(ctx, iri, ordinal)
    texts = [v for v in ctx.objects(iri, DG + "text") if isinstance(v, ox.Literal)]
    body = heading(ctx, iri, types, title=title or ctx.labels(iri))
    body += "".join(f"<blockquote>{literal_html(t)}</blockquote>" for t in texts)
    body += meta_list([
        (ctx.t("ordinal"), escape(ordinal or "")),
        (ctx.t("proposer"), values_html(ctx, iri, DG + "proposer")),
        (ctx.t("addressee"), values_html(ctx, iri, DG + "addressee")),
        (ctx.t("precedent"), values_html(ctx, iri, DG + "precedent")),
        (ctx.t("programme"), values_html(ctx, iri, DG + "partOfProgramme")),
        (ctx.t("proposed_in"), values_html(ctx, iri, DG + "proposedIn")),
    ])
    quotes = [f"<blockquote>{quote_link(ctx, text_of(r['doc']), text_of(r['quote']), r['start'], r['end'])}"
              "</blockquote>" for r in ctx.select(SOURCE_QUOTES, thing=n(iri))]
    body += section(ctx.t("quote"), "".join(quotes), anchor="source")
    if is_programme:
        rows = [[ctx.a(text_of(r["p"]), proposal_name(ctx, text_of(r["p"]), text_of(r.get("ordinal")) or None)),
                 escape(snippet(text_of(r.get("text"))))] for r in ctx.select(IN_PROGRAMME, programme=n(iri))]
        body += section(ctx.t("proposals"), table([ctx.t("proposal"), ctx.t("text")], rows))
    return title or ctx.labels(iri), body
