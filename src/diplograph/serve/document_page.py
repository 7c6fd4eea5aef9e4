"""The page of one source document: its metadata, the event it reports, who took part and spoke, what was
proposed, which instruments it names, and its full text with every piece of evidence marked in place."""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from .entity_pages import proposal_name, snippet
from .pagekit import (
    PageContext,
    as_written,
    evidence_href,
    heading,
    meta_list,
    optional_literal,
    text_of,
    types_of,
    values_html,
)
from .render import section, table
from .terms import DCTERMS, DG, SCHEMA, n
from .textmarkup import Span, markup

EVIDENCE = """
SELECT ?doc ?ev ?body ?start ?end WHERE {
  ?target oa:hasSource ?doc ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
  ?ev oa:hasTarget ?target ; oa:hasBody ?body .
}
"""

PARTICIPANTS = """
SELECT DISTINCT ?doc ?actor ?written ?official ?start ?end WHERE {
  ?doc dg:reports ?event . ?event dg:participant ?actor .
  OPTIONAL {
    ?h org:member ?actor ; dg:attestedIn ?doc .
    OPTIONAL { ?h dg:officeAsWritten ?written }
    OPTIONAL { ?h dg:officialTitle ?official }
    OPTIONAL { ?h dg:evidence/oa:hasTarget/oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end }
  }
} ORDER BY ?start
"""

TURNS = """
SELECT DISTINCT ?doc ?turn ?number ?speaker ?role ?text ?start ?end WHERE {
  ?turn dcterms:isPartOf ?doc ; dg:turnNumber ?number ; dg:text ?text .
  OPTIONAL { ?turn dg:speaker ?speaker }
  OPTIONAL { ?turn dg:roleAsPrinted ?role }
  OPTIONAL { ?turn dg:evidence/oa:hasTarget/oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end }
} ORDER BY ?number
"""

PROPOSALS = """
SELECT DISTINCT ?doc ?p ?ordinal ?text ?start ?end WHERE {
  ?p a dg:Proposal ; dg:proposedIn ?doc ; dg:text ?text .
  OPTIONAL { ?p dg:ordinal ?ordinal }
  OPTIONAL { ?p dg:evidence/oa:hasTarget/oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end }
} ORDER BY ?start ?p
"""

INSTRUMENTS = """
SELECT DISTINCT ?doc ?i WHERE { ?doc dg:mentions ?i . ?i a dg:Instrument }
"""

_KIND_BY_CLASS = (
    (DG + "SpeechTurn", "turn"), (DG + "OfficeHolding", "holding"), (DG + "Proposal", "proposal"),
    (DG + "Programme", "proposal"),
)


def _kind(types: set[str]) -> str:
    return next((kind for cls, kind in _KIND_BY_CLASS if cls in types), "mention")


def _turn_label(ctx: PageContext, turn: str) -> str:
    speakers = [s.value for s in ctx.objects(turn, DG + "speaker") if isinstance(s, ox.NamedNode)]
    role = ctx.value(turn, DG + "roleAsPrinted")
    number = ctx.value(turn, DG + "turnNumber") or ""
    who = ", ".join(escape(ctx.labels(s)) for s in speakers) or escape(role or "")
    extra = f" ({escape(role)})" if speakers and role else ""
    return f'<span class="turn-label" aria-hidden="true">{who}{extra} · {escape(number)}</span>'


def evidence_spans(ctx: PageContext, document: str) -> list[Span]:
    """One span per evidence annotation on the document: mentions link to their entity; facts and turns carry
    their own kind so the text shows what each stretch of words supports."""
    grouped: dict[tuple[int, int, str], list[str]] = {}
    body_types: dict[str, set[str]] = {}
    for row in ctx.select(EVIDENCE, doc=n(document)):
        body = text_of(row["body"])
        if body not in body_types:
            body_types[body] = types_of(ctx, body)
        key = (int(text_of(row["start"])), int(text_of(row["end"])), text_of(row["ev"]))
        grouped.setdefault(key, []).append(body)
    spans = []
    for (start, end, _), bodies in sorted(grouped.items()):
        # One annotation may support several things at once (the words "Sergei Lavrov" name the person and
        # attest his office): one span per kind, nested, the outermost carrying the anchor.
        for kind in sorted({_kind(body_types[b]) for b in bodies}):
            chosen = sorted(b for b in bodies if _kind(body_types[b]) == kind)
            spans.append(_span(ctx, start, end, kind, chosen))
    return spans


