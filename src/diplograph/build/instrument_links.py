"""What the reference graph says of an instrument beyond its names: its sponsors (UN resolutions), its parties
(treaties, joint statements) and the recorded vote, from `reference/instruments.yaml`."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import ReferenceDataError
from ..link.reference import Entity, ReferenceSet
from .iris import Minter
from .terms import DG, XSD, Lit, Triple


def instrument_link_triples(reference: ReferenceSet, minter: Minter) -> Iterator[Triple]:
    for e in sorted(reference.of("instrument"), key=lambda e: e.id):
        node = str(minter.entity("instrument", e.id))
        for prop, ids in ((DG.sponsor, e.sponsors), (DG.party, e.parties)):
            for ident in ids:
                yield node, prop, _actor(reference, minter, e, ident)
        if e.vote is not None:
            for prop, count in zip((DG.votesInFavour, DG.votesAgainst, DG.abstentions), e.vote, strict=True):
                yield node, prop, Lit(str(count), "", XSD.integer)
        if e.without_vote:
            yield node, DG.adoptedWithoutVote, Lit("true", "", XSD.boolean)


def _actor(reference: ReferenceSet, minter: Minter, instrument: Entity, ident: str) -> str:
    for category in ("state", "organisation"):
        if reference.get(category, ident) is not None:
            return str(minter.entity(category, ident))
    raise ReferenceDataError(f"instruments.yaml (id {instrument.id}): {ident!r} is not an id in organisations.yaml")
