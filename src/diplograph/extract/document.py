"""Run every extractor over one document, in order, and gather the facts."""

from __future__ import annotations

from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .counterparts import authorship_line
from .event import co_authors, creators, document_type, find_event
from .facts import DocumentFacts, Mention, Participant, Ref, Turn
from .mentions import find_mentions
from .offices import infer_offices
from .participants import find_participants
from .proposals import find_proposals
from .text import cue_list, find_cue
from .turns import find_turns

# The state whose officials speak in these documents; never its own addressee.
HOME_STATE = "russia"


def extract(doc: SourceDocument, linker: Linker) -> DocumentFacts:
    mentions = find_mentions(doc, linker)
    participants = find_participants(doc, linker)
    named = [p.person for p in participants] + [m.ref for m in mentions if m.ref.category == "person"]
    turns = find_turns(doc, linker, named)
    doc_type = document_type(doc, turns)
    authors = creators(doc, linker, doc_type, mentions, turns)
    authored = authorship_line(doc, linker) if not turns and doc_type != "news" else None
    if authored is not None and (not authors or authored[0].person in authors):
        # "Statement by Amb. Andrey Krutskikh, Special Representative …": the author (whether the title is that
        # line or not), and with the office the line prints beside the name, a participant.
        anchor, office = authored
        authors = authors or [anchor.person]
        if office and all(p.person != anchor.person for p in participants):
            participants.append(Participant(anchor.person, linker.office(office, doc.language), office, None,
                                            Span(anchor.start, anchor.end)))
    signatories = co_authors(doc, linker, doc_type)
    proposal_turns: list[Turn] | None = None
    proposers = authors
    if not turns and doc.body and doc_type != "news":
        # A statement or speech text is one turn; its speaker is the author when there is one person. A news
        # item reports an event in the third person: it has no speech turns.
        speaker = authors[0] if len(authors) == 1 and authors[0].category == "person" else None
        span = Span(doc.body[0].start, doc.body[-1].end)
        turns = [Turn(1, speaker, None, span, list(doc.body))]
        if signatories:
            # Each signatory of a joint statement says all of it: one turn each over the same words. Its
            # proposals are made once, by the states (or persons) the statement names as its authors.
            proposal_turns = turns
            turns = [Turn(n, a.person, a.office_written, span, list(doc.body)) for n, a in enumerate(signatories, 1)]
            proposers = authors or [a.person for a in signatories]
    for signatory in signatories:
        if signatory.person not in authors:
            authors.append(signatory.person)
    event = find_event(doc, linker, doc_type, mentions, participants, turns)
    if authored is not None and authored[0].person in authors and authored[0].person not in event.participants:
        # "Statement by … at the First Session of …": a statement delivered at a meeting makes its author one of
        # the meeting's participants (a written statement leaves its author a speaker only).
        line_end = doc.text.find("\n", authored[0].end)
        line = doc.text[authored[0].end : line_end if line_end >= 0 else len(doc.text)]
        if find_cue(line, cue_list("delivered_at_cues", doc.language)):
            event.participants.append(authored[0].person)
    if signatories and not event.participants:
        # The signatories of a joint statement take part in issuing it, with the office the text gives them.
        known = {p.person for p in participants}
        for a in signatories:
            event.participants.append(a.person)
            if a.person not in known:
                post = linker.office(a.office_written, doc.language)
                participants.append(Participant(a.person, post, a.office_written, None, a.span))
    home = linker.reference.get("state", HOME_STATE)
    own = Ref.of(home, doc.language) if home else None
    programmes, proposals = find_proposals(doc, linker, proposal_turns or turns, mentions, event, own, proposers)
    holdings = infer_offices(participants, _named_people(doc, authors, turns, mentions), linker, doc.date)
    cited = {m.ref for m in mentions}
    for proposal in proposals:
        for ref in proposal.precedents:
            if ref not in cited:
                # A precedent inferred from "continuity" is cited, if not named, where the point is made.
                mentions.append(Mention(ref, proposal.span))
                cited.add(ref)
    return DocumentFacts(
        source=doc,
        document_type=doc_type,
        event=event,
        creators=authors,
        participants=participants,
        turns=turns,
        mentions=mentions,
        programmes=programmes,
        proposals=proposals,
        holdings=holdings,
    )


def _named_people(
    doc: SourceDocument, authors: list[Ref], turns: list[Turn], mentions: list[Mention]
) -> list[tuple[Ref, Span]]:
    """Speakers and authors, each with where the text names them: a mention, else the turn's first paragraph,
    else the title."""
    named = {m.ref: m.span for m in reversed(mentions)}
    out: list[tuple[Ref, Span]] = []
    for t in turns:
        if t.speaker is not None:
            out.append((t.speaker, named.get(t.speaker, t.paragraphs[0] if t.paragraphs else doc.title)))
    out += [(a, named.get(a, doc.title)) for a in authors]
    return out
