"""Speech turns: paragraphs opened by a speaker label ("President of Russia Vladimir Putin: …",
"В.Путин: …", "Question: …"); paragraphs without one continue the current turn."""

from __future__ import annotations

import re

from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .facts import Ref, Turn
from .text import cue_list

_LABEL = re.compile(r"(?P<label>[^:\n]{1,120}?):\s+\S")
_INITIALS = re.compile(r"^(?P<initials>(?:[A-ZА-ЯЁ]\.\s?){1,2})(?P<surname>[A-ZА-ЯЁ][\w’'-]+)$")
_CAP = re.compile(r"^[A-ZА-ЯЁ][\w’'.-]*$")
_LOWER_OK = {"of", "the", "for", "and", "on", "in", "to", "at", "de", "–", "-"}
# A note after the speaker's name ("(retranslated)", "(через переводчика)") is not part of the label.
_NOTE = re.compile(r"\s*\([^()]*\)$")


def find_turns(doc: SourceDocument, linker: Linker) -> list[Turn]:
    text = doc.text
    roles = set(cue_list("role_labels", doc.language))
    turns: list[Turn] = []
    by_surname: dict[str, Ref] = {}
    for para in doc.body:
        m = _LABEL.match(text, para.start, para.end)
        label = _NOTE.sub("", m["label"].strip()) if m else None
        parsed = _parse_label(label, roles) if label else None
        if parsed is None:
            if turns:
                turns[-1].paragraphs.append(para)
                turns[-1].span = Span(turns[-1].span.start, para.end)
            continue
        role, name = parsed
        speaker = _speaker(name, doc, linker, by_surname) if name else None
        start = m.end("label") + 1  # type: ignore[union-attr]
        while text[start].isspace():
            start += 1
        body = Span(start, para.end)
        turns.append(Turn(len(turns) + 1, speaker, role, body, [body]))
    return turns


def _parse_label(label: str, roles: set[str]) -> tuple[str | None, str | None] | None:
    """(role as printed, person name) when the label is a speaker label, else None."""
    if label in roles:
        return label, None
    if _INITIALS.match(label):
        return None, label
    words = label.split()
    if len(words) > 16 or any(ch in label for ch in "?!;«»\"()") or label.endswith("."):
        return None
    if not all(_CAP.match(w) or w in _LOWER_OK for w in words):
        return None
    caps = [w for w in words if _CAP.match(w)]
    if len(words) < 2 or len(caps) < 2 or not _CAP.match(words[-1]) or not _CAP.match(words[-2]):
        return None
    name = " ".join(words[-2:])
    role = " ".join(words[:-2]) or None
    return role, name


def _speaker(name: str, doc: SourceDocument, linker: Linker, by_surname: dict[str, Ref]) -> Ref:
    m = _INITIALS.match(name)
    surname = m["surname"] if m else name.split()[-1]
    if m:
        known = by_surname.get(surname)
        if known:
            return known
    ref = linker.person(name, doc.language)
    if m and ref.entity is None:
        ref = linker.person(surname, doc.language)
    by_surname.setdefault(surname, ref)
    return ref
