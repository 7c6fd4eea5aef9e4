"""Reproducible synthetic corpora for the diplograph benchmark.

`python bench/generate.py --documents N --seed S --out DIR` writes N documents in the two formats diplograph
reads — English kremlin.ru event pages saved as text and Russian presidential texts — and DIR/truth.jsonl,
one line per document with what an ideal extractor finds in it (participants with offices, speakers,
numbered proposals, instruments). Office holders come from reference/*.yaml on the document's date,
everyone else is synthetic; the phrase stock is in bench/data/*.yaml.

Why it is built this way:
- every document depends only on (seed, index), so a corpus of N documents is a prefix of a larger
  one with the same seed, and generation is deterministic byte for byte;
- documents are written as they are made (constant memory), and the text is assembled from phrase
  pools with plain string operations, which keeps it above 2,000 documents per second on one core;
- the truth is written from the same plan the text is rendered from, never from diplograph itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from diplograph.errors import DiplographError

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
REFERENCE = BENCH.parent / "reference"

MAX_DOCUMENTS = 900_000  # item numbers are a bijection of the index below this
FIRST_DAY = dt.date(2000, 6, 1)
LAST_DAY = dt.date(2025, 6, 30)
MAX_BYTES = 60_000
EN_SHARE = 0.45

EN_GENRES = (
    ("security_council", 25),
    ("talks", 15),
    ("telephone", 10),
    ("news_conference", 15),
    ("statement", 10),
    ("address", 15),
    ("summit", 10),
)
RU_GENRES = (
    ("statement", 30),
    ("joint_statement", 10),
    ("security_council", 25),
    ("talks", 12),
    ("news_conference", 10),
    ("telephone", 5),
    ("address", 8),
)
SUMMIT_ORGS = ("SCO", "BRICS", "CSTO", "CIS")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Openings the extractors read as a numbered point or as "finally"; the phrase stock must not start so.
_FORBIDDEN_OPENINGS = re.compile(
    r"^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(ly)?\b"
    r"|^(finally|lastly|and finally)\b"
    r"|^the (first|second|third|fourth|fifth) point"
    r"|^(первое|второе|третье|четв[её]ртое|пятое|шестое|седьмое)\b|^во-|^в-\w+х\b"
    r"|^и,? наконец|^наконец|^и последнее",
    re.I,
)


class GeneratorError(DiplographError):
    """The generator's data files are inconsistent, or it was asked for something it cannot make."""


# ------------------------------------------------------------------------------------------ the cast


@dataclass(frozen=True)
class Person:
    """Someone who can appear in a document; `ref` is the reference-set id, None when synthetic."""

    ref: str | None
    en: str
    ru: str
    ru_short: str  # how a Russian transcript labels the speaker ("В.Путин", or the full name)
    family_first: bool = False

    @property
    def surname_en(self) -> str:
        return self.en.split()[-1]

    def tooltip(self) -> str:
        """The site's name tooltip: surname first, twice (family-first names are printed as they are)."""
        if self.family_first:
            return f"{self.en} {self.en}"
        parts = self.en.split()
        turned = f"{parts[-1]} {' '.join(parts[:-1])}"
        return f"{turned} {turned}"

    def name(self, language: str) -> str:
        return self.en if language == "en" else self.ru


@dataclass(frozen=True)
class Office:
    """An office as the site prints it: before a name (`en`, `ru`) and as the tooltip's title."""

    id: str
    en: str
    title: str
    ru: str
    in_labels: bool = True


@dataclass(frozen=True)
class Holding:
    person: Person
    office: Office


@dataclass(frozen=True)
class Instrument:
    ref: str | None
    kind: str
    en: str
    ru: str
    symbol: str | None = None


@dataclass
class Vocabulary:
    """Everything the generator draws from, loaded once."""

    en: dict[str, Any]
    ru: dict[str, Any]
    persons: dict[str, Person]
    ref_offices: list[tuple[Office, list[tuple[dt.date | None, dt.date | None, str]]]]
    synthetic_offices: list[Office]
    leaders: list[dict[str, Any]]
    states: list[dict[str, str]]
    foreign_offices: list[dict[str, Any]]
    russian_given: list[tuple[str, str, bool]]  # en, ru, female
    russian_surnames: list[tuple[str, str]]
    foreign_given: list[tuple[str, str]]
    foreign_surnames: list[tuple[str, str]]
    places: list[dict[str, str]]
    named_instruments: list[dict[str, Any]]
    resolutions: list[tuple[int, str, str]]  # year, reference id, symbol
    invented_numbers: list[int]
    taken_symbols: set[str] = field(default_factory=set)


def _pairs(items: list[str], where: str) -> list[tuple[str, str]]:
    out = []
    for item in items:
        en, sep, ru = item.partition("|")
        if not sep:
            raise GeneratorError(
                f"{where}: {item!r} is not written as 'English|Russian'", path=DATA / "people.yaml"
            )
        out.append((en, ru))
    return out


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GeneratorError(f"cannot load the generator data: {exc}", path=path) from None


def _check_phrases(lang: dict[str, Any], path: Path) -> None:
    """The phrase stock must not make the extractors see labels or numbered points that are not there."""
    pools = (
        "sentences",
        "reports",
        "news_sentences",
        "elaborations",
        "openers",
        "greetings",
        "replies",
        "answer_openers",
        "list_intros",
        "closings",
        "instrument_sentences",
        "joint_sentences",
        "actions",
    )
    for pool in pools:
        for phrase in lang.get(pool, []):
            if ":" in phrase:
                raise GeneratorError(
                    f"{pool}: {phrase!r} has a colon, which reads as a speaker label", path=path
                )
            if _FORBIDDEN_OPENINGS.match(phrase):
                raise GeneratorError(f"{pool}: {phrase!r} opens like a numbered point", path=path)


