"""Site furniture: what of a saved page is menus, settings, clocks, tickers, breadcrumbs, boxes and footers, and what
is the document (rules/layouts.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import dates
from .layouts import checked, is_furniture, load_rules, sentence_spans, signature, squeeze
from .paragraphs import lines
from .paragraphs import trim as trim_span
from .source import Span

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")


@dataclass
class Page:
    """What the reader has found so far."""

    text: str
    content: list[Span] = field(default_factory=list)
    furniture: list[Span] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    direct_link: str | None = None


def split_page(text: str, path: Path, layout: dict) -> Page:
    """Separate the content lines from the furniture, the footer and the URL lines."""
    r = load_rules()
    page = Page(text)
    header = signature(layout)
    spans = [s for s in lines(text) if s.end > s.start]
    chrome = next((k for k, s in enumerate(spans) if r.chrome_end.match(s.of(text))), None)
    if chrome is not None and chrome < len(spans) - 1:
        page.furniture += spans[: chrome + 1]
        spans = spans[chrome + 1 :]
    footer = False
    for k, span in enumerate(spans):
        line = span.of(text)
        m = r.url_line.match(line)
        if m:
            page.urls.append(checked(m["value"], path))
            page.furniture.append(span)
            continue
        if footer or (page.content and squeeze(line) in r.footer_headings):
            footer = True
            page.furniture.append(span)
            _footer_field(page, line, path)
            continue
        neighbours = [spans[j].of(text) for j in (k - 1, k + 1) if 0 <= j < len(spans)]
        is_clock_date = dates.parse_date_line(line) is not None and any(r.clocks.match(n) for n in neighbours)
        crumb = r.breadcrumb.match(line)
        if crumb and squeeze(crumb["section"]) not in r.breadcrumb_generic:
            page.sections.append(_SPACES.sub(" ", crumb["section"]).strip())
        in_header = not page.content and (line.casefold() in r.sections or bool(header.search(line)))
        if is_furniture(line, r) or is_clock_date or in_header:
            page.furniture.append(span)
            continue
        page.content.append(span)
    return page


def _footer_field(page: Page, line: str, path: Path) -> None:
    for name, patterns in load_rules().fields.items():
        for rx in patterns:
            m = rx.match(line)
            if not m:
                continue
            value = m["value"].strip()
            if name == "sections":
                page.sections += [s.strip() for s in value.split(",") if s.strip()]
            elif name == "direct_link":
                page.direct_link = checked(value if value.startswith("http") else f"http://{value}", path)


def one_line(page: Page, path: Path) -> None:
    """A page saved as one line (a scraper's output): its leading section word and its inline footer are
    furniture, and the rest is cut into sentences, each a paragraph."""
    r = load_rules()
    text = page.text
    (line,) = page.content
    start, end = line.start, line.end
    first = _WORD.match(text, start)
    if first and first.group().casefold() in r.sections:
        page.furniture.append(Span(start, first.end()))
        start = first.end() + 1
    kept = cut_inline_footer(page, Span(start, end), path)
    page.content = []
    for n, piece in enumerate(kept):
        start = piece.start
        if n == 0:
            found = dates.find_date(text[start : min(piece.end, start + r.title_max)])
            if found and found[1] > 0 and not re.search(r"[.!?]", text[start : start + found[1]]):
                # "Совместное заявление … 13 марта 2025 года По приглашению …": the title, then its date.
                page.content += [Span(start, start + found[1] - 1), Span(start + found[1], start + found[2])]
                start += found[2] + 1
        page.content += sentence_spans(text, Span(start, piece.end))


def cut_inline_footer(page: Page, span: Span, path: Path) -> list[Span]:
    """A paragraph with the page's boxes and footer run into it: each "see also" box is cut out, the footer (to
    the end) becomes furniture and its fields are read; what is left is one span or several."""
    r = load_rules()
    text = page.text
    tail = r.footer_inline.search(text, span.start, span.end)
    end = span.end
    if tail is not None:
        # The footer's first heading may follow no sentence end ("… года Темы …", "<…> Смотрите также …"): the
        # earliest heading in the stretch before the one found starts it.
        window = max(span.start, tail.start() - r.footer_reach)
        earlier = r.footer_any.search(text, window, tail.start() + 1)
        start = earlier.start() if earlier else tail.start()
        footer = Span(start + 1, span.end)
        page.furniture.append(footer)
        _inline_fields(page, footer.of(text), path)
        end = start
    pieces: list[Span] = []
    pos = span.start
    for box in r.see_also.finditer(text, span.start, end):
        page.furniture.append(Span(box.start() + 1, box.end()))
        pieces.append(Span(pos, box.start()))
        pos = box.end()
    last = trim_span(text, Span(pos, end))
    if pieces and any(text.startswith(h + " ", last.start) for h in r.footer_words):
        page.furniture.append(last)  # the footer, right after a box: "… года География Иран Темы …"
    else:
        pieces.append(last)
    return [p for p in (trim_span(text, p) for p in pieces) if p.end > p.start]


def _inline_fields(page: Page, words: str, path: Path) -> None:
    for name, patterns in load_rules().inline_fields.items():
        for rx in patterns:
            m = rx.search(words)
            if not m:
                continue
            value = m["value"].strip()
            if name == "sections" and not page.sections:
                page.sections = [s.strip() for s in value.split(",") if s.strip()]
            elif name == "direct_link" and page.direct_link is None:
                page.direct_link = checked(value if value.startswith("http") else f"http://{value}", path)


