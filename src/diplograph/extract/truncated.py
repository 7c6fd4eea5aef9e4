"""A name an excerpt cuts mid-word at its end: "… Стратегии национальной безопасности Российской Федерации до 2020
года, Доктрины информацион". The last words of an excerpt, the last one cut, are a reference entity's name when its
words begin so (the first ones in any grammatical case, the cut one as the start of the next word of the name)."""

from __future__ import annotations

import re

from ..link.linker import Linker
from ..link.matcher import Match
from ..read.source import SourceDocument, Span
from .facts import Mention, Ref
from .named import lemma

_WORD = re.compile(r"[^\W\d_][\w’'-]*+")
# Most words of a cut name looked at, and fewest letters of the cut word.
_MOST_WORDS = 6
_FEWEST_LETTERS = 4


def truncated_name(doc: SourceDocument, linker: Linker, spans: list[Span]) -> list[Mention]:
    """The reference entity whose name an excerpt's last words begin, or nothing."""
    if not doc.excerpt or not spans:
        return []
    text, lang = doc.text, doc.language
    last = spans[-1]
    end = last.start + len(text[last.start : last.end].rstrip())
    words = list(_WORD.finditer(text, last.start, end))[-_MOST_WORDS:]
    if not words or words[-1].end() != end or len(words[-1].group()) < _FEWEST_LETTERS:
        return []  # the excerpt ends on punctuation, a number, or too little of a word to tell
    entities = linker.instruments + linker.reference.of("organisation")
    for k in range(len(words), 1, -1):
        tail = words[-k:]
        if not tail[0].group()[:1].isupper():
            continue
        start = tail[0].start()
        found = [Match(e, start, end, name) for e in entities for name in e.names(lang) if _begins(tail, name)]
        if found:
            chosen = linker.choose(found, text[last.start : end], doc.date, set())
            return [Mention(Ref.of(chosen.entity, lang), Span(start, end))]
    return []


def _begins(tail: list[re.Match[str]], name: str) -> bool:
    """The name's words begin with the tail: the same words but the last, which the last name word starts with."""
    parts = name.split()
    if len(parts) < len(tail):
        return False
    *whole, cut = [w.group().lower().replace("ё", "е") for w in tail]
    if not parts[len(whole)].lower().replace("ё", "е").startswith(cut) or parts[len(whole)].lower() == cut:
        return False
    return all(lemma(w) == lemma(p) for w, p in zip(whole, parts[: len(whole)], strict=True))
