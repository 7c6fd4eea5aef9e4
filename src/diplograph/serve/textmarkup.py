"""A document's text as HTML with its evidence spans marked: named entities highlighted and linked, facts
(office holdings, proposals) shaded, speech turns labelled with their speaker, each span reachable as `#ev-START-END`.

Evidence offsets index into `dg:normalisedText` by Unicode code point, which is how Python slices strings, so
`text[start:end]` is exactly the quoted words. Spans may nest (an instrument's name containing a state's) or
cross; HTML elements must nest, so a span that crosses the end of an enclosing one is split there and continues
as a second element without the anchor. Links are put on text leaves only, never around other elements, so no
<a> ever contains another.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from html import escape

from .render import text_html

# Outer kinds first when two spans start and end at the same place.
KIND_ORDER = {"turn": 0, "proposal": 1, "holding": 2, "mention": 3}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str                  # one of KIND_ORDER
    href: str | None = None    # where the words link to (mentions), or the fact's own page (proposals)
    title: str = ""            # tooltip: what the words were recognised as
    label_html: str = ""       # for turns: the speaker label shown before the turn (already escaped)
    anchor: bool = True        # False for the continuation of a split span
    ident: str = ""            # the element id, `ev-START-END` of the whole evidence even when split

    def __post_init__(self) -> None:
        if not self.ident:
            object.__setattr__(self, "ident", f"ev-{self.start}-{self.end}")

    def clipped(self, start: int, end: int, *, first: bool) -> Span:
        """The part of this span between start and end; only the first part keeps the anchor and the label."""
        return Span(start, end, self.kind, self.href, self.title, self.label_html if first else "",
                    self.anchor and first, self.ident)


@dataclass
class _Node:
    span: Span | None
    start: int
    end: int
    children: list[_Node] = field(default_factory=list)


def _nest(spans: list[Span], length: int) -> _Node:
    root = _Node(None, 0, length)
    heap = [(s.start, -s.end, KIND_ORDER[s.kind], i, s) for i, s in enumerate(spans) if 0 <= s.start < s.end <= length]
    heapq.heapify(heap)
    counter = len(spans)
    stack = [root]
    while heap:
        start, _, _, _, span = heapq.heappop(heap)
        while stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if span.end > parent.end:
            rest = span.clipped(parent.end, span.end, first=False)
            heapq.heappush(heap, (rest.start, -rest.end, KIND_ORDER[rest.kind], counter, rest))
            counter += 1
            span = span.clipped(span.start, parent.end, first=True)
        node = _Node(span, span.start, span.end)
        parent.children.append(node)
        stack.append(node)
    return root


def _leaf(text: str, href: str | None, title: str) -> str:
    if not text:
        return ""
    if href is None:
        return text_html(text)
    tip = f' title="{escape(title)}"' if title else ""
    return f'<a href="{escape(href)}"{tip}>{text_html(text)}</a>'


def _render(node: _Node, text: str, href: str | None, title: str, used: set[str]) -> str:
    out: list[str] = []
    span = node.span
    ident = ""
    if span is not None and span.anchor and span.ident not in used:
        used.add(span.ident)
        ident = f' id="{span.ident}"'
    if span is not None and span.kind == "mention":
        href, title = span.href, span.title
        tip = f' title="{escape(span.title)}"' if span.title else ""
        out.append(f'<mark class="mention"{ident}{tip}>')
    elif span is not None and span.kind == "turn":
        out.append(f'<span class="turn"{ident}>{span.label_html}')
    elif span is not None:
        out.append(f'<span class="fact {span.kind}"{ident}>')
    position = node.start
    for child in node.children:
        out.append(_leaf(text[position:child.start], href, title))
        out.append(_render(child, text, href, title, used))
        position = child.end
    out.append(_leaf(text[position:node.end], href, title))
    if span is not None:
        if span.kind == "mention":
            out.append("</mark>")
        else:
            if span.kind == "proposal" and span.href and href is None and span.anchor:
                out.append(f'<a class="factlink" href="{escape(span.href)}">{escape(span.title)}</a>')
            out.append("</span>")
    return "".join(out)


def markup(text: str, spans: list[Span], *, start: int = 0, end: int | None = None,
           used: set[str] | None = None) -> str:
    """HTML for `text[start:end]` with the spans marked (spans outside it are dropped, ones across its edges
    clipped; a span keeps its anchor only in the part where it begins). Pieces of one text rendered separately
    share `used`, the anchors already given, so no id appears twice on a page."""
    stop = len(text) if end is None else end
    kept = [s if start <= s.start and s.end <= stop else s.clipped(max(s.start, start), min(s.end, stop),
                                                                   first=s.start >= start)
            for s in spans if s.end > start and s.start < stop]
    root = _nest(kept, stop)
    root.start = start
    return _render(root, text, None, "", set() if used is None else used)
