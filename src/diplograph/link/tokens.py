"""Tokens with offsets, and the folded keys that make inflected and differently-cased forms meet."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Hyphens split words ("российско-американского" → two tokens), on both the alias and the text side.
TOKEN = re.compile(r"\w+(?:['’.]\w+)*")
_CYRILLIC = re.compile(r"[а-яё]", re.I)
# Russian inflectional endings, longest first; a stem keeps at least four letters.
_RU_ENDINGS = sorted(
    """иями ием ией иям иях ами ями ого его ому ему ыми ими ая яя ое ее ые ие ий ый ой ом ем ам ям ах ях ов ев ей ию
    ия ие ии ую юю ью а я о е ы и у ю ь й""".split(),
    key=len,
    reverse=True,
)
_POSSESSIVE = re.compile(r"['’]s$")


class Token(NamedTuple):
    """One word of a text with its offsets. A named tuple, not a dataclass: a text of a few thousand words makes
    that many tokens every time it is scanned, and a tuple is several times cheaper to make."""

    key: str
    exact: str  # the token as written, for acronyms that must match in capitals
    start: int
    end: int


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 1 < len(letters) <= 6 and all(c.isupper() for c in letters)


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """Lower-case, ё→е, English possessive dropped, Russian ending stripped.

    Cached: running text repeats its words, and the stripping tries every ending in turn."""
    w = _POSSESSIVE.sub("", word).lower().replace("ё", "е")
    if _CYRILLIC.search(w) and "." not in w and not is_acronym(word):
        for ending in _RU_ENDINGS:
            if w.endswith(ending) and len(w) - len(ending) >= 4:
                return w[: -len(ending)]
    return w


@lru_cache(maxsize=1 << 16)
def trie_keys(word: str) -> tuple[str | None, str]:
    """The keys a word is looked up by in a name trie: its exact form marked with "=" when it is an acronym
    (tried first), and its folded form."""
    return ("=" + word) if is_acronym(word) else None, fold_word(word)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [
        Token(fold_word(m.group()), m.group(), m.start(), m.end())
        for m in TOKEN.finditer(text, start, end)
    ]


def count_tokens(text: str, start: int = 0, end: int | None = None) -> int:
    """len(tokenize(text, start, end)) without making the tokens."""
    return len(TOKEN.findall(text, start, len(text) if end is None else end))


def alias_keys(alias: str) -> tuple[str, ...]:
    """The key sequence an alias matches; acronyms are kept in capitals and matched exactly."""
    return tuple(("=" + t.exact) if is_acronym(t.exact) else t.key for t in tokenize(alias))
