"""Participants from the English pages' name tooltips.

A linked name prints as `Office Given Surname Surname Given Surname GivenOfficial title ,`: the name, then
the tooltip (surname-first, twice) with the official title glued to it, then a space before the comma.
"""

from __future__ import annotations

import re

from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .facts import Participant

_NAME = r"[A-Z][\w'’.-]*"
TOOLTIP = re.compile(
    rf"(?P<given>{_NAME}(?: {_NAME})?) (?P<surname>{_NAME}(?: {_NAME})?) "
    r"(?P=surname) (?P=given) (?P=surname) (?P=given)"
)
# Where the glued official title stops: the tooltip's " ," or the end of the clause.
_TITLE_END = re.compile(r" ,| and (?=[a-z])|\.(?:\s|$)|;|$")
_CONNECTORS = {"of", "the", "for", "and", "on", "in", "to", "at", "–", "-", "&", "de", "du", "la"}
_OPENERS = {"Also", "The", "And", "Including"}


def find_participants(doc: SourceDocument, linker: Linker) -> list[Participant]:
    text = doc.text
    found: list[Participant] = []
    seen: set[str] = set()
    for para in doc.preamble + doc.body:
        floor = para.start
        for m in TOOLTIP.finditer(text, para.start, para.end):
            name = f"{m['given']} {m['surname']}"
            title_match = _TITLE_END.search(text, m.end(), para.end)
            title_end = title_match.start() if title_match else para.end
            title = text[m.end() : title_end].strip() or None
            office = _office_before(text, floor, m.start())
            floor = title_end
            person = linker.person(name, doc.language)
            if person.slug in seen:
                continue
            seen.add(person.slug)
            office_ref = linker.office(office, doc.language, title) if office else (
                linker.office(title, doc.language) if title else None
            )
            found.append(
                Participant(person, office_ref, office, title, Span(m.start(), m.start() + len(name)))
            )
    return found


def _office_before(text: str, floor: int, at: int) -> str | None:
    """The office printed before a name: the run of capitalised words and connectors ending at the name."""
    segment = text[floor:at]
    cut = max(segment.rfind(" ,"), segment.rfind(":"), segment.rfind(";"), segment.rfind(". "))
    if cut != -1:
        segment = segment[cut + 2 :] if segment[cut : cut + 2] in (" ,", ". ") else segment[cut + 1 :]
    words = segment.split()
    taken: list[str] = []
    for word in reversed(words):
        bare = word.rstrip(",")
        if bare[:1].isupper() or bare in _CONNECTORS or bare[:1].isdigit():
            taken.append(word)
        else:
            break
    taken.reverse()
    while taken and (taken[0].rstrip(",") in _CONNECTORS or taken[0] in _OPENERS):
        taken.pop(0)
    office = " ".join(taken).rstrip(",").strip()
    return office or None
