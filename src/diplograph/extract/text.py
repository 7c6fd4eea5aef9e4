"""Sentences and cue words, with offsets into the normalised text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import rules
from ..read.source import Span

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[\"«“(]?[A-ZА-ЯЁ0-9])")


def sentences(text: str, span: Span) -> list[Span]:
    out: list[Span] = []
    pos = span.start
    for m in _SENTENCE_END.finditer(text, span.start, span.end):
        out.append(Span(pos, m.start()))
        pos = m.end()
    if pos < span.end:
        out.append(Span(pos, span.end))
    return [s for s in out if s.end > s.start]


def find_cue(text: str, cues: Iterable[str], start: int = 0) -> tuple[int, str] | None:
    """Earliest whole-word occurrence of any cue in text (folded), as (offset, cue)."""
    found = find_cues(text, cues, start, first_only=True)
    return found[0] if found else None


def find_cues(text: str, cues: Iterable[str], start: int = 0, first_only: bool = False) -> list[tuple[int, str]]:
    """Every whole-word occurrence of the cues in text (folded), as (offset, cue) in order of offset; one cue per
    offset (the longest). With `first_only`, each cue's first occurrence only."""
    folded = rules.fold(text)
    hits: dict[int, str] = {}
    for cue in cues:
        c = rules.fold(cue)
        for m in re.finditer(re.escape(c), folded[start:]):
            at = start + m.start()
            before = folded[at - 1] if at > 0 else " "
            if before.isalnum():
                continue
            end = at + len(c)
            after = folded[end] if end < len(folded) else " "
            if c[-1].isalnum() and after.isalnum() and not c.endswith(("ост", "ени", "ств", "енн")):
                continue
            if at not in hits or len(cue) > len(hits[at]):
                hits[at] = cue
            if first_only:
                break
    ordered = sorted(hits.items())
    return ordered[:1] if first_only else ordered


def cue_list(group: str, language: str) -> list[str]:
    data = rules.load("language")[group]
    return list(data.get(language, []))