def _span(ctx: PageContext, start: int, end: int, kind: str, bodies: list[str]) -> Span:
    """Mentions link to the (first) entity named, proposals to their page; turns show their speaker."""
    if kind == "mention":
        names = "; ".join(ctx.labels(b) for b in bodies)
        return Span(start, end, kind, href=ctx.site.href(bodies[0]), title=names)
    if kind == "turn":
        return Span(start, end, kind, label_html=_turn_label(ctx, bodies[0]))
    if kind == "proposal":
        ordinal = ctx.value(bodies[0], DG + "ordinal")
        name = proposal_name(ctx, bodies[0], ordinal)
        return Span(start, end, kind, href=ctx.site.href(bodies[0]), title=f"[{name}]")
    return Span(start, end, kind, title=ctx.labels(bodies[0]))


def _text_start(text: str, title: str | None, spans: list[Span]) -> int:
    """Where the document proper begins: the line with its title, unless evidence starts earlier. What comes
    before it is the source site's navigation, folded away (offsets stay those of the whole text)."""
    first = min((s.start for s in spans), default=len(text))
    at = text.find(title) if title else -1
    if at <= 0 or at > first:
        return 0
    line_start = text.rfind("\n", 0, at) + 1
    return line_start if line_start >= 80 else 0


def _text_section(ctx: PageContext, document: str, title: str | None) -> str:
    texts = [v for v in ctx.objects(document, DG + "normalisedText") if isinstance(v, ox.Literal)]
    if not texts:
        return ""
    text = texts[0].value
    spans = evidence_spans(ctx, document)
    start = _text_start(text, title, spans)
    language = ctx.value(document, DCTERMS + "language") or ""
    lang_attr = f' lang="{escape(language)}"' if language else ""
    folded = (f'<details class="furniture"><summary>{escape(ctx.t("page_furniture"))}</summary>'
              f'<div class="doctext"{lang_attr}>{escape(text[:start])}</div></details>') if start else ""
    legend = (f'<p class="legend"><span class="m">{escape(ctx.t("legend_mention"))}</span>'
              f'<span class="f">{escape(ctx.t("legend_fact"))}</span></p>')
    used: set[str] = set()
    garbled = _garbled_participants(ctx, document, text, spans)
    if garbled is not None and garbled[0][0] >= start:
        (p_start, p_end), entries = garbled
        printed = markup(text, spans, start=p_start, end=p_end, used=used)
        block = (f'<div class="participants-in-text"><p>{escape(ctx.t("participants_garbled"))}</p>'
                 f'<ul>{"".join(entries)}</ul><details class="as-printed"><summary>{escape(ctx.t("as_printed"))}'
                 f"</summary><div>{printed}</div></details></div>")
        inner = (markup(text, spans, start=start, end=p_start, used=used) + block
                 + markup(text, spans, start=p_end, used=used))
    else:
        inner = markup(text, spans, start=start, used=used)
    marked = f'<div class="doctext"{lang_attr}>{inner}</div>'
    return section(ctx.t("text"), legend + folded + marked, anchor="text")


def _garbled_participants(ctx: PageContext, document: str, text: str,
                          spans: list[Span]) -> tuple[tuple[int, int], list[str]] | None:
    """The paragraph that lists the event's participants, when the source printed it garbled, and the participants
    as list items from the graph instead.

    The paragraph is the one holding the evidence of two or more participants' offices. It counts as garbled when
    it names one of them more than once: a list names each person once, and sites that leak their hidden markup
    into the text (the Kremlin's surname and name variants) repeat every name."""
    holdings: dict[str, tuple[int, int, str]] = {}
    for row in ctx.select(PARTICIPANTS, doc=n(document)):
        if "start" in row:
            actor = text_of(row["actor"])
            where = (int(text_of(row["start"])), int(text_of(row["end"])))
            if actor not in holdings or where < holdings[actor][:2]:
                holdings[actor] = (*where, as_written(row))
    by_paragraph: dict[tuple[int, int], list[str]] = {}
    for actor, (h_start, _, _) in holdings.items():
        paragraph = (text.rfind("\n", 0, h_start) + 1, _line_end(text, h_start))
        by_paragraph.setdefault(paragraph, []).append(actor)
    for (p_start, p_end), actors in sorted(by_paragraph.items()):
        if len(actors) < 2:
            continue
        hrefs = {ctx.site.href(a): a for a in actors}
        named: dict[str, int] = {}
        for span in spans:
            if span.kind == "mention" and p_start <= span.start < p_end and span.href in hrefs:
                named[span.href] = named.get(span.href, 0) + 1
        if max(named.values(), default=0) < 2:
            continue
        entries = []
        for actor in sorted(actors, key=lambda a: holdings[a][0]):
            h_start, h_end, written = holdings[actor]
            href = f"{ctx.site.href(document)}#ev-{h_start}-{h_end}"
            office = f' — <a href="{escape(href)}">{written}</a>' if written else ""
            entries.append(f"<li>{ctx.a(actor)}{office}</li>")
        return (p_start, p_end), entries
    return None


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _participants(ctx: PageContext, document: str) -> str:
    rows: dict[str, list[str]] = {}
    for row in ctx.select(PARTICIPANTS, doc=n(document)):
        actor = text_of(row["actor"])
        written = as_written(row)
        if "start" in row:
            written = f'<a href="{escape(evidence_href(ctx, document, row["start"], row["end"]))}">{written}</a>'
        if actor not in rows or (written and not rows[actor][1]):
            rows[actor] = [ctx.a(actor), written]
    return section(ctx.t("participants"), table([ctx.t("subject"), ctx.t("as_written")], list(rows.values())),
                   anchor="participants")


