"""The pieces every HTML page is made of: templates (data files in `templates/`), escaping, the page language,
labels in that language, and links that keep a reader on this server.

Templates are `string.Template` files; every value put into one is either escaped here or built from escaped parts
by the page functions, so no text from the data reaches a page unescaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib.resources import files
from string import Template
from urllib.parse import quote

import pyoxigraph as ox

from .terms import ALT_LABEL, LABEL_PREDICATES, ONTOLOGY_IRI, curie, n

LANGUAGES = ("en", "ru")
_TEMPLATES = files("diplograph.serve").joinpath("templates")


@cache
def template(name: str) -> Template:
    return Template(_TEMPLATES.joinpath(name).read_text(encoding="utf-8"))


@cache
def _strings() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(_TEMPLATES.joinpath("strings.json").read_text(encoding="utf-8"))
    return data


def ui(key: str, lang: str) -> str:
    """A piece of the page's own wording in the page language (English when there is no translation)."""
    strings = _strings()
    return strings.get(lang, {}).get(key) or strings["en"].get(key, key)


@cache
def _query_translations() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = json.loads(
        _TEMPLATES.joinpath("queries.json").read_text(encoding="utf-8"))
    return data


def query_wording(name: str, title: str, description: str, lang: str) -> tuple[str, str]:
    """A canned query's title and description in the page language (its own English header when untranslated)."""
    wording = _query_translations().get(lang, {}).get(name, {})
    return wording.get("title") or title, wording.get("description") or description


def page_language(query_lang: str | None, accept_language: str | None, default: str = "en") -> str:
    """`?lang=` wins; otherwise the reader's Accept-Language (with q-values) decides between English and Russian."""
    if query_lang in LANGUAGES:
        return query_lang
    scores = {lang: 0.0 for lang in LANGUAGES}
    for part in (accept_language or "").split(","):
        tag, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.split("-")[0].lower()
        for lang in LANGUAGES:
            if primary in (lang, "*"):
                scores[lang] = max(scores[lang], q * (1.0 if primary == lang else 0.5))
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == default))
    return best if scores[best] > 0 else default


