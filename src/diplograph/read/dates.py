"""Dates and times as the two sites print them."""

from __future__ import annotations

import datetime as dt
import re

from .. import rules

_EN = r"(?P<month>[A-Z][a-z]+) (?P<day>\d{1,2}), (?P<year>\d{4})"
EN_DATE = re.compile(rf"^{_EN}$")
EN_DATETIME = re.compile(rf"{_EN},? (?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})")
TIME = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?$")
ISO_DATETIME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{2}:\d{2}(?::\d{2})?))?$")
RU_DATE = re.compile(r"\b(?P<day>\d{1,2}) (?P<month>[а-яё]+) (?P<year>(?:19|20)\d{2})(?: г(?:ода|\.)?)?", re.I)


def month_number(name: str, language: str) -> int | None:
    months: list[str] = rules.load("language")["months"][language]
    folded = rules.fold(name)
    return months.index(folded) + 1 if folded in months else None


def _make_date(year: str, month: int | None, day: str) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def parse_en_date(line: str) -> dt.date | None:
    """"March 26, 2021" → date, or None."""
    m = EN_DATE.match(line.strip())
    return _make_date(m["year"], month_number(m["month"], "en"), m["day"]) if m else None


def parse_en_datetime(text: str) -> dt.datetime | None:
    """"March 27, 2021, 11:02" (anywhere in text) → datetime, or None."""
    m = EN_DATETIME.search(text)
    if not m:
        return None
    day = _make_date(m["year"], month_number(m["month"], "en"), m["day"])
    if day is None or int(m["hour"]) > 23 or int(m["minute"]) > 59:
        return None
    return dt.datetime.combine(day, dt.time(int(m["hour"]), int(m["minute"])))


def parse_time(line: str) -> dt.time | None:
    m = TIME.match(line.strip())
    if not m:
        return None
    try:
        return dt.time(int(m["hour"]), int(m["minute"]), int(m["second"] or 0))
    except ValueError:
        return None


def parse_iso(line: str) -> tuple[dt.date, dt.time | None] | None:
    """"2020-09-25 13:30:00" → (date, time)."""
    m = ISO_DATETIME.match(line.strip())
    if not m:
        return None
    try:
        day = dt.date.fromisoformat(m["date"])
    except ValueError:
        return None
    return day, (parse_time(m["time"]) if m["time"] else None)


def find_ru_date(text: str) -> dt.date | None:
    """The first Russian date in running text ("25 сентября 2020 года")."""
    for m in RU_DATE.finditer(text):
        found = _make_date(m["year"], month_number(m["month"], "ru"), m["day"])
        if found:
            return found
    return None


_EN_DMY = r"(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+),? (?P<year>\d{4})"
_RU_DMY = r"(?P<day>\d{1,2}) (?P<month>[а-яёА-ЯЁ]+) (?P<year>(?:19|20)\d{2})(?: ?г(?:ода|\.)?)?"
_NUMERIC = r"(?P<day>\d{1,2})\.(?P<mon>\d{2})\.(?P<year>(?:19|20)\d{2})"
_CLOCK = r"(?:,? (?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
# A whole line that is a date (and a time): "July 9, 2021", "9 July 2021", "13 марта 2025 года 10:10", "13.03.2025".
DATE_LINE = [re.compile(rf"^{form}{_CLOCK}$") for form in (_EN, _EN_DMY, _RU_DMY, _NUMERIC)]
# A date that opens a line, what follows it being a place or a time ("13 марта 2025 года 10:10 Москва, Кремль").
DATE_OPENING = [re.compile(rf"^{form}{_CLOCK}\b") for form in (_EN, _EN_DMY, _RU_DMY)]
# The same in running text.
DATE_IN_TEXT = [re.compile(rf"\b{form}") for form in (_EN, _EN_DMY, _RU_DMY)]
# A closing line: a date, then the place where the text was signed or issued ("July 9, 2021, Moscow").
CLOSING_LINE = [re.compile(rf"^{form}(?:, (?P<place>[^.!?:;]{{2,60}}))?$") for form in (_EN, _EN_DMY, _RU_DMY)]


def _of_match(m: re.Match[str]) -> tuple[dt.date, dt.time | None] | None:
    groups = m.groupdict()
    if groups.get("mon"):
        month: int | None = int(groups["mon"])
    else:
        name = groups["month"]
        month = month_number(name, "en") or month_number(name, "ru")
    day = _make_date(m["year"], month, m["day"])
    if day is None:
        return None
    time = None
    if groups.get("hour"):
        hour, minute = int(groups["hour"]), int(groups["minute"])
        if hour > 23 or minute > 59:
            return None
        time = dt.time(hour, minute)
    return day, time


def parse_date_line(line: str) -> tuple[dt.date, dt.time | None] | None:
    """A line that is a date and perhaps a time, in either language → (date, time); None otherwise."""
    line = line.strip()
    iso = parse_iso(line)
    if iso:
        return iso
    for rx in DATE_LINE:
        m = rx.match(line)
        if m:
            return _of_match(m)
    return None


def date_opening(text: str) -> tuple[dt.date, dt.time | None, int] | None:
    """A date (and time) at the very start of `text` → (date, time, its length)."""
    for rx in DATE_OPENING:
        m = rx.match(text)
        if m:
            found = _of_match(m)
            if found:
                return found[0], found[1], m.end()
    return None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date printed in running text, in either language → (date, start, end)."""
    best: tuple[dt.date, int, int] | None = None
    for rx in DATE_IN_TEXT:
        for m in rx.finditer(text):
            found = _of_match(m)
            if found and (best is None or m.start() < best[1]):
                best = (found[0], m.start(), m.end())
                break
    return best


def parse_closing_line(line: str) -> tuple[dt.date, str | None] | None:
    """"July 9, 2021" or "June 28, 2021, Moscow" closing a text → (date, place)."""
    for rx in CLOSING_LINE:
        m = rx.match(line.strip())
        if m:
            found = _of_match(m)
            if found:
                return found[0], m["place"]
    return None
