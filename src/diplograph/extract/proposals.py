"""Proposals: numbered points ("First, …" / "Первое. …") grouped under a programme, and sentences that
put something forward ("we propose", "призываем"), with proposer, addressee and cited precedent."""

from __future__ import annotations

import re

from .. import rules
from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .facts import Event, Mention, Programme, Proposal, Ref, Turn
from .text import cue_list, find_cue, sentences

ADDRESSABLE = ("state", "organisation")
_PROGRAMME = re.compile(r"(?<!\w)(programme|program|программ\w*|комплекс\w* мер\w*)", re.I)


def _ordinal_at(text: str, para: Span, language: str) -> int | None:
    head = rules.fold(text[para.start : para.start + 40])
    for number, cues in rules.load("language")["ordinals"][language].items():
        if any(head.startswith(rules.fold(c)) for c in cues):
            return int(number)
    return None


def _is_finally(text: str, para: Span, language: str) -> bool:
    head = rules.fold(text[para.start : para.start + 30])
    return any(head.startswith(rules.fold(c)) for c in rules.load("language")["ordinals"]["finally"][language])


class _Context:
    def __init__(
        self, doc: SourceDocument, linker: Linker, mentions: list[Mention], event: Event, own_state: Ref | None
    ) -> None:
        self.doc = doc
        self.linker = linker
        self.mentions = mentions
        self.event = event
        self.own_state = own_state

    def refs_in(self, span: Span, categories: tuple[str, ...]) -> list[Ref]:
        out: list[Ref] = []
        for m in self.mentions:
            if span.start <= m.span.start and m.span.end <= span.end and m.ref.category in categories:
                if m.ref not in out and m.ref != self.own_state:
                    out.append(m.ref)
        return out

    def addressees(self, span: Span) -> list[Ref]:
        found = self.refs_in(span, ADDRESSABLE)
        text = span.of(self.doc.text)
        if find_cue(text, cue_list("collective_addressees", self.doc.language)):
            found.insert(0, Ref("organisation", "all-states", "all states", "en"))
        return found

    def precedents(self, span: Span, focus: list[Ref]) -> list[Ref]:
        text = span.of(self.doc.text)
        lang = self.doc.language
        cue = find_cue(text, cue_list("precedent_cues", lang))
        found: list[Ref] = []
        if cue is not None:
            after = Span(span.start + cue[0], span.end)
            found = [r for r in self.refs_in(after, ("instrument",)) if r.kind != "proposed_instrument"][:1]
        if not found and find_cue(text, cue_list("continuity_cues", lang)):
            for ref in reversed(focus):
                earlier = self.linker.superseded(ref.entity) if ref.entity is not None else None
                if earlier is not None:
                    found = [Ref.of(earlier, lang)]
                    break
        return found


def find_proposals(
    doc: SourceDocument, linker: Linker, turns: list[Turn], mentions: list[Mention], event: Event, own_state: Ref | None,
    creators: list[Ref],
) -> tuple[list[Programme], list[Proposal]]:
    ctx = _Context(doc, linker, mentions, event, own_state)
    programmes: list[Programme] = []
    proposals: list[Proposal] = []
    for turn in turns:
        proposers = [turn.speaker] if turn.speaker else creators
        if not proposers:
            continue
        numbered = _numbered(doc, turn.paragraphs)
        covered: list[Span] = []
        if numbered:
            intro = _intro(turn.paragraphs, numbered[0][1])
            addressees = ctx.addressees(intro) if intro else []
            if not addressees and event.of_body:
                addressees = [event.of_body]
            label = _programme_label(doc, intro) if intro else doc.span_text(doc.title)
            programme = Programme(len(programmes) + 1, label, intro or numbered[0][1], proposers, addressees)
            programmes.append(programme)
            for ordinal, span in numbered:
                focus = [m.ref for m in mentions if m.span.start < span.start and m.ref.category == "instrument"]
                proposals.append(
                    Proposal(ordinal, span, proposers, addressees, ctx.precedents(span, focus), programme.number)
                )
                covered.append(span)
        for para in turn.paragraphs:
            if any(c.start <= para.start < c.end for c in covered):
                continue
            for sentence in sentences(doc.text, para):
                hit = find_cue(sentence.of(doc.text), cue_list("proposal_cues", doc.language))
                if hit is None:
                    continue
                focus = [m.ref for m in mentions if m.span.start < sentence.start and m.ref.category == "instrument"]
                proposals.append(
                    Proposal(None, sentence, proposers, ctx.addressees(sentence), ctx.precedents(sentence, focus), None)
                )
    return programmes, proposals


def _numbered(doc: SourceDocument, paragraphs: list[Span]) -> list[tuple[int, Span]]:
    """The first run of numbered points 1, 2, 3, …; each point runs to the next one, the last is one paragraph."""
    starts: list[tuple[int, int]] = []  # (ordinal, paragraph index)
    for i, para in enumerate(paragraphs):
        n = _ordinal_at(doc.text, para, doc.language)
        expected = starts[-1][0] + 1 if starts else 1
        if n == expected:
            starts.append((n, i))
        elif n is None and len(starts) >= 2 and _is_finally(doc.text, para, doc.language):
            starts.append((expected, i))
        elif n == 1 and len(starts) < 2:
            starts = [(1, i)]
    if len(starts) < 2:
        return []
    out: list[tuple[int, Span]] = []
    for k, (n, i) in enumerate(starts):
        last = starts[k + 1][1] - 1 if k + 1 < len(starts) else i
        out.append((n, Span(paragraphs[i].start, paragraphs[last].end)))
    return out


def _intro(paragraphs: list[Span], first: Span) -> Span | None:
    before = [p for p in paragraphs if p.end <= first.start]
    return before[-1] if before else None


def _programme_label(doc: SourceDocument, intro: Span) -> str:
    parts = sentences(doc.text, intro)
    last = parts[-1] if parts else intro
    for sentence in parts:
        m = _PROGRAMME.search(doc.text, sentence.start, sentence.end)
        if m:
            return doc.text[m.start() : sentence.end].rstrip(" .:;")
    return last.of(doc.text).rstrip(" .:;")
