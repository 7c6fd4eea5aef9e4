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
