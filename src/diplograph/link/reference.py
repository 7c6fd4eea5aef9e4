"""The curated reference set (`reference/*.yaml`), loaded and checked."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ReferenceDataError

# libyaml's loader where PyYAML was built with it (its wheels are): the same documents, about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FILES = {"person": "persons.yaml", "organisation": "organisations.yaml", "office": "offices.yaml",
         "instrument": "instruments.yaml"}
# The languages names are written in; any other key of a {en: …, ru: …} map is a name split at a comma.
LANGUAGES = ("en", "ru")
ID = re.compile(r"[a-z0-9][a-z0-9._-]*")  # ids become the last segment of IRIs
KINDS = {"treaty", "un_resolution", "un_resolution_series", "policy_document", "negotiating_body",
         "proposed_instrument"}


@dataclass
class Holder:
    """One term of office: the holder from `start` (the day of appointment or inauguration) up to `end` (the day
    the next holder took over, or of the release decree; None while in office), and the public source of the dates."""

    person: str
    start: dt.date | None
    end: dt.date | None
    source: str | None = None
    acting: bool = False

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Entity:
    """One reference entity. `category` is person, organisation, state, office or instrument."""

    category: str
    id: str
    label: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    acronym: dict[str, str] = field(default_factory=dict)
    wikidata: str | None = None
    kind: str | None = None  # instruments: treaty, un_resolution, …
    year: int | None = None
    date: dt.date | None = None
    un_symbol: str | None = None
    identifiers: list[str] = field(default_factory=list)
    organisation: str | None = None  # offices
    part_of: str | None = None  # organisations
    replaces: str | None = None
    established_by: str | None = None
    negotiated_in: str | None = None  # instruments: the negotiating body that drafted it
    parties: list[str] = field(default_factory=list)  # treaties, joint statements: the parties
    sponsors: list[str] = field(default_factory=list)  # UN resolutions: the sponsors
    vote: tuple[int, int, int] | None = None  # UN resolutions: a recorded vote (in favour, against, abstentions)
    without_vote: bool = False  # UN resolutions: adopted without a vote
    cues: dict[str, list[str]] = field(default_factory=dict)
    holders: list[Holder] = field(default_factory=list)
    concurrent: bool = False  # offices: several holders serve at once (aides, deputies), so terms may overlap

    @property
    def key(self) -> tuple[str, str]:
        return (self.category, self.id)

    def names(self, language: str) -> list[str]:
        """Every written form in one language: label, acronym, aliases."""
        out = [self.label.get(language, "")] + [self.acronym.get(language, "")] + self.aliases.get(language, [])
        return [n for n in out if n]

    def best_label(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or next(iter(self.label.values()))


@dataclass
class ReferenceSet:
    entities: dict[tuple[str, str], Entity]

    def get(self, category: str, ident: str) -> Entity | None:
        return self.entities.get((category, ident))

    def of(self, *categories: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.category in categories]

    def by_symbol(self, symbol: str) -> Entity | None:
        return next((e for e in self.of("instrument") if e.un_symbol == symbol), None)

    def holder_on(self, office_id: str, day: dt.date) -> Entity | None:
        office = self.get("office", office_id)
        if office is None:
            return None
        for h in office.holders:
            if h.covers(day):
                return self.get("person", h.person)
        return None

    def offices_held(self, person_id: str, day: dt.date) -> list[Entity]:
        return [o for o in self.of("office") if any(h.person == person_id and h.covers(day) for h in o.holders)]


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReferenceDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(value: Any, where: str, what: str) -> str:
    """A name or identifier as YAML gives it: a string (or a number, written as one), never a map or a list."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ReferenceDataError(f"{where}: {what} must be text, got {value!r}")
    return str(value).strip()


def _langmap(value: Any, where: str, what: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value.strip()} if value.strip() else {}
    if not isinstance(value, dict):
        raise ReferenceDataError(f"{where}: {what}: expected {{en: …, ru: …}}, got {value!r}")
    _languages_only(value, where)
    texts = {str(k): _text(v, where, f"{what} {k}") for k, v in value.items() if v is not None}
    return {k: v for k, v in texts.items() if v}