def _ru_short(ru_aliases: list[str], ru_name: str) -> str:
    for alias in ru_aliases:
        if re.fullmatch(r"[А-ЯЁ]\.[А-ЯЁ][а-яё-]+", alias):
            return alias
    return ru_name


@cache
def load_vocabulary(data: Path = DATA, reference: Path = REFERENCE) -> Vocabulary:
    """Read bench/data/*.yaml and the reference set; fail naming the file when they do not fit together."""
    en = _yaml(data / "en.yaml")
    ru = _yaml(data / "ru.yaml")
    _check_phrases(en, data / "en.yaml")
    _check_phrases(ru, data / "ru.yaml")
    people = _yaml(data / "people.yaml")
    instruments = _yaml(data / "instruments.yaml")

    persons: dict[str, Person] = {}
    family_first = {x["person"] for x in people["foreign_leaders"] if x.get("order") == "family-first"}
    for raw in _yaml(reference / "persons.yaml"):
        label = raw["label"]
        aliases = (raw.get("aliases") or {}).get("ru") or []
        persons[raw["id"]] = Person(
            raw["id"], label["en"], label["ru"], _ru_short(aliases, label["ru"]), raw["id"] in family_first
        )

    printed = people["reference_offices"]
    ref_offices = []
    for raw in _yaml(reference / "offices.yaml"):
        form = printed.get(raw["id"])
        if form is None:
            continue
        office = Office(raw["id"], form["en"], form["title"], form["ru"], form.get("label", True))
        holders = []
        for h in raw.get("holders") or []:
            if h["person"] not in persons:
                raise GeneratorError(
                    f"office {raw['id']}: unknown holder {h['person']}", path=reference / "offices.yaml"
                )
            holders.append((_day(h.get("from")), _day(h.get("to")), h["person"]))
        ref_offices.append((office, holders))
    missing = set(printed) - {o.id for o, _ in ref_offices}
    if missing:
        raise GeneratorError(
            f"offices not in the reference set: {sorted(missing)}", path=data / "people.yaml"
        )
    for leader in people["foreign_leaders"]:
        if leader["person"] not in persons:
            raise GeneratorError(
                f"foreign leader {leader['person']} is not in reference/persons.yaml",
                path=data / "people.yaml",
            )

    resolutions: list[tuple[int, str, str]] = []
    kinds: dict[str, str] = {}
    for raw in _yaml(reference / "instruments.yaml"):
        kinds[raw["id"]] = raw["kind"]
        if raw["kind"] == "un_resolution" and raw.get("un_symbol"):
            resolutions.append((int(raw["year"]), raw["id"], raw["un_symbol"]))
    for item in instruments["named"]:
        if item["id"] not in kinds:
            raise GeneratorError(
                f"instrument {item['id']} is not in reference/instruments.yaml",
                path=data / "instruments.yaml",
            )
        item["kind"] = kinds[item["id"]]

    given = [(e, r, False) for e, r in _pairs(people["russian_given"]["male"], "russian_given")]
    given += [(e, r, True) for e, r in _pairs(people["russian_given"]["female"], "russian_given")]
    taken = {p.surname_en for p in persons.values()}
    surnames = [(e, r) for e, r in _pairs(people["russian_surnames"], "russian_surnames") if e not in taken]
    return Vocabulary(
        en=en,
        ru=ru,
        persons=persons,
        ref_offices=ref_offices,
        synthetic_offices=[
            Office(o["id"], o["en"], o["title"], o["ru"]) for o in people["synthetic_offices"]
        ],
        leaders=people["foreign_leaders"],
        states=people["states"],
        foreign_offices=people["foreign_offices"],
        russian_given=given,
        russian_surnames=surnames,
        foreign_given=_pairs(people["foreign_given"], "foreign_given"),
        foreign_surnames=_pairs(people["foreign_surnames"], "foreign_surnames"),
        places=people["places"],
        named_instruments=instruments["named"],
        resolutions=sorted(resolutions),
        invented_numbers=list(instruments["invented_resolution_numbers"]),
        taken_symbols={s for _, _, s in resolutions},
    )


def _day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# ------------------------------------------------------------------------------------------ the plan


@dataclass
class Attendee:
    """A person in a document with the office printed next to the name (None when none is printed)."""

    holding: Holding
    office_printed: str | None


@dataclass
class Truth:
    """What the document says, recorded while it is written."""

    participants: list[dict[str, Any]] = field(default_factory=list)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    numbered: int = 0
    instruments: list[dict[str, Any]] = field(default_factory=list)

    def attend(
        self, person: Person, office: str | None, language: str, printed_in: str | None = None
    ) -> None:
        """Record a participant; `printed_in` says where the office is printed next to the name: "list"
        (a participants list or a linked name), "lead" (the lead sentence) or "label" (a speaker label)."""
        if all(p["ref_key"] != _key(person) for p in self.participants):
            self.participants.append(
                {
                    "name": person.name(language),
                    "office": office,
                    "office_printed_in": printed_in if office else None,
                    "ref": person.ref,
                    "ref_key": _key(person),
                }
            )

    def speak(self, person: Person, label: str, office: str | None, language: str) -> None:
        if all(s["ref_key"] != _key(person) for s in self.speakers):
            self.speakers.append(
                {
                    "name": person.name(language),
                    "label": label,
                    "office": office,
                    "ref": person.ref,
                    "ref_key": _key(person),
                }
            )


def _key(person: Person) -> str:
    return person.ref or f"synthetic:{person.en}"


