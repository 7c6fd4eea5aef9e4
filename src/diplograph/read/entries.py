"""Participants lists: one span per person of a supplement's list ("ЛАВРОВ Сергей Викторович – Министр …",
"Шарль Ришард МОНДЖО – Министр …") or of the other side a lead names ("had a telephone conversation with President
of the United States Joseph Biden"). The forms are rules (rules/layouts.yaml: participant_entry)."""

from __future__ import annotations

import re

from .layouts import Rules, load_rules, sentence_spans
from .source import Span


def participant_entries(text: str, paragraphs: list[Span]) -> list[Span]:
    """One span per person of a participants list: from where an entry starts (rules: participant_entry) to the
    next entry, heading or the paragraph's end. A paragraph holds a list when two entries start in it, or it
    starts with one."""
    r = load_rules()
    entries: list[Span] = []
    for para in paragraphs:
        starts = sorted({m.start() for m in r.entry_start.finditer(text, para.start, para.end)}
                        | set(_foreign_starts(text, para, r)))
        if not starts or (len(starts) < 2 and starts[0] != para.start):
            continue
        for n, begin in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else para.end
            cut = r.entry_stop.search(text, begin, stop)
            if cut:
                stop = cut.start()
            end = stop
            while end > begin and (text[end - 1].isspace() or text[end - 1] in ",;"):
                end -= 1
            if end > begin:
                entries.append(Span(begin, end))
    return entries


_CAPITALISED = re.compile(r"[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?$")


def _foreign_starts(text: str, para: Span, r: Rules) -> list[int]:
    """Where "Given names SURNAME – office" entries start: the capitalised words before the surname, back to
    `given_max` of them, stopping at a word that belongs to the previous entry's office."""
    found: list[int] = []
    for m in r.entry_surname.finditer(text, para.start, para.end):
        words = text[para.start : m.start()].split(" ")[:-1] if m.start() > para.start else []
        taken = 0
        for k in range(len(words) - 1, -1, -1):
            word = words[k]
            before = words[k - 1] if k > 0 else ""
            if taken >= r.given_max or not _CAPITALISED.match(word) or word.endswith(r.office_endings):
                break
            if taken and before.endswith(r.office_endings) and _CAPITALISED.match(before):
                break
            taken += 1
        if taken:
            found.append(m.start() - sum(len(w) + 1 for w in words[len(words) - taken :]))
    return found


def counterpart_entries(text: str, lead: Span | None) -> list[Span]:
    """The other side of a two-sided event its lead reports: "had a telephone conversation with President of the
    United States Joseph Biden" → one span per person ("X and Y", "X, Y" are two)."""
    if lead is None:
        return []
    r = load_rules()
    cue = r.with_cues.search(text, lead.start, lead.end)
    if cue is None:
        return []
    sentence_end = next((s.end for s in sentence_spans(text, lead) if s.end > cue.end()), lead.end)
    end = sentence_end
    while end > cue.end() and text[end - 1] in ".!?;, ":
        end -= 1
    topic = re.compile(r" (?:on|to|about|regarding|о|об|по) ")  # what the event was about, not who took part
    cut = topic.search(text, cue.end(), end)
    if cut:
        end = cut.start()
    entries: list[Span] = []
    pos = cue.end()
    for m in re.compile(r",? (?:and|и) |, ").finditer(text, pos, end):
        entries.append(Span(pos, m.start()))
        pos = m.end()
    entries.append(Span(pos, end))
    return [e for e in entries if e.end > e.start and text[e.start].isupper()]


