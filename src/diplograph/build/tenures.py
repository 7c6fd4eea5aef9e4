"""Terms of office from the reference set: who held which office from when to when, and where that was checked.

Each holder of `reference/offices.yaml` becomes a `dg:Tenure` (an `org:Membership`) whose `org:memberDuring` is an
OWL-Time interval bounded by the day of appointment (`time:hasBeginning`) and, once over, the day the next holder
took over (`time:hasEnd`); the public source of the dates is its `dcterms:source`. They go in the reference graph,
so `office-holders` can name the holder of an office on any date, not only on the dates of the documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..link.reference import Entity, Holder, ReferenceSet
from .iris import Minter
from .terms import DCTERMS, DG, ORG, RDF, TIME, XSD, Lit, Triple


def tenure_iri(minter: Minter, office: Entity, holder: Holder) -> str:
    """`…/office/{office}/tenure/{person}-{YYYY-MM-DD}`: stable, and distinct for a second term of the same person."""
    start = holder.start.isoformat() if holder.start else "undated"
    return str(minter.entity("office", f"{office.id}/tenure/{holder.person}-{start}"))


def tenure_triples(reference: ReferenceSet, minter: Minter) -> Iterator[Triple]:
    for office in sorted(reference.of("office"), key=lambda e: e.id):
        post = str(minter.entity("office", office.id))
        organisation = _organisation(reference, minter, office)
        for holder in office.holders:
            yield from _tenure(minter, office, post, organisation, holder)


def _organisation(reference: ReferenceSet, minter: Minter, office: Entity) -> str | None:
    if not office.organisation:
        return None
    for category in ("organisation", "state"):
        org = reference.get(category, office.organisation)
        if org is not None:
            return str(minter.entity(org.category, org.id))
    return None


def _tenure(minter: Minter, office: Entity, post: str, organisation: str | None, holder: Holder) -> Iterator[Triple]:
    node = tenure_iri(minter, office, holder)
    during = node + "/during"
    yield node, RDF.type, DG.Tenure
    yield node, RDF.type, ORG.Membership
    yield node, ORG.member, str(minter.entity("person", holder.person))
    yield node, DG.office, post
    if organisation:
        yield node, ORG.organization, organisation
    if holder.source:
        yield node, DCTERMS.source, holder.source
    if holder.acting:
        yield node, DG.acting, Lit("true", "", XSD.boolean)
    yield node, ORG.memberDuring, during
    yield during, RDF.type, TIME.ProperInterval
    yield during, RDF.type, TIME.Interval
    for prop, day, name in ((TIME.hasBeginning, holder.start, "beginning"), (TIME.hasEnd, holder.end, "end")):
        if day is not None:
            yield from _instant(during, prop, day, name)


def _instant(during: str, prop: str, day: dt.date, name: str) -> Iterator[Triple]:
    instant = f"{during}/{name}"
    yield during, prop, instant
    yield instant, RDF.type, TIME.Instant
    yield instant, TIME.inXSDDate, Lit(day.isoformat(), "", XSD.date)