class Cast:
    """Who holds which office on the document's date: the reference holders, then synthetic officials
    (one per office and four-year term, the same across a corpus)."""

    def __init__(self, vocab: Vocabulary, seed: int, day: dt.date) -> None:
        self.vocab = vocab
        self.seed = seed
        self.day = day
        self.used_surnames: set[str] = set()
        self._officials: list[Holding] | None = None

    def president(self) -> Holding:
        return next(h for h in self.officials() if h.office.id == "president-of-russia")

    def officials(self) -> list[Holding]:
        if self._officials is None:
            self._officials = self._holdings()
        return list(self._officials)

    def _holdings(self) -> list[Holding]:
        out: list[Holding] = []
        for office, holders in self.vocab.ref_offices:
            for start, end, person in holders:
                if (start is None or start <= self.day) and (end is None or self.day < end):
                    out.append(Holding(self.vocab.persons[person], office))
                    break
        term = (self.day.year - 2000) // 4
        for office in self.vocab.synthetic_offices:
            out.append(Holding(self._synthetic_russian(f"{office.id}|{term}"), office))
        return out

    def _synthetic_russian(self, salt: str) -> Person:
        v = self.vocab
        n = zlib.crc32(f"{self.seed}|{salt}".encode())
        g_en, g_ru, female = v.russian_given[n % len(v.russian_given)]
        s_en, s_ru = v.russian_surnames[(n // 97) % len(v.russian_surnames)]
        if female and s_en.endswith(("ov", "ev", "in")):
            s_en, s_ru = s_en + "a", s_ru + "а"
        return Person(None, f"{g_en} {s_en}", f"{g_ru} {s_ru}", f"{g_ru[0]}.{s_ru}")

    def synthetic_foreign(self, rng: random.Random) -> Person:
        g_en, g_ru = rng.choice(self.vocab.foreign_given)
        s_en, s_ru = rng.choice(self.vocab.foreign_surnames)
        return Person(None, f"{g_en} {s_en}", f"{g_ru} {s_ru}", f"{g_ru} {s_ru}")

    def distinct(self, holdings: list[Holding]) -> list[Holding]:
        """Drop holdings whose person or surname already appears (speaker labels are matched by surname)."""
        out = []
        for h in holdings:
            surname = h.person.surname_en
            if surname in self.used_surnames:
                continue
            self.used_surnames.add(surname)
            out.append(h)
        return out

    def leader(self, rng: random.Random) -> tuple[Holding, dict[str, str] | None]:
        """A foreign leader on this date: a reference person when one is in office, else a synthetic one."""
        year = self.day.year
        real = [x for x in self.vocab.leaders if x["from"] <= year <= x["to"]]
        if real and rng.random() < 0.5:
            x = rng.choice(real)
            state = next((s for s in self.vocab.states if s["id"] == x["state"]), None)
            office = Office(f"leader-{x['person']}", x["en"], x["en"], x["ru"])
            return Holding(self.vocab.persons[x["person"]], office), state or _state_of(x)
        state = rng.choice(self.vocab.states)
        form = rng.choice([f for f in self.vocab.foreign_offices if f["leader"]])
        office = Office(
            "foreign",
            form["en"].format(state=state["en"]),
            form["en"].format(state=state["en"]),
            form["ru"].format(ru_gen=state["ru_gen"]),
        )
        return Holding(self.synthetic_foreign(rng), office), state

    def foreign_official(self, rng: random.Random, state: dict[str, str]) -> Holding:
        form = rng.choice([f for f in self.vocab.foreign_offices if not f["leader"]])
        office = Office(
            "foreign",
            form["en"].format(state=state["en"]),
            form["en"].format(state=state["en"]),
            form["ru"].format(ru_gen=state["ru_gen"]),
        )
        return Holding(self.synthetic_foreign(rng), office)


_STATE_FORMS = {
    "united-states": {
        "id": "united-states",
        "en": "the United States",
        "adj": "US",
        "ru_gen": "США",
        "ru_adj": "американские",
    },
    "china": {"id": "china", "en": "China", "adj": "Chinese", "ru_gen": "Китая", "ru_adj": "китайские"},
    "germany": {
        "id": "germany",
        "en": "Germany",
        "adj": "German",
        "ru_gen": "Германии",
        "ru_adj": "германские",
    },
    "france": {"id": "france", "en": "France", "adj": "French", "ru_gen": "Франции", "ru_adj": "французские"},
}


def _state_of(leader: dict[str, Any]) -> dict[str, str] | None:
    return _STATE_FORMS.get(leader.get("state") or "")


# ------------------------------------------------------------------------------------------ text


class Writer:
    """Sentences and paragraphs in one language, from the phrase stock, filled for one document."""

    def __init__(
        self, rng: random.Random, vocab: Vocabulary, language: str, day: dt.date, truth: Truth
    ) -> None:
        self.rng = rng
        self.vocab = vocab
        self.lang = language
        self.stock = vocab.en if language == "en" else vocab.ru
        self.day = day
        self.truth = truth
        self.mentioned: set[str] = set()

    def fill(self, text: str) -> str:
        rng = self.rng
        if "{state}" in text:
            text = text.replace("{state}", rng.choice(self.vocab.states)["en"])
        if "{org}" in text:
            text = text.replace("{org}", rng.choice(SUMMIT_ORGS))
        if "{year}" in text:
            text = text.replace("{year}", str(rng.randint(1998, max(1998, self.day.year - 1))))
        return text

    def sentence(self, pool: str = "sentences") -> str:
        rng = self.rng
        s = rng.choice(self.stock[pool])
        if "{" in s:
            s = self.fill(s)
        if rng.random() < 0.3:
            return f"{rng.choice(self.stock['openers'])} {s}."
        return f"{s[0].upper()}{s[1:]}."

    def paragraph(self, pool: str = "sentences", low: int = 2, high: int = 5) -> str:
        out: list[str] = []
        for _ in range(self.rng.randint(low, high)):
            s = self.sentence(pool)
            if out and s == out[-1]:
                s = self.sentence(pool)
            out.append(s)
        return " ".join(out)

    def instrument(self) -> str | None:
        """A sentence naming an instrument in force on the date; recorded in the truth."""
        inst = self._pick_instrument()
        if inst is None:
            return None
        written = inst.en if self.lang == "en" else inst.ru
        key = inst.ref or inst.symbol or written
        if key not in self.mentioned:
            self.mentioned.add(key)
            self.truth.instruments.append(
                {"ref": inst.ref, "kind": inst.kind, "symbol": inst.symbol, "written": written}
            )
        return self.rng.choice(self.stock["instrument_sentences"]).replace("{inst}", written)

    def _pick_instrument(self) -> Instrument | None:
        rng, year, v = self.rng, self.day.year, self.vocab
        roll = rng.random()
        if roll < 0.35:
            done = [r for r in v.resolutions if r[0] < year]
            if not done:
                return None
            _, ref, symbol = rng.choice(done)
            return _resolution(ref, symbol, rng)
        if roll < 0.45 and year > 2000:
            session = rng.randint(54, year - 1946)
            number = rng.choice(v.invented_numbers)
            symbol = f"A/RES/{session}/{number}"
            if symbol in v.taken_symbols:
                return None
            return _resolution(None, symbol, rng)
        fits = [x for x in v.named_instruments if x["from"] <= year <= x.get("until", 9999)]
        if not fits:
            return None
        x = rng.choice(fits)
        return Instrument(x["id"], x["kind"], rng.choice(x["en"]), rng.choice(x["ru"]))


def _resolution(ref: str | None, symbol: str, rng: random.Random) -> Instrument:
    short = symbol.removeprefix("A/RES/")
    en = rng.choice(
        (
            f"General Assembly resolution {symbol}",
            f"UN General Assembly resolution {short}",
            f"resolution {symbol}",
        )
    )
    ru = rng.choice((f"резолюция {short} Генеральной Ассамблеи ООН", f"резолюция ГА ООН {symbol}"))
    return Instrument(ref, "un_resolution", en, ru, symbol)


# ------------------------------------------------------------------------------------------ documents


@dataclass
class Document:
    file_name: str
    text: str
    truth: dict[str, Any]


def item_number(index: int, seed: int) -> int:
    """A unique six-digit Kremlin item number for each index (a bijection for index < MAX_DOCUMENTS)."""
    return 100_000 + ((index + seed * 104_729) * 7_919) % 900_000


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in weighted)
    roll = rng.random() * total
    for name, weight in weighted:
        roll -= weight
        if roll < 0:
            return name
    return weighted[-1][0]


def _budget(rng: random.Random) -> int:
    """Body size in bytes: log-normal around 5 KB with a long tail, capped so a page stays under 60 KB."""
    return min(MAX_BYTES - 6_000, int(rng.lognormvariate(8.5, 0.75)))


def generate_document(index: int, seed: int, vocab: Vocabulary | None = None) -> Document:
    """Document number `index` of the corpus with this seed: its file name, text and truth."""
    vocab = vocab or load_vocabulary()
    rng = random.Random(f"diplograph-bench:{seed}:{index}")
    language = "en" if rng.random() < EN_SHARE else "ru"
    genre = _pick(rng, EN_GENRES if language == "en" else RU_GENRES)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    at = dt.time(rng.randint(9, 21), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50)))
    item = item_number(index, seed)
    truth = Truth()
    writer = Writer(rng, vocab, language, day, truth)
    cast = Cast(vocab, seed, day)
    plan = _plan(genre, language, writer, cast, _budget(rng))
    if language == "en":
        text, url = _render_en(plan, writer, day, at, item)
    else:
        text, url = _render_ru(plan, writer, day, at, item)
    file_name = f"{index:06d}-{language}-{item}.txt"
    record = {
        "file": file_name,
        "key": f"kremlin-{language}-{item}",
        "language": language,
        "genre": genre,
        "date": day.isoformat(),
        "title": plan.title,
        "url": url,
        "participants": [{k: v for k, v in p.items() if k != "ref_key"} for p in truth.participants],
        "speakers": [{k: v for k, v in s.items() if k != "ref_key"} for s in truth.speakers],
        "numbered_proposals": truth.numbered,
        "instruments": truth.instruments,
        "bytes": len(text.encode("utf-8")),
    }
    return Document(file_name, text, record)


