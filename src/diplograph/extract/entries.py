"""Entries of a participants list: a person's name, a dash, the office ("МИШУСТИН Михаил Владимирович –
Председатель Правительства Российской Федерации"), many to a paragraph or the whole list on one line as a
scraped copy of a supplement gives it; and English entries "Office of the State Given Surname".

A name is told by its family name in capitals: "SURNAME Given Patronymic" (Russian order, and "АЛЬ ТАНИ Тамим
Бен Хамад", an Arabic family name first) or "Given SURNAME" (a foreign name: "Клодиа ЛЭМБУМБА САССУ-НГЕССО").
An entry's office runs from its dash to the next entry's name, or to a heading ("С российской стороны :").
The vocabulary (dashes, particles, patronymic endings, headings) is `rules/entries.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import rules
from ..link.morph import analyzer, is_given_name
from ..read.source import Span

# How far before a dash a name may begin: a name has a few words, and a bounded look keeps the scan linear.
_NAME_WINDOW = 160
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Entry:
    name_as_written: str  # "ЛАВРОВ Сергей Викторович"
    name: str  # as the reference set writes names, given name first: "Сергей Лавров"
    office: str | None  # as written
    span: Span  # the name
    office_span: Span | None


@cache
def _cfg() -> dict:
    return rules.load("entries")  # type: ignore[no-any-return]


@cache
def _dash() -> re.Pattern[str]:
    return re.compile(r"\s(?:" + "|".join(re.escape(d) for d in _cfg()["dashes"]) + r")\s")


@cache
def _heading(language: str) -> re.Pattern[str]:
    headings = "|".join(_cfg()["headings"].get(language, []))
    stops = "|".join(_cfg()["stops"].get(language, []))
    return re.compile(r"(?<!\w)(?:(?:" + headings + r")\s*:|" + stops + ")", re.I)


@lru_cache(maxsize=1 << 14)
def _caps(word: str) -> bool:
    """A family name printed in capitals ("ЛАВРОВ", "САССУ-НГЕССО"), not an acronym the dictionary knows ("ФСБ")."""
    letters = word.replace("-", "")
    if len(letters) < 2 or not letters.isalpha() or not letters.isupper():
        return False
    return not any("Abbr" in p.tag.grammemes for p in analyzer().parse(word) if p.is_known)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].replace("-", "").replace("’", "").replace("'", "").isalpha() and (
        any(c.islower() for c in word[1:]) or len(word) == 1
    )


def _particle(word: str) -> bool:
    return word.lower() in _cfg()["particles"]


def _name_at(text: str, floor: int, dash: int) -> tuple[int, int] | None:
    """The name that ends at a dash, as (start, end), or None when the words before the dash are not one."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, max(floor, dash - _NAME_WINDOW), dash)]
    run: list[tuple[int, int]] = []  # the words before the dash that can be part of a name, last first
    limit = _cfg()["max_name_words"]
    for start, end in reversed(words):
        w = text[start:end]
        if w in _cfg()["dashes"] and run and _caps(text[run[-1][0] : run[-1][1]]):
            continue  # "АЛЬ – ХУЛЕЙФИ": a dash between two parts of a family name; the part before it must be one
        if len(run) >= limit + 2 or not (_caps(w) or _capitalised(w) or _particle(w)):
            break
        if run and text[end : run[-1][0]].strip() and not _caps(w):
            break  # a dash was passed over: only a family name's first part may stand before it
        run.append((start, end))
    run.reverse()
    kinds = ["p" if _particle(text[s:e]) else "C" if _caps(text[s:e]) else "c" for s, e in run]
    if "C" not in kinds or "c" not in kinds:
        return None  # a family name in capitals and at least one given name ("NATO – Russia" is no one)
    last_caps = len(kinds) - 1 - kinds[::-1].index("C")
    first_caps = last_caps
    if last_caps < len(kinds) - 1:
        # SURNAME Given (Patronymic): the words after the family name are the given names; before it, only a
        # particle of the family name ("АЛЬ ТАНИ"), not an acronym closing the previous office ("член РВИО").
        if len(kinds) - 1 - last_caps > limit - 1:
            return None
        while first_caps > 0 and kinds[first_caps - 1] == "p" and text[run[first_caps - 1][0]].isupper():
            first_caps -= 1
        return run[first_caps][0], run[-1][1]
    while first_caps > 0 and kinds[first_caps - 1] in ("C", "p"):
        first_caps -= 1
    # Given SURNAME: the words before the family name that can be given names.
    start = first_caps
    while start > 0 and last_caps - start < limit - 1:
        w = text[run[start - 1][0] : run[start - 1][1]]
        if kinds[start - 1] == "p" or is_given_name(w):
            start -= 1
        else:
            break
    while start < first_caps and kinds[start] == "p":
        start += 1
    return run[start][0], run[-1][1]