def _speakers(ctx: PageContext, document: str) -> str:
    rows = []
    for row in ctx.select(TURNS, doc=n(document)):
        number = text_of(row["number"])
        where = (f'<a href="{escape(evidence_href(ctx, document, row["start"], row["end"]))}">{escape(number)}</a>'
                 if "start" in row else escape(number))
        speaker = ctx.a(text_of(row["speaker"])) if "speaker" in row else ""
        role = optional_literal(row, "role")
        rows.append([where, speaker, role, escape(snippet(text_of(row["text"]), 160))])
    headers = [ctx.t(k) for k in ("turn", "speaker", "role", "text")]
    return section(ctx.t("speakers"), table(headers, rows, cls="turns"), anchor="speakers")


def _proposals(ctx: PageContext, document: str) -> str:
    rows = []
    for row in ctx.select(PROPOSALS, doc=n(document)):
        p = text_of(row["p"])
        where = (f' <a href="{escape(evidence_href(ctx, document, row["start"], row["end"]))}">¶</a>'
                 if "start" in row else "")
        rows.append([ctx.a(p, proposal_name(ctx, p, text_of(row.get("ordinal")) or None)) + where,
                     values_html(ctx, p, DG + "proposer"), escape(snippet(text_of(row["text"]), 220))])
    headers = [ctx.t(k) for k in ("proposal", "proposer", "text")]
    return section(ctx.t("proposals"), table(headers, rows, cls="proposals"), anchor="proposals")


def _event(ctx: PageContext, document: str) -> str:
    parts = []
    for event in ctx.objects(document, DG + "reports"):
        if not isinstance(event, ox.NamedNode):
            continue
        e = event.value
        parts.append(f"<p>{ctx.a(e)}</p>" + meta_list([
            (ctx.t("date"), values_html(ctx, e, DCTERMS + "date")),
            (ctx.t("format"), values_html(ctx, e, DG + "format")),
            (ctx.t("chair"), values_html(ctx, e, DG + "chair")),
            (ctx.t("body"), values_html(ctx, e, DG + "ofBody")),
            (ctx.t("place"), values_html(ctx, e, DG + "placeName")),
        ]))
    return section(ctx.t("event"), "".join(parts), anchor="event")


def document_page(ctx: PageContext, iri: str, types: set[str]) -> tuple[str, str]:
    title = ctx.value(iri, DCTERMS + "title")
    meta = meta_list([
        (ctx.t("date"), values_html(ctx, iri, DCTERMS + "date")),
        (ctx.t("issued"), values_html(ctx, iri, DCTERMS + "issued")),
        (ctx.t("modified"), values_html(ctx, iri, DCTERMS + "modified")),
        (ctx.t("language"), values_html(ctx, iri, DCTERMS + "language")),
        (ctx.t("type"), values_html(ctx, iri, DG + "documentType")),
        (ctx.t("place"), values_html(ctx, iri, DG + "placeName")),
        (ctx.t("source"), values_html(ctx, iri, SCHEMA + "url")),
        (ctx.t("direct_link"), values_html(ctx, iri, DG + "directLink")),
        (ctx.t("publisher"), values_html(ctx, iri, DCTERMS + "publisher")),
        (ctx.t("licence"), values_html(ctx, iri, DCTERMS + "license")),
        (ctx.t("sections"), values_html(ctx, iri, DG + "section")),
        (ctx.t("topics"), values_html(ctx, iri, DCTERMS + "subject")),
        (ctx.t("description"), values_html(ctx, iri, DCTERMS + "description")),
    ])
    instruments = sorted((text_of(r["i"]) for r in ctx.select(INSTRUMENTS, doc=n(iri))), key=ctx.labels)
    body = heading(ctx, iri, types, title=title) + meta + _event(ctx, iri) + _participants(ctx, iri)
    body += _speakers(ctx, iri) + _proposals(ctx, iri)
    body += section(ctx.t("instruments"),
                    f'<ul class="plain">{"".join(f"<li>{ctx.a(i)}</li>" for i in instruments)}</ul>'
                    if instruments else "", anchor="instruments")
    body += _text_section(ctx, iri, title)
    return title or ctx.labels(iri), body
