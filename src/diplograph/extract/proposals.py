"""Proposals: numbered points ("First, …" / "Первое. …") grouped under a programme, and sentences that
put something forward ("we propose", "призываем"), with proposer, addressee and cited precedent."""

from __future__ import annotations

import re
from functools import cache

from .. import rules
from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .facts import Event, Mention, Programme, Proposal, Ref, Turn
from .positions import ByPosition
from .text import cue_list, find_cue, find_cues, sentences

ADDRESSABLE = ("state", "organisation")


@cache
def _programme_words() -> re.Pattern[str]:
    """The words that name a programme ("programme", "комплекс мер"), from rules/language.yaml."""
    words = rules.load("language")["programme_words"]
    return re.compile(r"(?<!\w)(?:" + "|".join(w for ws in words.values() for w in ws) + ")", re.I)


def _ordinal_at(text: str, para: Span, language: str) -> int | None:
    head = rules.fold(text[para.start : para.start + 40])
    for number, cues in _ordinal_heads(language):
        if head.startswith(cues):
            return number
    return None


def _is_finally(text: str, para: Span, language: str) -> bool:
    head = rules.fold(text[para.start : para.start + 30])
    return head.startswith(_finally_heads(language))


def _trim_tail(piece: str) -> str:
    """A point without the separators and the "and"/"и" that end it (a loop, not a regex anchored at the end: that
    would try every start in a long run of separators)."""
    while True:
        bare = piece.rstrip(" \t\n\r\f\v,;:.\u00a0")
        for word in (" и", " and"):
            if bare.endswith(word) or bare in (word[1:],):
                bare = bare[: len(bare) - len(word[1:])]
                break
        if bare == piece:
            return piece
        piece = bare