@dataclass
class Plan:
    """A document before rendering: header lines, the paragraphs before and after '* * *'."""

    title: str
    lead: str | None
    place: str | None
    captions: list[str]
    preamble: list[str]
    body: list[str]
    sections: list[str]
    separator: bool


class _Speech:
    """Turns of a transcript: labels as the site prints them, each speaker recorded once in the truth."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.paragraphs: list[str] = []
        self.labelled: set[str] = set()

    def label(self, who: Attendee, retranslated: bool = False) -> str:
        w, p = self.w, who.holding.person
        first = _key(p) not in self.labelled
        self.labelled.add(_key(p))
        if w.lang == "en":
            name = p.en
            office = (
                who.office_printed if first and who.office_printed and who.holding.office.in_labels else None
            )
            label = f"{office} {name}" if office else name
            suffix = " (retranslated)" if retranslated else ""
        else:
            label, office = p.ru_short, None
            suffix = " (как переведено)" if retranslated else ""
        w.truth.speak(p, label, office, w.lang)
        return f"{label}{suffix}: "

    def turn(self, who: Attendee, paragraphs: list[str], retranslated: bool = False) -> None:
        if not paragraphs:
            return
        self.paragraphs.append(self.label(who, retranslated) + paragraphs[0])
        self.paragraphs.extend(paragraphs[1:])

    def role(self, role: str, text: str) -> None:
        self.paragraphs.append(f"{role}: {text}")


def _speech_paragraphs(w: Writer, budget: int, proposals: bool = True, closing: bool = True) -> list[str]:
    """A speech of about `budget` bytes: greeting, paragraphs, maybe a numbered list, instruments, closing."""
    rng = w.rng
    out = [rng.choice(w.stock["greetings"])]
    size = 0
    list_at = rng.random() if proposals else -1.0
    while size < budget:
        para = w.paragraph()
        if rng.random() < 0.35:
            extra = w.instrument()
            if extra:
                para = f"{para} {extra}"
        out.append(para)
        size += len(para) * (2 if w.lang == "ru" else 1)
        if 0 <= list_at < 0.6 and size > budget * list_at:
            out += _numbered_list(w)
            list_at = -1.0
    if closing and rng.random() < 0.5:
        out.append(rng.choice(w.stock["closings"]))
    return out


def _numbered_list(w: Writer) -> list[str]:
    """An intro and 2–6 numbered points, sometimes closed by "finally"; counted in the truth."""
    rng, stock = w.rng, w.stock
    count = rng.randint(2, 6)
    style = rng.choice(list(stock["ordinals"]))
    ordinals = stock["ordinals"][style]
    out = [rng.choice(stock["list_intros"])]
    actions = rng.sample(stock["actions"], count + 1)
    with_finally = count >= 2 and rng.random() < 0.25
    points = count + (1 if with_finally else 0)
    for n in range(points):
        action = w.fill(actions[n])
        if with_finally and n == points - 1:
            opener = rng.choice(stock["finally"])
            text = f"{opener} {action}."
        elif w.lang == "ru" and style == "word":
            text = f"{ordinals[n]} {action[0].upper()}{action[1:]}."
        else:
            text = f"{ordinals[n]} {action}."
        if rng.random() < 0.4:
            text = f"{text} {rng.choice(stock['elaborations'])}"
        out.append(text)
        if rng.random() < 0.2 and n < points - 1:
            out.append(w.sentence("sentences"))
    w.truth.numbered += points
    return out


def _president_att(w: Writer, cast: Cast, labelled: bool = True) -> Attendee:
    """The President, who takes part in every event but a statement; English labels print his office."""
    h = cast.president()
    cast.used_surnames.add(h.person.surname_en)
    office = h.office.en if w.lang == "en" and labelled else None
    w.truth.attend(h.person, office, w.lang, "label")
    return Attendee(h, office)


def _plan(genre: str, lang: str, w: Writer, cast: Cast, budget: int) -> Plan:
    make: dict[str, Callable[[Writer, Cast, int], Plan]] = {
        "security_council": _security_council,
        "talks": _talks,
        "telephone": _telephone,
        "news_conference": _news_conference,
        "statement": _statement,
        "joint_statement": _joint_statement,
        "address": _address,
        "summit": _summit,
    }
    return make[genre](w, cast, budget)


def _title_fill(w: Writer, text: str, **slots: str) -> str:
    for k, v in slots.items():
        text = text.replace("{" + k + "}", v)
    return w.fill(text)


def _president_names(w: Writer, president: Person) -> dict[str, str]:
    gen = w.vocab.ru["president_genitive"].get(president.ref or "", president.ru)
    return {"president": president.name(w.lang), "president_gen": gen}


def _topic(w: Writer) -> dict[str, str]:
    if w.lang == "en":
        return {"topic": w.rng.choice(w.stock["topics_of_titles"])}
    t = w.rng.choice(w.stock["topics_of_titles"])
    return {"topic": t["prep"], "topic_dat": t["dat"]}


def _security_council(w: Writer, cast: Cast, budget: int) -> Plan:
    rng, lang, stock = w.rng, w.lang, w.stock
    president = _president_att(w, cast)
    names = _president_names(w, president.holding.person)
    others = [h for h in cast.officials() if h.office.id != "president-of-russia"]
    rng.shuffle(others)
    members = cast.distinct(others[: rng.randint(3, 11)])
    attendees = [Attendee(h, h.office.en if lang == "en" else h.office.ru) for h in members]
    title = rng.choice(stock["titles"]["security_council"])
    lead = _title_fill(w, rng.choice(stock["leads"]["security_council"]), **names)
    preamble = [_attendance(w, attendees)]
    speech = _Speech(w)
    share = budget // 2
    speech.turn(president, _speech_paragraphs(w, share))
    speakers = attendees[: rng.randint(1, min(4, len(attendees)))]
    for who in speakers:
        reply = [w.paragraph("reports", 2, 4) for _ in range(max(1, budget // (4 * 500 * len(speakers))))]
        if rng.random() < 0.15:
            reply += _numbered_list(w)
        speech.turn(who, [rng.choice(stock["greetings"])] + reply)
        speech.turn(president, [rng.choice(stock["replies"])])
    place = rng.choice(w.vocab.places)[lang] if lang == "en" and rng.random() < 0.8 else None
    captions = (
        [w.fill(c) for c in rng.sample(stock["captions"]["security_council"], 1)] if lang == "en" else []
    )
    return Plan(
        title,
        lead,
        place,
        captions,
        preamble,
        speech.paragraphs,
        ["News", "Transcripts", "Security Council"],
        True,
    )


def _attendance(w: Writer, attendees: list[Attendee], openers: str = "attendance_openers") -> str:
    """The list of attendees: tooltips on the English page, plain names in the Russian text."""
    rng = w.rng
    for a in attendees:
        w.truth.attend(a.holding.person, a.office_printed, w.lang, "list")
    if w.lang == "en":
        entries = [
            f"{a.office_printed} {a.holding.person.en} {a.holding.person.tooltip()}{a.holding.office.title}"
            for a in attendees
        ]
        opener = rng.choice(w.stock[openers])
        if len(entries) == 1:
            return f"{opener} {entries[0]} ."
        body = " , ".join(entries[:-1]) + " , and " + entries[-1]
        return f"{opener} {body}{rng.choice(w.stock['attendance_closers'])}"
    entries = [f"{a.office_printed} {a.holding.person.ru}" for a in attendees]
    return f"{rng.choice(w.stock['attendance_openers'])} {', '.join(entries)}."


def _inline(a: Attendee) -> str:
    """A linked name in running English text: office, name, tooltip and title, closed by ' ,'."""
    p = a.holding.person
    return f"{a.office_printed} {p.en} {p.tooltip()}{a.holding.office.title} ,"


def _talks(w: Writer, cast: Cast, budget: int) -> Plan:
    rng, lang, stock = w.rng, w.lang, w.stock
    president = _president_att(w, cast)
    names = _president_names(w, president.holding.person)
    leader_h, state = cast.leader(rng)
    cast.distinct([leader_h])
    leader = Attendee(leader_h, leader_h.office.en if lang == "en" else leader_h.office.ru)
    state = state or rng.choice(w.vocab.states)
    slots = {
        **names,
        "adj": state["adj"] if lang == "en" else state["ru_adj"],
        "office": leader.office_printed or "",
        "leader": leader_h.person.name(lang),
        "state_gen": state.get("ru_gen", ""),
    }
    title = _title_fill(w, rng.choice(stock["titles"]["talks"]), **slots)
    lead = _title_fill(w, rng.choice(stock["leads"]["talks"]), **slots)
    preamble: list[str] = []
    w.truth.attend(leader_h.person, leader.office_printed, lang, "list" if lang == "en" else "lead")
    if lang == "en":
        preamble.append(
            f"During the talks with {_inline(leader)} the sides discussed bilateral relations "
            "and international issues. "
            + w.paragraph("news_sentences", 1, 2)
        )
        delegation = cast.distinct(
            [
                h
                for h in cast.officials()
                if h.office.id
                in (
                    "minister-of-foreign-affairs",
                    "presidential-aide",
                    "secretary-of-the-security-council",
                    "deputy-foreign-minister",
                )
            ][: rng.randint(0, 3)]
        )
        if delegation:
            preamble.append(_attendance_delegation(w, [Attendee(h, h.office.en) for h in delegation]))
    speech = _Speech(w)
    speech.turn(president, _speech_paragraphs(w, budget // 2))
    retranslated = rng.random() < 0.2
    speech.turn(leader, [w.paragraph("sentences", 2, 5) for _ in range(max(1, budget // 1500))], retranslated)
    if rng.random() < 0.5:
        speech.turn(president, [rng.choice(stock["replies"])])
    body = speech.paragraphs
    if lang == "en" and rng.random() < 0.5:
        body = [_title_fill(w, rng.choice(stock["separator_headings"]), **slots)] + body
    captions = (
        [_title_fill(w, c, **slots) for c in rng.sample(stock["captions"]["talks"], 2)]
        if lang == "en"
        else []
    )
    place = rng.choice(w.vocab.places)[lang] if lang == "en" else None
    return Plan(title, lead, place, captions, preamble, body, ["News", "Transcripts"], True)


def _attendance_delegation(w: Writer, attendees: list[Attendee]) -> str:
    for a in attendees:
        w.truth.attend(a.holding.person, a.office_printed, w.lang, "list")
    entries = [
        f"{a.office_printed} {a.holding.person.en} {a.holding.person.tooltip()}{a.holding.office.title}"
        for a in attendees
    ]
    if len(entries) == 1:
        return f"The Russian delegation included {entries[0]} ."
    return "The Russian delegation included " + " , ".join(entries[:-1]) + " , and " + entries[-1] + " ."


def _telephone(w: Writer, cast: Cast, budget: int) -> Plan:
    rng, lang, stock = w.rng, w.lang, w.stock
    president = _president_att(w, cast, labelled=False)
    names = _president_names(w, president.holding.person)
    leader_h, state = cast.leader(rng)
    leader = Attendee(leader_h, leader_h.office.en if lang == "en" else leader_h.office.ru)
    state = state or rng.choice(w.vocab.states)
    slots = {
        **names,
        "office": leader.office_printed or "",
        "leader": leader_h.person.name(lang),
        "state_gen": state.get("ru_gen", ""),
    }
    title = _title_fill(w, rng.choice(stock["titles"]["telephone"]), **slots)
    lead = _title_fill(w, rng.choice(stock["leads"]["telephone"]), **slots)
    body = []
    w.truth.attend(leader_h.person, leader.office_printed, lang, "list" if lang == "en" else "lead")
    if lang == "en":
        body.append(
            f"{names['president']} had a telephone conversation with {_inline(leader)} "
            "at the request of the other side."
        )
    size = 0
    while size < budget // 3:
        para = w.paragraph("news_sentences", 1, 3)
        body.append(para)
        size += len(para)
    return Plan(title, lead, None, [], [], body, ["News"], False)


def _news_conference(w: Writer, cast: Cast, budget: int) -> Plan:
    rng, lang, stock = w.rng, w.lang, w.stock
    president = _president_att(w, cast)
    names = _president_names(w, president.holding.person)
    state = rng.choice(w.vocab.states)
    slots = {**names, "adj": state["adj"] if lang == "en" else state["ru_adj"]}
    title = _title_fill(w, rng.choice(stock["titles"]["news_conference"]), **slots)
    lead = _title_fill(w, rng.choice(stock["leads"]["news_conference"]), **slots)
    speech = _Speech(w)
    speech.turn(president, _speech_paragraphs(w, budget // 3))
    role = "Question" if lang == "en" else "Вопрос"
    for _ in range(rng.randint(2, 2 + budget // 2500)):
        q = rng.choice(stock["questions"])
        if lang == "en" and rng.random() < 0.15:
            speech.paragraphs.append(f"Question (retranslated): {q}")
        else:
            speech.role(role, q)
        answer = [rng.choice(stock["answer_openers"]) + " " + w.paragraph("sentences", 1, 3)]
        answer += [w.paragraph("sentences", 2, 4) for _ in range(rng.randint(0, 2))]
        speech.turn(Attendee(president.holding, None), answer)
    place = rng.choice(w.vocab.places)[lang] if lang == "en" else None
    captions = [w.fill(rng.choice(stock["captions"]["news_conference"]))] if lang == "en" else []
    return Plan(title, lead, place, captions, [], speech.paragraphs, ["News", "Transcripts"], False)


def _statement(w: Writer, cast: Cast, budget: int) -> Plan:
    """A statement by the President: no speaker label; the author is the speaker of its one turn."""
    rng, lang, stock = w.rng, w.lang, w.stock
    president = cast.president()
    names = _president_names(w, president.person)
    title = _title_fill(w, rng.choice(stock["titles"]["statement"]), **names, **_topic(w))
    lead = (
        _title_fill(w, rng.choice(stock["leads"]["statement"]), **names, **_topic(w))
        if lang == "en"
        else None
    )
    body = _speech_paragraphs(w, budget, proposals=False, closing=False)[1:]
    cut = rng.randint(1, max(1, len(body) - 1))
    body = body[:cut] + _numbered_list(w) + body[cut:]
    w.truth.speak(president.person, president.person.name(lang), None, lang)
    return Plan(title, lead, None, [], [], body, ["News", "Statements"], False)


def _joint_statement(w: Writer, cast: Cast, budget: int) -> Plan:
    """A joint statement of Russia and another state (Russian only): the states are its authors."""
    rng = w.rng
    state = rng.choice(w.vocab.states)
    title = _title_fill(
        w, rng.choice(w.stock["titles"]["joint_statement"]), state_gen=state["ru_gen"], **_topic(w)
    )
    body = [w.paragraph("sentences", 2, 4)]
    size = 0
    while size < budget // 2:
        para = w.paragraph("joint_sentences", 1, 2)
        if rng.random() < 0.3:
            extra = w.instrument()
            if extra:
                para = f"{para} {extra}"
        body.append(para)
        size += 2 * len(para)
    if rng.random() < 0.6:
        cut = rng.randint(1, len(body))
        body = body[:cut] + _numbered_list(w) + body[cut:]
    return Plan(title, None, None, [], [], body, [], False)


def _address(w: Writer, cast: Cast, budget: int) -> Plan:
    rng, lang, stock = w.rng, w.lang, w.stock
    president = _president_att(w, cast)
    names = _president_names(w, president.holding.person)
    title = _title_fill(w, rng.choice(stock["titles"]["address"]), **names, **_topic(w))
    lead = _title_fill(w, rng.choice(stock["leads"]["address"]), **names)
    speech = _Speech(w)
    speech.turn(president, _speech_paragraphs(w, budget))
    captions = [rng.choice(stock["captions"]["address"])] if lang == "en" else []
    return Plan(title, lead, None, captions, [], speech.paragraphs, ["News", "Transcripts"], False)


def _summit(w: Writer, cast: Cast, budget: int) -> Plan:
    """A summit (English pages): foreign leaders listed with tooltips, the President's speech."""
    rng, stock = w.rng, w.stock
    president = _president_att(w, cast)
    names = _president_names(w, president.holding.person)
    org = rng.choice(SUMMIT_ORGS)
    states = rng.sample(w.vocab.states, rng.randint(2, 6))
    leaders = []
    for state in states:
        form = rng.choice([f for f in w.vocab.foreign_offices if f["leader"]])
        office = Office(
            "foreign",
            form["en"].format(state=state["en"]),
            form["en"].format(state=state["en"]),
            form["ru"].format(ru_gen=state["ru_gen"]),
        )
        leaders += cast.distinct([Holding(cast.synthetic_foreign(rng), office)])
    attendees = [Attendee(h, h.office.en) for h in leaders]
    title = _title_fill(w, rng.choice(stock["titles"]["summit"]), org=org)
    lead = _title_fill(w, rng.choice(stock["leads"]["summit"]), org=org, **names)
    preamble = [_attendance(w, attendees, "summit_attendance_openers")]
    speech = _Speech(w)
    speech.turn(president, _speech_paragraphs(w, budget))
    body = [rng.choice(["Speech at the summit", "Speech at the meeting"])] + speech.paragraphs
    captions = [_title_fill(w, rng.choice(stock["captions"]["summit"]), org=org)]
    place = rng.choice(w.vocab.places)["en"]
    return Plan(title, lead, place, captions, preamble, body, ["News", "Transcripts"], True)


