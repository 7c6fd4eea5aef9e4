"""Split normalised text into lines and paragraphs with their spans."""

from __future__ import annotations

import re

from .source import Span

_LINE = re.compile(r"[^\n]*")


def lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Every line of text[start:end] (without its newline), trimmed of surrounding spaces."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        spans.append(trim(text, Span(pos, stop)))
        if nl == -1:
            break
        pos = nl + 1
    return spans


def trim(text: str, span: Span) -> Span:
    s, e = span.start, span.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e)


def paragraphs(text: str, line_spans: list[Span]) -> list[Span]:
    """Non-empty lines, each a paragraph (both sites print one paragraph per line)."""
    return [s for s in line_spans if s.end > s.start]
