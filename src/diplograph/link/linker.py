"""Resolve names to entities: reference entities first, stable minted ones otherwise."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from pathlib import Path

from .. import rules
from ..build.iris import slugify
from ..extract.facts import Ref
from .matcher import ExactIndex, Match, Matcher, build_matcher
from .reference import Entity, ReferenceSet, load_reference

_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")


class Linker:
    """Everything the extractors ask of the reference set, with the indexes built once."""

    def __init__(self, reference: ReferenceSet) -> None:
        self.reference = reference

    @classmethod
    def from_folder(cls, folder: Path) -> Linker:
        return cls(load_reference(folder))

    @cached_property
    def matcher(self) -> Matcher:
        return build_matcher(self.reference)

    @cached_property
    def office_matcher(self) -> Matcher:
        """Offices in running text ("Собеседник Президента России"), where no name follows to say who holds it."""
        return build_matcher(self.reference, ("office",))

    @cached_property
    def persons(self) -> ExactIndex:
        return ExactIndex(self.reference, "person")

    @cached_property
    def offices(self) -> ExactIndex:
        return ExactIndex(self.reference, "office")

    @cached_property
    def actors(self) -> ExactIndex:
        return ExactIndex(self.reference, "organisation", "state")

    def person(self, name: str, language: str) -> Ref:
        entity = self.persons.get(name)
        if entity is not None:
            return Ref.of(entity, language)
        return Ref("person", slugify(name), name, language)

    def office(self, written: str, language: str, *alternatives: str | None) -> Ref:
        for form in (written, *alternatives):
            entity = self.offices.get(form) if form else None
            if entity is not None:
                return Ref.of(entity, language)
        return Ref("office", slugify(written), written, language)

    def office_organisation(self, office: Ref) -> Ref | None:
        if office.entity is None or not office.entity.organisation:
            return None
        org = self.reference.get("organisation", office.entity.organisation) or self.reference.get(
            "state", office.entity.organisation
        )
        return Ref.of(org, office.language) if org else None

    def holder(self, office: Ref, day: dt.date | None) -> Ref | None:
        """Who held the office on `day`; nobody is inferred for a document whose date is unknown."""
        if office.entity is None or day is None:
            return None
        person = self.reference.holder_on(office.entity.id, day)
        return Ref.of(person, office.language) if person else None

    def choose(self, candidates: list[Match], context: str, day: dt.date | None, seen: set[tuple[str, str]]) -> Match:
        """One entity for a form several share: an edition by year, else one the document names elsewhere."""
        if len(candidates) == 1:
            return candidates[0]
        instruments = [c for c in candidates if c.entity.category == "instrument"]
        if len(instruments) == len(candidates):
            return self._edition(instruments, context, day)
        for c in candidates:
            if c.entity.key in seen:
                return c
        return candidates[0]

    def _edition(self, candidates: list[Match], context: str, day: dt.date | None) -> Match:
        """The edition the context names by year; else, by the document's date, the new one (when the context
        speaks of a draft or update) or the one in force. For a document of unknown date, the latest edition."""
        years = {int(y) for y in _YEAR.findall(context)}
        dated = [c for c in candidates if c.entity.year in years]
        if dated:
            return dated[0]
        ordered = sorted(candidates, key=lambda c: c.entity.year or 0)
        folded = rules.fold(context)
        cues = rules.load("language")["new_edition_cues"]
        if day is None:
            return ordered[-1]
        if any(cue in folded for lang in cues.values() for cue in lang):
            newer = [c for c in ordered if (c.entity.year or 0) >= day.year]
            return newer[0] if newer else ordered[-1]
        in_force = [c for c in ordered if (c.entity.year or 0) <= day.year]
        return in_force[-1] if in_force else ordered[0]

    @cached_property
    def instruments(self) -> list[Entity]:
        """The reference instruments, in file order; several extractors go through them for every sentence."""
        return self.reference.of("instrument")

    @cached_property
    def _by_symbol(self) -> dict[str, Entity]:
        index: dict[str, Entity] = {}
        for entity in self.instruments:
            if entity.un_symbol is not None:
                index.setdefault(entity.un_symbol, entity)  # the first listed wins, as in ReferenceSet.by_symbol
        return index

    def resolutions(self, year: int | None) -> list[Entity]:
        kinds = ("un_resolution",) if year is not None else ("un_resolution_series",)
        return [e for e in self.instruments if e.kind in kinds and (year is None or e.year == year)]

    def by_symbol(self, symbol: str) -> Entity | None:
        return self._by_symbol.get(symbol)

    def superseded(self, entity: Entity) -> Entity | None:
        return self.reference.get("instrument", entity.replaces) if entity.replaces else None