@cache
def _ordinal_heads(language: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(number, its folded cues) in the order of the rules file; every paragraph of a turn is tested against them."""
    table = rules.load("language")["ordinals"][language]
    return tuple((int(number), tuple(rules.fold(c) for c in cues)) for number, cues in table.items())


@cache
def _finally_heads(language: str) -> tuple[str, ...]:
    return tuple(rules.fold(c) for c in rules.load("language")["ordinals"]["finally"][language])


class _Context:
    def __init__(
        self, doc: SourceDocument, linker: Linker, mentions: list[Mention], event: Event, own_state: Ref | None
    ) -> None:
        self.doc = doc
        self.linker = linker
        self.mentions = mentions
        self.event = event
        self.own_state = own_state
        # Every proposal asks what its sentence names: by position, not by going through all the mentions.
        self.known: ByPosition[Mention] = ByPosition((m, m.span.start, m.span.end) for m in mentions)

    def refs_in(self, span: Span, categories: tuple[str, ...]) -> list[Ref]:
        out: list[Ref] = []
        # A mention ends where it starts at the latest, so one that starts at span.end may still lie inside.
        for m in self.known.starting_in(span.start, span.end + 1):
            if m.span.end <= span.end and m.ref.category in categories:
                if m.ref not in out and m.ref != self.own_state:
                    out.append(m.ref)
        return out

    def addressees(self, span: Span) -> list[Ref]:
        found = self.refs_in(span, ADDRESSABLE)
        text = span.of(self.doc.text)
        if find_cue(text, cue_list("collective_addressees", self.doc.language)):
            found.insert(0, Ref("organisation", "all-states", "all states", "en"))
        return found

    def precedents(self, span: Span) -> list[Ref]:
        """The first instrument named after each precedent cue ("building on …", "a good example to follow: …",
        «учреждён резолюцией …»); else, with a continuity cue, the edition the document under discussion replaces:
        the latest instrument named before the span that replaces an earlier one."""
        text = span.of(self.doc.text)
        lang = self.doc.language
        found: list[Ref] = []
        for at, _ in find_cues(text, cue_list("precedent_cues", lang)):
            after = Span(span.start + at, span.end)
            named = [r for r in self.refs_in(after, ("instrument",)) if r.kind != "proposed_instrument"][:1]
            found += [r for r in named if r not in found]
        if not found and find_cue(text, cue_list("continuity_cues", lang)):
            focus = [m.ref for m in self.mentions if m.span.start < span.start and m.ref.category == "instrument"]
            for ref in reversed(focus):
                earlier = self.linker.superseded(ref.entity) if ref.entity is not None else None
                if earlier is not None:
                    found = [Ref.of(earlier, lang)]
                    break
        return found


def find_proposals(
    doc: SourceDocument,
    linker: Linker,
    turns: list[Turn],
    mentions: list[Mention],
    event: Event,
    own_state: Ref | None,
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
            label, named = _programme_label(doc, intro) if intro else (doc.span_text(doc.title), False)
            programme = Programme(len(programmes) + 1, label, intro or numbered[0][1], proposers, addressees, named)
            programmes.append(programme)
            for ordinal, span in numbered:
                proposals.append(
                    Proposal(ordinal, span, proposers, addressees, ctx.precedents(span), programme.number)
                )
                covered.append(span)
        for para in turn.paragraphs:
            if any(c.start <= para.start < c.end for c in covered):
                continue
            inline = _inline(doc, para)
            if inline:
                intro = Span(sentence_of(doc, para, inline[0][1].start).start, inline[0][1].start)
                addressees = ctx.addressees(intro)
                label = intro.of(doc.text).strip(" ,:;–-") or doc.span_text(doc.title)
                named = _programme_words().search(doc.text, intro.start, intro.end) is not None
                programme = Programme(len(programmes) + 1, label, Span(intro.start, inline[-1][1].end), proposers,
                                      addressees, named)
                programmes.append(programme)
                for ordinal, span in inline:
                    proposals.append(
                        Proposal(ordinal, span, proposers, addressees, ctx.precedents(span), programme.number)
                    )
            for sentence in sentences(doc.text, para):
                if any(sentence.start <= span.start < sentence.end for _, span in inline):
                    continue  # its points are the proposals
                hit = find_cue(sentence.of(doc.text), cue_list("proposal_cues", doc.language))
                if hit is None:
                    continue
                proposals.append(
                    Proposal(None, sentence, proposers, ctx.addressees(sentence), ctx.precedents(sentence), None)
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


def _inline(doc: SourceDocument, para: Span) -> list[tuple[int, Span]]:
    """Points numbered inside one sentence ("…, во-первых, ускорить …, во-вторых, создать …"): the first run of
    inline ordinals 1, 2, … (at least two) in the paragraph's first sentence that has one. Each point runs from its
    ordinal to the next one, the last to the end of its sentence; the commas and "and" between them are dropped."""
    text = doc.text
    number, cues = _inline_numbers(doc.language)
    for sentence in sentences(text, para):
        hits = find_cues(sentence.of(text), cues)
        run: list[int] = []  # offsets in the sentence
        for at, cue in hits:
            n = number[rules.fold(cue)]
            if n == len(run) + 1:
                run.append(at)
            elif n == 1 and len(run) < 2:
                run = [at]
        if len(run) < 2:
            continue
        out: list[tuple[int, Span]] = []
        ends = run[1:] + [len(sentence.of(text))]
        for n, (at, end) in enumerate(zip(run, ends, strict=True), 1):
            piece = text[sentence.start + at : sentence.start + end]
            trimmed = _trim_tail(piece)
            out.append((n, Span(sentence.start + at, sentence.start + at + len(trimmed))))
        return out
    return []


@cache
def _inline_numbers(language: str) -> tuple[dict[str, int], tuple[str, ...]]:
    """The inline ordinals of a language: folded cue → number, and the cues in the order of the rules file."""
    table = rules.load("language")["inline_ordinals"].get(language, {})
    number = {rules.fold(c): int(n) for n, cues in table.items() for c in cues}
    return number, tuple(number)


def sentence_of(doc: SourceDocument, para: Span, at: int) -> Span:
    """The sentence of a paragraph that holds an offset."""
    return next((s for s in sentences(doc.text, para) if s.start <= at < s.end), para)


def _intro(paragraphs: list[Span], first: Span) -> Span | None:
    before = [p for p in paragraphs if p.end <= first.start]
    return before[-1] if before else None


def _programme_label(doc: SourceDocument, intro: Span) -> tuple[str, bool]:
    """The programme's name from the words before its points ("… одобрить комплексную программу практических мер
    по …"), and whether they name one; else the last sentence before the points, and False."""
    parts = sentences(doc.text, intro)
    last = parts[-1] if parts else intro
    for sentence in parts:
        m = _programme_words().search(doc.text, sentence.start, sentence.end)
        if m:
            return doc.text[m.start() : sentence.end].rstrip(" .:;"), True
    return last.of(doc.text).rstrip(" .:;"), False