def _joined(text: str, dash: re.Match[str]) -> bool:
    """A dash between two parts of a family name ("АЛЬ – ХУЛЕЙФИ", "ВИТОРГАН – СОБЧАК"), not before an office."""
    before = text[max(0, dash.start() - 40) : dash.start()].split()
    after = _WORD.match(text, dash.end())
    return bool(before and after and _caps(before[-1]) and _caps(after.group().rstrip(",")))


def reference_form(written: str) -> str:
    """'ЛАВРОВ Сергей Викторович' → 'Сергей Лавров'; 'Клодиа ЛЭМБУМБА САССУ-НГЕССО' → 'Клодиа Лэмбумба
    Сассу-Нгессо'; 'АЛЬ ТАНИ Тамим Бен Хамад' → 'Тамим Бен Хамад Аль Тани'."""
    words = written.replace(" – ", "-").replace(" - ", "-").split()
    caps = [i for i, w in enumerate(words) if _caps(w) or (_particle(w) and w.isupper())]

    def title(w: str) -> str:
        return "-".join(p[:1] + p[1:].lower() for p in w.split("-"))

    if caps and caps[0] == 0 and len(words) > len(caps):
        family = [title(w) for w in words[: len(caps)]]
        given = words[len(caps) :]
        endings = tuple(_cfg()["patronymic_endings"])
        if len(given) == 2 and given[1].lower().endswith(endings):
            given = given[:1]  # the patronymic: the reference set writes "Сергей Лавров"
        return " ".join(given + family)
    return " ".join(title(w) if i in caps else w for i, w in enumerate(words))


def parse_entries(text: str, span: Span, language: str) -> list[Entry]:
    """Every "NAME – office" entry in a span, in order."""
    heading = _heading(language)
    names: list[tuple[int, int, int]] = []  # name start, name end, office start
    floor = span.start
    for dash in _dash().finditer(text, span.start, span.end):
        if _joined(text, dash):
            continue
        found = _name_at(text, floor, dash.start())
        if found is None:
            continue
        if names and found[0] < names[-1][2]:
            continue
        names.append((found[0], found[1], dash.end()))
        floor = dash.end()
    out: list[Entry] = []
    for n, (start, end, office_start) in enumerate(names):
        office_end = names[n + 1][0] if n + 1 < len(names) else span.end
        head = heading.search(text, office_start, office_end)
        if head is not None:
            office_end = head.start()
        office = text[office_start:office_end].strip(" \t\n,;:")
        written = text[start:end]
        office_at = text.find(office, office_start, office_end) if office else -1
        out.append(Entry(
            written, reference_form(written), office or None, Span(start, end),
            Span(office_at, office_at + len(office)) if office else None,
        ))
    return out


# An English entry: "President of the United States Joseph Biden", the office first and the name closing it.
_ENGLISH_NAME = re.compile(r"(?<!\S)((?:[A-Z][\w’'-]*+\.? ){1,2}[A-Z][\w’'-]*+)\s*[.,;]?\s*$")


def english_entry(text: str, span: Span) -> Entry | None:
    """One entry of an English participants list: the last two or three capitalised words are the name (a middle
    initial or a second given name among them), the words before it the office."""
    m = _ENGLISH_NAME.search(text, span.start, span.end)
    if m is None:
        return None
    words = m[1].split()
    if len(words) == 3 and not words[1].endswith("."):
        words = words[1:]  # "States Joseph Biden": the office's last word, not a given name
    name = " ".join(words)
    start = m.end(1) - len(name)
    office = text[span.start : start].strip(" ,;:–-") or None
    office_at = text.find(office, span.start, start) if office else -1
    office_span = Span(office_at, office_at + len(office)) if office else None
    return Entry(name, name, office, Span(start, m.end(1)), office_span)
