"""Sentences and cue words, with offsets into the normalised text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .. import rules
from ..read.source import Span

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[\"«“(]?[A-ZА-ЯЁ0-9])")


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of a span, in order (empty ones dropped)."""
    return list(_sentences(text, span.start, span.end))


@lru_cache(maxsize=1024)
def _sentences(text: str, start: int, end: int) -> tuple[Span, ...]:
    """Cached: the extractors split the same paragraphs again (mentions, participants, proposals each walk them),
    and the key is cheap, since a string keeps its hash and the text is the same object every time. The cache is
    small, so it holds the texts of the last few documents only."""
    out: list[Span] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            out.append(Span(pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append(Span(pos, end))
    return tuple(out)


def find_cue(text: str, cues: Iterable[str], start: int = 0) -> tuple[int, str] | None:
    """Earliest whole-word occurrence of any cue in text (folded), as (offset, cue)."""
    found = find_cues(text, cues, start, first_only=True)
    return found[0] if found else None


# A Russian cue ending in one of these is a stem: it may run on into the rest of the word ("ответственност…").
_STEM_ENDINGS = ("ост", "ени", "ств", "енн")


class _CueSet:
    """A list of cues prepared once: each as (cue, folded cue, whether a letter may not follow it), and one search
    for any of them anywhere, which settles the common case (a sentence without any cue) in a single scan."""

    __slots__ = ("cues", "any_of")

    def __init__(self, cues: tuple[str, ...]) -> None:
        prepared = []
        for cue in cues:
            c = rules.fold(cue)
            prepared.append((cue, c, c[-1].isalnum() and not c.endswith(_STEM_ENDINGS)))
        self.cues = tuple(prepared)
        # Longest first only for tidiness: the search is a test for presence, not for which cue is there.
        alternatives = sorted({c for _, c, _ in prepared}, key=len, reverse=True)
        self.any_of = re.compile("|".join(re.escape(c) for c in alternatives)) if alternatives else None


@lru_cache(maxsize=1024)
def _cue_set(cues: tuple[str, ...]) -> _CueSet:
    """Cue lists are few and fixed, and every sentence is searched for them: fold and compile them once."""
    return _CueSet(cues)


def find_cues(text: str, cues: Iterable[str], start: int = 0, first_only: bool = False) -> list[tuple[int, str]]:
    """Every whole-word occurrence of the cues in text (folded), as (offset, cue) in order of offset; one cue per
    offset (the longest). With `first_only`, each cue's first occurrence only.

    Occurrences of one cue do not overlap (the search resumes after each one, whole-word or not)."""
    prepared = _cue_set(cues if isinstance(cues, tuple) else tuple(cues))
    folded = rules.fold(text)
    if prepared.any_of is None or prepared.any_of.search(folded, start) is None:
        return []
    size = len(folded)
    hits: dict[int, str] = {}
    for cue, c, whole in prepared.cues:
        width = len(c)
        at = folded.find(c, start)
        while at != -1:
            end = at + width
            if (at == 0 or not folded[at - 1].isalnum()) and not (whole and end < size and folded[end].isalnum()):
                if at not in hits or len(cue) > len(hits[at]):
                    hits[at] = cue
                if first_only:
                    break
            at = folded.find(c, end)
    ordered = sorted(hits.items())
    return ordered[:1] if first_only else ordered


def cue_list(group: str, language: str) -> list[str]:
    data = rules.load("language")[group]
    return list(data.get(language, []))
