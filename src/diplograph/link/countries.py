"""States the reference set does not hold, from ISO 3166 (pycountry, with its Russian translations): their names
in English and Russian, so that a document naming Switzerland or Швейцария names a state even when the curated
reference set lacks it. The reference set's own states come first; these only fill the gaps."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from .. import rules
from ..build.iris import slugify
from .reference import Entity, ReferenceSet


@cache
def _russian() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)


def iso_states(reference: ReferenceSet) -> list[Entity]:
    """An entity for each ISO 3166 country none of whose names the reference set already gives a state."""
    known = {n.casefold() for e in reference.of("state") for lang in ("en", "ru") for n in e.names(lang)}
    skipped = {n.casefold() for n in rules.load("names")["iso_names_not_used"]}
    out: list[Entity] = []
    for country in pycountry.countries:
        english = [country.name] + [n for n in (getattr(country, "common_name", None),
                                                getattr(country, "official_name", None)) if n]
        russian = [_russian().gettext(country.name)]
        names = [n for n in english + russian if n.casefold() not in skipped]
        if not names or any(n.casefold() in known for n in english + russian):
            continue
        ru = [n for n in russian if n != country.name and n.casefold() not in skipped]
        out.append(Entity(
            category="state", id=slugify(country.name),
            label={"en": country.name, **({"ru": ru[0]} if ru else {})},
            aliases={"en": [n for n in english[1:] if n.casefold() not in skipped]},
        ))
    return out