def _languages_only(value: dict, where: str) -> None:
    """In a flow map, `{en: Envoy for Climate, Ecology and Transport}` loads as two keys: the name is cut at
    the comma and the piece after it becomes a key. Only language codes are keys here."""
    for key in value:
        if key not in LANGUAGES:
            raise ReferenceDataError(
                f"{where}: {str(key)!r} is not a language ({', '.join(LANGUAGES)}); a name with a comma inside "
                "{…} or […] is split there unless you quote it (\"…, …\")"
            )


def _langlist(value: Any, where: str, what: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if isinstance(value, list):
        value = {"en": value}
    if not isinstance(value, dict):
        raise ReferenceDataError(f"{where}: {what}: expected {{en: [...], ru: [...]}}, got {value!r}")
    _languages_only(value, where)
    out: dict[str, list[str]] = {}
    for k, vs in value.items():
        items = vs if isinstance(vs, list) else [] if vs is None else [vs]
        names = [_text(v, where, f"{what} {k}") for v in items]
        if "" in names:
            raise ReferenceDataError(f"{where}: {what} {k}: an empty name")
        out[str(k)] = names
    return out


def _optional_text(raw: dict[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    return _text(value, where, key) or None if value not in (None, "") else None


def _text_list(raw: dict[str, Any], key: str, where: str) -> list[str]:
    value = raw.get(key) or []
    items = value if isinstance(value, list) else [value]
    return [_text(v, where, key) for v in items if v not in (None, "")]


def _entity(category: str, raw: dict[str, Any], where: str) -> Entity:
    """One entry, checked: every problem is reported with the file, the entry's number and id, and what is wrong."""
    if not isinstance(raw, dict) or "id" not in raw or "label" not in raw:
        raise ReferenceDataError(f"{where}: every entry needs an 'id' and a 'label'")
    ident = _text(raw["id"], where, "id")
    if not ID.fullmatch(ident):
        raise ReferenceDataError(f"{where}: id {ident!r} is not lower-case letters, digits, '.', '_' and '-'")
    where = f"{where} (id {ident})"
    if category == "organisation" and raw.get("type") == "state":
        category = "state"
    kind = raw.get("kind")
    if category == "instrument" and kind not in KINDS:
        raise ReferenceDataError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    label = _langmap(raw["label"], where, "label")
    if not label:
        raise ReferenceDataError(f"{where}: the label is empty; give at least one name ({{en: …, ru: …}})")
    year = raw.get("year")
    if year not in (None, "") and (isinstance(year, bool) or not str(year).strip().isdigit()):
        raise ReferenceDataError(f"{where}: year {year!r} is not a year (four digits)")
    holders = raw.get("holders") or []
    if not isinstance(holders, list):
        raise ReferenceDataError(f"{where}: 'holders' must be a list, got {holders!r}")
    if kind == "un_resolution" and raw.get("parties"):
        raise ReferenceDataError(f"{where}: a UN resolution has no parties; list its sponsors as 'sponsors'")
    vote, without_vote = _vote(raw.get("vote"), where)
    return Entity(
        category=category,
        id=ident,
        label=label,
        aliases=_langlist(raw.get("aliases"), where, "aliases"),
        acronym=_langmap(raw.get("acronym"), where, "acronym"),
        wikidata=_optional_text(raw, "wikidata", where),
        kind=kind,
        year=int(year) if year not in (None, "") else None,
        date=_date(raw.get("date"), where),
        un_symbol=_optional_text(raw, "un_symbol", where),
        identifiers=_text_list(raw, "identifiers", where),
        organisation=_optional_text(raw, "organisation", where),
        part_of=_optional_text(raw, "part_of", where),
        replaces=_optional_text(raw, "replaces", where),
        established_by=_optional_text(raw, "established_by", where),
        negotiated_in=_optional_text(raw, "negotiated_in", where),
        parties=_text_list(raw, "parties", where),
        sponsors=_text_list(raw, "sponsors", where),
        vote=vote,
        without_vote=without_vote,
        cues=_langlist(raw.get("cues"), where, "cues"),
        holders=[_holder(h, where) for h in holders],
        concurrent=bool(raw.get("concurrent")),
    )


def _vote(raw: Any, where: str) -> tuple[tuple[int, int, int] | None, bool]:
    """`vote: {in_favour: N, against: N, abstentions: N}` (a recorded vote) or `vote: without a vote`. (Not yes/no:
    YAML reads those keys as booleans.)"""
    if raw in (None, ""):
        return None, False
    if raw == "without a vote":
        return None, True
    try:
        return (int(raw["in_favour"]), int(raw["against"]), int(raw["abstentions"])), False
    except (TypeError, KeyError, ValueError):
        raise ReferenceDataError(
            f"{where}: vote {raw!r} is not {{in_favour: N, against: N, abstentions: N}} or 'without a vote'"
        ) from None


def _holder(raw: Any, where: str) -> Holder:
    if not isinstance(raw, dict) or not raw.get("person"):
        raise ReferenceDataError(
            f"{where}: each of 'holders' needs a 'person' (and 'from', 'to', 'source'), got {raw!r}")
    holder = Holder(_text(raw["person"], where, "holders person"), _date(raw.get("from"), where),
                    _date(raw.get("to"), where), str(raw["source"]) if raw.get("source") else None,
                    bool(raw.get("acting")))
    if holder.source is not None and not re.match(r"^https?://\S+$", holder.source):
        raise ReferenceDataError(f"{where}: holder {holder.person}: source {holder.source!r} is not an http(s) URL")
    if holder.start and holder.end and holder.end < holder.start:
        raise ReferenceDataError(f"{where}: holder {holder.person}: 'to' {holder.end} is before 'from' {holder.start}")
    return holder


def _check_holders(entity: Entity, known: dict[tuple[str, str], Entity], where: str) -> None:
    """Every holder is a person of the set, and the terms of an office with one holder at a time do not overlap."""
    for h in entity.holders:
        if ("person", h.person) not in known:
            raise ReferenceDataError(f"{where}: holder {h.person!r} is not an id in persons.yaml")
    if entity.concurrent:
        return
    terms = sorted(entity.holders, key=lambda h: h.start or dt.date.min)
    for before, after in itertools.pairwise(terms):
        if before.end is None or (after.start is not None and after.start < before.end):
            raise ReferenceDataError(
                f"{where}: the terms of {before.person} (from {before.start}) and {after.person} (from {after.start})"
                " overlap; an office several people hold at once says 'concurrent: true'"
            )


def _check_whole_names(entity: Entity, where: str) -> None:
    """A piece after a comma of one of an entity's names ("Ecology and Transport" in "Representative for
    Environmental Protection, Ecology and Transport", or the start of one: "Friendship and Cooperation" in
    "Treaty of Good-Neighbourliness, Friendship and Cooperation between …") is not a name of its own: when it
    shows up as one, the YAML split an unquoted name in a flow list."""
    for language in LANGUAGES:
        names = entity.names(language)
        for name in names:
            for piece in (p.strip() for p in name.split(", ")[1:]):
                cut = next((n for n in names if piece == n or piece.startswith(n + " ")), None)
                if cut is not None:
                    raise ReferenceDataError(
                        f"{where}: {cut!r} is a piece of the name {name!r}; a name with a comma inside "
                        "[…] is split there unless you quote it (\"…, …\")"
                    )


def load_reference(folder: Path) -> ReferenceSet:
    """Load every reference file in `folder`; a malformed file fails naming the file and the entry."""
    entities: dict[tuple[str, str], Entity] = {}
    for category, name in FILES.items():
        path = folder / name
        if not path.exists():
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
        except yaml.YAMLError as exc:
            raise ReferenceDataError(f"not valid YAML: {exc}", path=path) from None
        if not isinstance(data, list):
            raise ReferenceDataError("expected a list of entries", path=path)
        for n, raw in enumerate(data, 1):
            entity = _entity(category, raw, f"{path} entry {n}")
            _check_whole_names(entity, f"{path} entry {n} (id {entity.id})")
            if entity.key in entities:
                raise ReferenceDataError(f"entry {n}: duplicate id {entity.id!r}", path=path)
            entities[entity.key] = entity
    for entity in entities.values():
        if entity.holders:
            _check_holders(entity, entities, f"{FILES['office']} (id {entity.id})")
    return ReferenceSet(entities)
