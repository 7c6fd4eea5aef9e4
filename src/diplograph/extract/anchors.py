"""A person's name found in a participants text, and the office printed before it (shared by the extractors of
participants and of the lead's counterparts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import Ref

CONNECTORS = {"of", "the", "for", "and", "on", "in", "to", "at", "–", "-", "&", "de", "du", "la"}
OPENERS = {"Also", "The", "And", "Including"}
# A person's name closing a list item: two capitalised words (given name and surname).
TRAILING_NAME = re.compile(r"(?<!\S)([A-ZА-ЯЁ][a-zа-яё'’-]+ [A-ZА-ЯЁ][a-zа-яё'’-]+)\s*[.;:]?\s*$")


@dataclass
class Anchor:
    """A person's name in a participants sentence, and where the text that belongs to it ends."""

    person: Ref
    start: int
    end: int  # end of the printed name
    title: str | None = None
    title_end: int | None = None  # end of the tooltip's glued official title
    plain: bool = False  # from a plain-words list: the whole item before the name is the office

    @property
    def tail(self) -> int:
        return self.title_end if self.title_end is not None else self.end


def office_before(text: str, floor: int, at: int) -> str | None:
    """The office printed before a name: the run of capitalised words and connectors ending at the name."""
    segment = text[floor:at]
    cut = max(segment.rfind(" ,"), segment.rfind(":"), segment.rfind(";"), segment.rfind(". "))
    if cut != -1:
        segment = segment[cut + 2 :] if segment[cut : cut + 2] in (" ,", ". ") else segment[cut + 1 :]
    words = segment.split()
    taken: list[str] = []
    for word in reversed(words):
        bare = word.rstrip(",")
        if bare[:1].isupper() or bare in CONNECTORS or bare[:1].isdigit():
            taken.append(word)
        else:
            break
    taken.reverse()
    while taken and (taken[0].rstrip(",") in CONNECTORS or taken[0] in OPENERS):
        taken.pop(0)
    office = " ".join(taken).rstrip(",").strip()
    return office or None
