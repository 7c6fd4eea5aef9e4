"""The office a person held on the document's date, where the page does not print it: the chair of a meeting,
the author of a statement, a host named without a title ("Vladimir Putin had a telephone conversation …").
It comes from the reference set's dated holdings and is marked as inferred, never as written."""

from __future__ import annotations

import datetime as dt

from ..link.linker import Linker
from ..read.source import Span
from .facts import Participant, Ref


def held_on(linker: Linker, person: Ref, day: dt.date | None) -> Ref | None:
    """The first office (in the reference files' order) a reference person held on a day."""
    if person.entity is None or day is None:
        return None
    offices = linker.reference.offices_held(person.entity.id, day)
    return Ref.of(offices[0], person.language) if offices else None


def infer_offices(
    participants: list[Participant], others: list[tuple[Ref, Span]], linker: Linker, day: dt.date | None
) -> list[Participant]:
    """Fill in the office of each participant the page names without one, and give the offices of the other
    people (`others`: speakers and authors, each with where the text names them) who are not participants."""
    for p in participants:
        if p.office is None:
            office = held_on(linker, p.person, day)
            if office is not None:
                p.office, p.inferred = office, True
    out: list[Participant] = []
    seen = {p.person for p in participants}
    for person, span in others:
        if person.category != "person" or person in seen:
            continue
        seen.add(person)
        office = held_on(linker, person, day)
        if office is not None:
            out.append(Participant(person, office, None, None, span, inferred=True))
    return out
