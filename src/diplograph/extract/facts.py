"""What extraction finds in one document: plain data, no RDF yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..link.reference import Entity
from ..read.source import SourceDocument, Span


@dataclass(frozen=True)
class Ref:
    """An entity a fact points at: a reference entity, or one minted from its name.

    `scope` is the document key for things that exist only in one document (a proposed agreement).
    `symbol` is the UN symbol a resolution was cited by (a minted resolution keeps it; a reference one has its own).
    """

    category: str  # person, organisation, state, office, instrument
    slug: str
    label: str
    language: str
    entity: Entity | None = field(default=None, compare=False, hash=False)
    kind: str | None = None  # instruments
    scope: str | None = None
    symbol: str | None = None

    @staticmethod
    def of(entity: Entity, language: str) -> Ref:
        return Ref(
            entity.category, entity.id, entity.best_label(language), language, entity, entity.kind,
            symbol=entity.un_symbol,
        )


@dataclass
class Mention:
    ref: Ref
    span: Span


@dataclass
class Participant:
    person: Ref
    office: Ref | None
    office_written: str | None
    official_title: str | None
    span: Span
    # The office is not printed: it is the one the person held on the document's date by the reference set's
    # dated holdings (office_written is then None).
    inferred: bool = False


@dataclass
class Turn:
    number: int
    speaker: Ref | None
    role: str | None
    span: Span  # from the first character of its first paragraph to the end of its last
    paragraphs: list[Span]


@dataclass
class Programme:
    number: int
    label: str
    span: Span
    proposers: list[Ref]
    addressees: list[Ref]
    # Whether the text names the programme ("комплексную программу практических мер …"). A list of points the
    # text does not name as one is no programme of its own: its points belong to the speech or statement.
    named: bool = True


@dataclass
class Proposal:
    ordinal: int | None
    span: Span
    proposers: list[Ref]
    addressees: list[Ref]
    precedents: list[Ref]
    programme: int | None


@dataclass
class Event:
    kind: str  # class name in the ontology: Meeting, Talks, …
    label: str
    date: dt.date | None
    time: dt.time | None
    place: str | None
    format: str | None
    chair: Ref | None
    of_body: Ref | None
    participants: list[Ref]


@dataclass
class DocumentFacts:
    source: SourceDocument
    document_type: str
    event: Event
    creators: list[Ref]
    participants: list[Participant]
    turns: list[Turn]
    mentions: list[Mention]
    programmes: list[Programme]
    proposals: list[Proposal]
    # Offices of speakers and authors who are not participants, inferred as for participants.
    holdings: list[Participant] = field(default_factory=list)