@dataclass
class Site:
    """Maps dataset IRIs to paths on this server: the base prefix is replaced by the server root. The bundle's files
    (`{base}graph/FILE`, the download URLs of the DCAT distributions) are here only when the server serves a build
    folder (`downloads`); otherwise links to them keep their published address."""

    base: str
    downloads: bool = True

    def local(self, iri: str) -> str | None:
        if iri.startswith(ONTOLOGY_IRI):
            return "/ontology" + iri[len(ONTOLOGY_IRI):]
        if not self.downloads and iri.startswith(self.base + "graph/"):
            return None
        if iri.startswith(self.base):
            return "/" + quote(iri[len(self.base):], safe="/#-._~!$&'()*+,;=:@%?")
        return None

    def iri(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def href(self, iri: str) -> str:
        """Where a link to `iri` should point: here for our own IRIs, the IRI itself elsewhere."""
        return self.local(iri) or iri


@dataclass
class Labels:
    """Labels of resources in the page language, cached for one page.

    Preference: the page language, then English, then any language, then an untagged literal, then the last
    segment of the IRI, so every link has readable text."""

    store: ox.Store
    lang: str
    base: str = ""
    _cache: dict[str, str] = field(default_factory=dict)

    def literals(self, iri: str) -> list[ox.Literal]:
        out: list[ox.Literal] = []
        for predicate in LABEL_PREDICATES:
            out.extend(q.object for q in self.store.quads_for_pattern(n(iri), predicate, None, None)
                       if isinstance(q.object, ox.Literal))
            if out:
                break
        return out

    def __call__(self, iri: str) -> str:
        if iri not in self._cache:
            self._cache[iri] = pick_literal(self.literals(iri), self.lang) or fallback_label(iri, self.base)
        return self._cache[iri]

    def alternatives(self, iri: str) -> list[str]:
        """Every label and alternative label other than the one shown (other languages, acronyms, variants)."""
        shown = self(iri)
        seen: dict[str, None] = {}
        for predicate in (*LABEL_PREDICATES, ALT_LABEL):
            for q in self.store.quads_for_pattern(n(iri), predicate, None, None):
                if isinstance(q.object, ox.Literal) and q.object.value != shown:
                    seen.setdefault(q.object.value, None)
        return list(seen)


def pick_literal(literals: list[ox.Literal], lang: str) -> str | None:
    if not literals:
        return None
    for wanted in (lang, "en"):
        for lit in literals:
            if (lit.language or "").split("-")[0] == wanted:
                return lit.value
    for lit in literals:
        if not lit.language:
            return lit.value
    return sorted(lit.value for lit in literals)[0]


def fallback_label(iri: str, base: str) -> str:
    """For an unlabelled IRI: a compact name in a known vocabulary, the last path segment of one of ours, or the
    whole IRI for anything outside (a source page, a licence), which readers recognise by its address."""
    short = curie(iri)
    if short != iri:
        return short
    if base and iri.startswith(base):
        return iri.rstrip("/").rsplit("/", 1)[-1] or iri
    return iri


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_html(text: str) -> str:
    """Escaped text; inside <bdi> when it holds bidirectional controls (an RTL override from a document, say),
    so that they reorder only this text and never the page around it."""
    escaped = escape(text)
    return f"<bdi>{escaped}</bdi>" if not _BIDI_CONTROLS.isdisjoint(text) else escaped


def link(site: Site, iri: str, text: str | None = None, *, cls: str = "") -> str:
    """An escaped <a> to an IRI; external links say so to assistive technology and open no new window."""
    href = site.href(iri)
    attrs = f' class="{escape(cls)}"' if cls else ""
    if site.local(iri) is None:
        attrs += ' rel="external"'
    return f'<a href="{escape(href)}"{attrs}>{text_html(text if text is not None else iri)}</a>'


def literal_html(lit: ox.Literal) -> str:
    """A literal's value, with its language tag as the element's lang (so screen readers switch voice)."""
    if lit.language:
        return f'<span lang="{escape(lit.language)}">{text_html(lit.value)}</span>'
    return text_html(lit.value)


def term_html(site: Site, labels: Labels, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return link(site, term.value, labels(term.value))
    if isinstance(term, ox.Literal):
        return literal_html(term)
    return escape(str(term))


def page(*, title: str, body: str, lang: str, iri: str | None = None, alternates: dict[str, str] | None = None,
         status_note: str = "") -> str:
    """A whole page: the layout around a body; `alternates` maps media type → URL of the other representations."""
    alternates = alternates or {}
    head_links = "".join(f'<link rel="alternate" type="{escape(mt)}" href="{escape(url)}">'
                         for mt, url in alternates.items())
    formats = " · ".join(f'<a href="{escape(url)}">{escape(_format_name(mt))}</a>' for mt, url in alternates.items())
    footer_iri = f'{escape(ui("iri", lang))}: <code>{escape(iri)}</code>' if iri else ""
    other = "ru" if lang == "en" else "en"
    return template("layout.html").substitute(
        lang=escape(lang), title=escape(title), head_links=head_links, css=template("style.css").template,
        body=body, footer_iri=footer_iri, formats=(f'{escape(ui("formats", lang))}: {formats}' if formats else ""),
        nav_documents=escape(ui("documents", lang)), nav_queries=escape(ui("queries", lang)),
        nav_sparql="SPARQL", nav_ontology=escape(ui("ontology", lang)), search=escape(ui("search", lang)),
        other_lang=other, other_lang_name=escape(ui("language_name", other)), status_note=status_note,
    )


def _format_name(media_type: str) -> str:
    return {"text/turtle": "Turtle", "application/ld+json": "JSON-LD", "application/n-triples": "N-Triples",
            "application/rdf+xml": "RDF/XML", "text/html": "HTML", "text/csv": "CSV",
            "application/json": "JSON"}.get(media_type, media_type)


def table(headers: list[str], rows: list[list[str]], *, cls: str = "") -> str:
    """A table from escaped headers and already-built cell HTML."""
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{escape(cls)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def section(heading: str, content: str, *, anchor: str = "") -> str:
    if not content:
        return ""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return f"<section{ident}><h2>{escape(heading)}</h2>{content}</section>"