# ------------------------------------------------------------------------------------------ rendering

_EN_CHROME = """President of Russia
  • Events
  • Structure
  • Videos and Photos
  • Documents
  • Contacts
  • Search
  • Search this website
President of Russia
Mobile version

President's
website
sections

  • Events
  • Structure
  • Videos and Photos
  • Documents
  • Contacts
  • Search
  • Search
  • For the Media
  • Subscribe
  • Directory
  • Version for People with Disabilities
  • YouTube Channel
  • Русский

President's
website
resources

  • President of RussiaCurrent resource
  • The Constitution of Russia
  • State Insignia
  • Send a Letter
  • Vladimir Putin’s Personal Website

Special
animal welfare
projects

  • Amur tiger
  • Beluga whale
  • Polar bear
  • Snow leopard
  • Far Eastern leopard

Legal
and technical
information

  • About website
  • Using website content
  • Personal data of website users
  • Contact website team

All content on this site is licensed under

Creative Commons Attribution 4.0 International

Presidential Executive Office{year}
Events
"""

_EN_TAIL = """
Official Internet Resources

of the President of Russia

Русский Английский
  • For the Media
  • Version for People with Disabilities
  • Telegram channel
  • YouTube Channel
  • State Insignia
  • Send a Letter
  • Vladimir Putin’s Personal Website
  • Putin. 20 years

Presidential Executive Office
{year}
"""


