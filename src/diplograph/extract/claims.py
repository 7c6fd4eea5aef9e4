"""Claims as claims: what a speaker asserts about an instrument (that a state sponsored or initiated it, that it
was adopted, that others supported it) is kept as the speaker's claim with the sentence it is made in, not as a
fact of the world and not dropped. The cue words are data (rules/claims.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import rules
from ..read.source import SourceDocument, Span
from .facts import Mention, Ref, Turn
from .mentions import content_spans
from .text import find_cue, sentences


@dataclass(frozen=True)
class Claim:
    kind: str  # sponsorship, adoption, support
    span: Span  # the sentence
    cue: str  # the words that make it a claim of that kind
    about: tuple[Ref, ...]  # the instruments the sentence names
    claimant: Ref | None  # the speaker of the turn the sentence is in (None: unnamed, or not in a turn)


def find_claims(doc: SourceDocument, mentions: list[Mention], turns: list[Turn]) -> list[Claim]:
    kinds: dict[str, dict[str, list[str]]] = rules.load("claims")["kinds"]
    instruments = sorted((m for m in mentions if m.ref.category == "instrument"), key=lambda m: m.span.start)
    out: list[Claim] = []
    for part in content_spans(doc):
        for sentence in sentences(doc.text, part):
            about = _named_in(instruments, sentence)
            if not about:
                continue
            words = sentence.of(doc.text)
            for kind, cues in kinds.items():
                cue = find_cue(words, cues.get(doc.language, []))
                if cue is not None:
                    out.append(Claim(kind, sentence, cue[1], about, _speaker(turns, sentence)))
    return out


def _named_in(instruments: list[Mention], sentence: Span) -> tuple[Ref, ...]:
    refs: list[Ref] = []
    for m in instruments:
        if sentence.start <= m.span.start and m.span.end <= sentence.end and m.ref not in refs:
            refs.append(m.ref)
    return tuple(refs)


def _speaker(turns: list[Turn], sentence: Span) -> Ref | None:
    for turn in turns:
        if turn.span.start <= sentence.start and sentence.end <= turn.span.end:
            return turn.speaker
    return None
