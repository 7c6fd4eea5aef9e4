"""The layouts of rules/layouts.yaml, compiled once: signatures, furniture, footers, participant lists; and the
small helpers every reader of them shares (language, layout, sentences, addresses)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import rules
from ..errors import FormatError
from . import links
from .source import Span

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"(A-ZА-ЯЁ0-9])")
_SPACES = re.compile(r"\s+")
WORD = re.compile(r"\w+")


def squeeze(line: str) -> str:
    return _SPACES.sub(" ", line).strip().casefold()


@dataclass(frozen=True)
class Rules:
    head: int
    layouts: list[dict]
    licences: dict[str, str]
    furniture_lines: frozenset[str]
    furniture: re.Pattern[str]
    clocks: re.Pattern[str]
    breadcrumb: re.Pattern[str]
    chrome_end: re.Pattern[str]
    sections: frozenset[str]
    footer_headings: frozenset[str]
    footer_inline: re.Pattern[str]
    fields: dict[str, list[re.Pattern[str]]]
    inline_fields: dict[str, list[re.Pattern[str]]]
    see_also: re.Pattern[str]
    footer_words: tuple[str, ...]
    footer_any: re.Pattern[str]
    footer_reach: int
    body_date_paragraphs: int
    url_line: re.Pattern[str]
    kremlin_hosts: frozenset[str]
    kremlin_item: list[tuple[str, re.Pattern[str]]]
    title_max: int
    title_not_ending: tuple[str, ...]
    inferred_max: int
    complete_endings: tuple[str, ...]
    separators: frozenset[str]
    omissions: frozenset[str]
    one_line_min: int
    entry_start: re.Pattern[str]
    entry_surname: re.Pattern[str]
    given_max: int
    office_endings: tuple[str, ...]
    entry_stop: re.Pattern[str]
    with_cues: re.Pattern[str]
    breadcrumb_generic: frozenset[str]


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def _words(cues: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\s+")


@cache
def load_rules() -> Rules:
    cfg = rules.load("layouts")
    furn = cfg["furniture"]
    headings = cfg["footer"]["headings"]
    return Rules(
        head=cfg["head"],
        layouts=cfg["layouts"],
        licences=cfg["licences"],
        furniture_lines=frozenset(squeeze(x) for x in furn["lines"]),
        furniture=_any(furn["patterns"]),
        clocks=_any(furn["clocks"]),
        breadcrumb=re.compile(furn["breadcrumb"]),
        chrome_end=_any(furn["chrome_end"]),
        sections=frozenset(x.casefold() for x in furn["sections"]),
        footer_headings=frozenset(squeeze(x) for x in headings),
        footer_inline=re.compile(
            r"\s(?:" + "|".join(re.escape(h) for h in cfg["footer"]["inline"]) + r")\s"
            + r"|(?<=[.!?»\">…])\s(?:"
            + "|".join(re.escape(h) for h in headings if h not in cfg["footer"]["boxes"]) + r")\s"),
        fields={name: [re.compile(p) for p in ps] for name, ps in cfg["footer"]["fields"].items()},
        inline_fields={name: [re.compile(p) for p in ps] for name, ps in cfg["footer"]["inline_fields"].items()},
        see_also=_any(cfg["footer"]["see_also"]),
        footer_words=tuple(h for h in headings if h not in cfg["footer"]["boxes"]),
        footer_any=re.compile(r"\s(?:" + "|".join(re.escape(h) for h in headings) + r")\s"),
        footer_reach=cfg["footer"]["reach"],
        body_date_paragraphs=cfg["body_date_paragraphs"],
        url_line=re.compile(cfg["url_line"]),
        kremlin_hosts=frozenset(cfg["kremlin_hosts"]),
        kremlin_item=[(kind, re.compile(cfg[f"kremlin_{kind}"])) for kind in ("item", "direct", "supplement")],
        title_max=cfg["title"]["max"],
        title_not_ending=tuple(cfg["title"]["not_ending"]),
        inferred_max=cfg["title"]["inferred_max"],
        complete_endings=tuple(cfg["complete_endings"]),
        separators=frozenset(cfg["transcript_separators"]),
        omissions=frozenset(cfg["omission_markers"]),
        one_line_min=cfg["one_line_min"],
        entry_start=_any(cfg["participant_entry"]["starts"]),
        entry_surname=re.compile(cfg["participant_entry"]["surname"]),
        given_max=cfg["participant_entry"]["given_max"],
        office_endings=tuple(cfg["participant_entry"]["office_endings"]),
        entry_stop=_any(cfg["participant_entry"]["stops"]),
        with_cues=_words(cfg["participant_entry"]["with_cues"]),
        breadcrumb_generic=frozenset(x.casefold() for x in furn["breadcrumb_generic"]),
    )


def language_of(text: str) -> str:
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def layout_of(text: str, url: str | None) -> dict:
    """The first layout of rules/layouts.yaml whose signatures the head of the text (or its URL) shows."""
    r = load_rules()
    head = [ln for ln in (t.strip() for t in text.split("\n", r.head * 2)[: r.head * 2]) if ln][: r.head]
    squeezed = {squeeze(ln) for ln in head}
    for layout in r.layouts:
        if url and any(re.search(p, url) for p in layout.get("url", [])):
            return layout
        if squeezed & {squeeze(x) for x in layout.get("lines", [])}:
            return layout
        if any(re.search(p, ln) for p in layout.get("patterns", []) for ln in head):
            return layout
    return r.layouts[-1]


def is_furniture(line: str, r: Rules) -> bool:
    return squeeze(line) in r.furniture_lines or bool(r.furniture.search(line)) or bool(r.breadcrumb.match(line))


def signature(layout: dict) -> re.Pattern[str]:
    """A line that is one of the layout's signatures (the site's name in its header)."""
    lines_ = [rf"^\s*{re.escape(x)}\s*$" for x in layout.get("lines", [])]
    return re.compile("|".join(lines_ + list(layout.get("patterns", []))) or "(?!)", re.I)


def checked(value: str, path: Path) -> str:
    why = links.problem(value)
    if why is not None:
        raise FormatError(f"the address {value!r} in the text is not a usable web address: {why}", path=path,
                          hint="the text looks damaged; copy the address again from the site")
    return value


def sentence_spans(text: str, span: Span) -> list[Span]:
    """The sentences of one long paragraph, as spans."""
    found: list[Span] = []
    pos = span.start
    for m in _SENTENCE_END.finditer(text, span.start, span.end):
        if m.start() > pos:
            found.append(Span(pos, m.start()))
        pos = m.end()
    if pos < span.end:
        found.append(Span(pos, span.end))
    return [s for s in found if s.end > s.start]


def kremlin_item(url: str) -> tuple[str | None, str | None]:
    """(item number, supplement number) of a kremlin.ru address."""
    r = load_rules()
    host = urlsplit(url).hostname or ""
    if host not in r.kremlin_hosts:
        return None, None
    for kind, rx in r.kremlin_item:
        m = rx.search(urlsplit(url).path)
        if m:
            return (None, m["id"]) if kind == "supplement" else (m["id"], None)
    return None, None


ACCEPTED = ("expected a document of the genre: a kremlin.ru page saved as text (any of its versions), a statement "
            "or transcript as plain text, a saved HTML page, or a CSV/JSON Lines table with one document per row")