def en_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _render_en(plan: Plan, w: Writer, day: dt.date, at: dt.time, item: int) -> tuple[str, str]:
    rng = w.rng
    saved = max(2023, day.year)
    url = f"http://en.kremlin.ru/events/president/news/{item}"
    parts = [_EN_CHROME.replace("{year}", str(saved)), "\n", plan.title, "\n\n"]
    if plan.lead:
        parts += [plan.lead, "\n\n"]
    parts += [en_date(day), "\n", f"{at.hour}:{at.minute:02d}", "\n"]
    if plan.place:
        parts += [plan.place, "\n"]
    for caption in plan.captions:
        parts += [caption, "\n", caption, "\n"] if rng.random() < 0.5 else [caption, "\n"]
    parts.append("\n")
    for para in plan.preamble:
        parts += [para, "\n\n"]
    if plan.separator and plan.preamble:
        parts.append("* * *\n\n")
    for para in plan.body:
        parts += [para, "\n\n"]
    if rng.random() < 0.5:
        parts.append("<…>\n\n")
    if rng.random() < 0.6:
        see = _title_fill(
            w,
            rng.choice(w.stock["see_also"]),
            adj=rng.choice(w.vocab.states)["adj"],
            leader=rng.choice(list(w.vocab.persons.values())).en,
        )
        parts += ["See also\n\n", see, "\n", en_date(day), "\n\n"]
    parts.append("Topics\n\n")
    for topic in rng.sample(w.stock["topics"], rng.randint(1, 3)):
        parts += ["  • ", topic, "\n"]
    sections = ", ".join(plan.sections or ["News"])
    updated = dt.datetime.combine(day, at) + dt.timedelta(minutes=rng.randint(5, 3000))
    parts += [
        "\nPublication status\n\n",
        f"Published in sections: {sections}\n\n",
        f"Publication date: {en_date(day)}, {at.hour}:{at.minute:02d}\n\n",
        f"Direct link: en.kremlin.ru/d/{item}\n\n",
        "Text version\n\n",
        "Share\nDirect link\n",
        url,
        "\nShare\n  • VK\n  • LiveJournal\n  • Send by email\n  • Print\nSend by email\n\n",
        "Official Website of the President of Russia:\n\n",
        plan.title,
        "\n\n",
        url,
        "\n\n",
        f"Last updated at {en_date(updated.date())}, {updated.hour}:{updated.minute:02d}\n\n",
        "Официальные сетевые ресурсы\n\nПрезидента России\n",
        _EN_TAIL.replace("{year}", str(saved)),
    ]
    return "".join(parts), url


def _render_ru(plan: Plan, w: Writer, day: dt.date, at: dt.time, item: int) -> tuple[str, str]:
    rng = w.rng
    path = rng.choice(w.stock["url_paths"])
    url = f"http://kremlin.ru/{path}/{item}"
    parts = ["\n", plan.title, "\n\n\n", f"{day.isoformat()} {at.hour:02d}:{at.minute:02d}:00", "\n\n"]
    if plan.lead:
        parts += [plan.lead, " \n"]
    for para in plan.preamble:
        parts += [para, " \n"]
    if plan.separator and plan.preamble:
        parts.append("* * * \n")
    for para in plan.body:
        parts += [para, " \n"]
    parts += ["\n\n\n", url]
    return "".join(parts), url


# ------------------------------------------------------------------------------------------ corpus


def iter_documents(documents: int, seed: int) -> Iterator[Document]:
    vocab = load_vocabulary()
    for index in range(documents):
        yield generate_document(index, seed, vocab)


def generate_corpus(out: Path, documents: int, seed: int, *, overwrite: bool = False) -> Path:
    """Write `documents` documents and out/truth.jsonl; return `out`.

    A folder that already holds .txt files is refused unless `overwrite`, which first removes the
    files a previous run wrote (so a smaller corpus never keeps a larger one's tail).
    """
    if not 0 < documents <= MAX_DOCUMENTS:
        raise GeneratorError(f"--documents must be between 1 and {MAX_DOCUMENTS}, got {documents}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = [p for p in out.iterdir() if p.suffix == ".txt" or p.name == "truth.jsonl"]
    if previous:
        if not overwrite:
            raise GeneratorError(
                f"the folder already holds {len(previous)} corpus file(s)",
                path=out,
                hint="choose an empty folder, or pass --force to replace the previous corpus",
            )
        for p in previous:
            p.unlink()
    with (out / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as truth:
        for doc in iter_documents(documents, seed):
            (out / doc.file_name).write_bytes(doc.text.encode("utf-8"))
            truth.write(json.dumps(doc.truth, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic diplograph corpus with its ground truth."
    )
    parser.add_argument("--documents", type=int, required=True, help="how many documents (1..900000)")
    parser.add_argument("--seed", type=int, default=1, help="the seed; the same seed gives the same bytes")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (created if missing)")
    parser.add_argument("--force", action="store_true", help="replace a corpus already in the folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        generate_corpus(args.out, args.documents, args.seed, overwrite=args.force)
    except DiplographError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in args.out.glob("*.txt"))
    print(
        f"{args.documents} documents, {size / 1e6:.1f} MB, in {seconds:.1f} s "
        f"({args.documents / seconds:,.0f} documents/s) -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
