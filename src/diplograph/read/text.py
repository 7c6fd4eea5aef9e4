"""Reader for any text of the genre: a page saved in one of the layouts of rules/layouts.yaml, or plain text.

The site furniture (menus, accessibility settings, clocks, tickers, breadcrumbs, footers) is dropped by the rules;
what is left is the document: its title (or, when it prints none, its first sentence, marked as inferred), its date
(a date line, a closing "Month D, YYYY, place" line, the first paragraphs, or unknown), place, URL, body paragraphs
and participants list. A text cut off before its end is an excerpt, built as far as it goes. Only a text with no
readable content is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import rules
from ..errors import FormatError
from . import dates, links
from .paragraphs import lines
from .paragraphs import trim as trim_span
from .source import SourceDocument, Span

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"(A-ZА-ЯЁ0-9])")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _squeeze(line: str) -> str:
    return _SPACES.sub(" ", line).strip().casefold()


@dataclass(frozen=True)
class _Rules:
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
def _rules() -> _Rules:
    cfg = rules.load("layouts")
    furn = cfg["furniture"]
    headings = cfg["footer"]["headings"]
    return _Rules(
        head=cfg["head"],
        layouts=cfg["layouts"],
        licences=cfg["licences"],
        furniture_lines=frozenset(_squeeze(x) for x in furn["lines"]),
        furniture=_any(furn["patterns"]),
        clocks=_any(furn["clocks"]),
        breadcrumb=re.compile(furn["breadcrumb"]),
        chrome_end=_any(furn["chrome_end"]),
        sections=frozenset(x.casefold() for x in furn["sections"]),
        footer_headings=frozenset(_squeeze(x) for x in headings),
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


@dataclass
class _Page:
    """What the reader has found so far."""

    text: str
    content: list[Span] = field(default_factory=list)
    furniture: list[Span] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    direct_link: str | None = None


def language_of(text: str) -> str:
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def layout_of(text: str, url: str | None) -> dict:
    """The first layout of rules/layouts.yaml whose signatures the head of the text (or its URL) shows."""
    r = _rules()
    head = [ln for ln in (t.strip() for t in text.split("\n", r.head * 2)[: r.head * 2]) if ln][: r.head]
    squeezed = {_squeeze(ln) for ln in head}
    for layout in r.layouts:
        if url and any(re.search(p, url) for p in layout.get("url", [])):
            return layout
        if squeezed & {_squeeze(x) for x in layout.get("lines", [])}:
            return layout
        if any(re.search(p, ln) for p in layout.get("patterns", []) for ln in head):
            return layout
    return r.layouts[-1]


def _is_furniture(line: str, r: _Rules) -> bool:
    return _squeeze(line) in r.furniture_lines or bool(r.furniture.search(line)) or bool(r.breadcrumb.match(line))


def _signature(layout: dict) -> re.Pattern[str]:
    """A line that is one of the layout's signatures (the site's name in its header)."""
    lines_ = [rf"^\s*{re.escape(x)}\s*$" for x in layout.get("lines", [])]
    return re.compile("|".join(lines_ + list(layout.get("patterns", []))) or "(?!)", re.I)


def _split_page(text: str, path: Path, layout: dict) -> _Page:
    """Separate the content lines from the furniture, the footer and the URL lines."""
    r = _rules()
    page = _Page(text)
    header = _signature(layout)
    spans = [s for s in lines(text) if s.end > s.start]
    chrome = next((k for k, s in enumerate(spans) if r.chrome_end.match(s.of(text))), None)
    if chrome is not None and chrome < len(spans) - 1:
        page.furniture += spans[: chrome + 1]
        spans = spans[chrome + 1 :]
    footer = False
    for k, span in enumerate(spans):
        line = span.of(text)
        m = r.url_line.match(line)
        if m:
            page.urls.append(_checked(m["value"], path))
            page.furniture.append(span)
            continue
        if footer or (page.content and _squeeze(line) in r.footer_headings):
            footer = True
            page.furniture.append(span)
            _footer_field(page, line, path)
            continue
        neighbours = [spans[j].of(text) for j in (k - 1, k + 1) if 0 <= j < len(spans)]
        is_clock_date = dates.parse_date_line(line) is not None and any(r.clocks.match(n) for n in neighbours)
        crumb = r.breadcrumb.match(line)
        if crumb and _squeeze(crumb["section"]) not in r.breadcrumb_generic:
            page.sections.append(_SPACES.sub(" ", crumb["section"]).strip())
        in_header = not page.content and (line.casefold() in r.sections or bool(header.search(line)))
        if _is_furniture(line, r) or is_clock_date or in_header:
            page.furniture.append(span)
            continue
        page.content.append(span)
    return page


def _footer_field(page: _Page, line: str, path: Path) -> None:
    for name, patterns in _rules().fields.items():
        for rx in patterns:
            m = rx.match(line)
            if not m:
                continue
            value = m["value"].strip()
            if name == "sections":
                page.sections += [s.strip() for s in value.split(",") if s.strip()]
            elif name == "direct_link":
                page.direct_link = _checked(value if value.startswith("http") else f"http://{value}", path)


def _checked(value: str, path: Path) -> str:
    why = links.problem(value)
    if why is not None:
        raise FormatError(f"the address {value!r} in the text is not a usable web address: {why}", path=path,
                          hint="the text looks damaged; copy the address again from the site")
    return value


def _one_line(page: _Page, path: Path) -> None:
    """A page saved as one line (a scraper's output): its leading section word and its inline footer are
    furniture, and the rest is cut into sentences, each a paragraph."""
    r = _rules()
    text = page.text
    (line,) = page.content
    start, end = line.start, line.end
    first = _WORD.match(text, start)
    if first and first.group().casefold() in r.sections:
        page.furniture.append(Span(start, first.end()))
        start = first.end() + 1
    kept = _cut_inline_footer(page, Span(start, end), path)
    page.content = []
    for n, piece in enumerate(kept):
        start = piece.start
        if n == 0:
            found = dates.find_date(text[start : min(piece.end, start + r.title_max)])
            if found and found[1] > 0 and not re.search(r"[.!?]", text[start : start + found[1]]):
                # "Совместное заявление … 13 марта 2025 года По приглашению …": the title, then its date.
                page.content += [Span(start, start + found[1] - 1), Span(start + found[1], start + found[2])]
                start += found[2] + 1
        page.content += sentence_spans(text, Span(start, piece.end))


def _cut_inline_footer(page: _Page, span: Span, path: Path) -> list[Span]:
    """A paragraph with the page's boxes and footer run into it: each "see also" box is cut out, the footer (to
    the end) becomes furniture and its fields are read; what is left is one span or several."""
    r = _rules()
    text = page.text
    tail = r.footer_inline.search(text, span.start, span.end)
    end = span.end
    if tail is not None:
        # The footer's first heading may follow no sentence end ("… года Темы …", "<…> Смотрите также …"): the
        # earliest heading in the stretch before the one found starts it.
        window = max(span.start, tail.start() - r.footer_reach)
        earlier = r.footer_any.search(text, window, tail.start() + 1)
        start = earlier.start() if earlier else tail.start()
        footer = Span(start + 1, span.end)
        page.furniture.append(footer)
        _inline_fields(page, footer.of(text), path)
        end = start
    pieces: list[Span] = []
    pos = span.start
    for box in r.see_also.finditer(text, span.start, end):
        page.furniture.append(Span(box.start() + 1, box.end()))
        pieces.append(Span(pos, box.start()))
        pos = box.end()
    last = trim_span(text, Span(pos, end))
    if pieces and any(text.startswith(h + " ", last.start) for h in r.footer_words):
        page.furniture.append(last)  # the footer, right after a box: "… года География Иран Темы …"
    else:
        pieces.append(last)
    return [p for p in (trim_span(text, p) for p in pieces) if p.end > p.start]


def _inline_fields(page: _Page, words: str, path: Path) -> None:
    for name, patterns in _rules().inline_fields.items():
        for rx in patterns:
            m = rx.search(words)
            if not m:
                continue
            value = m["value"].strip()
            if name == "sections" and not page.sections:
                page.sections = [s.strip() for s in value.split(",") if s.strip()]
            elif name == "direct_link" and page.direct_link is None:
                page.direct_link = _checked(value if value.startswith("http") else f"http://{value}", path)


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


def participant_entries(text: str, paragraphs: list[Span]) -> list[Span]:
    """One span per person of a participants list: from where an entry starts (rules: participant_entry) to the
    next entry, heading or the paragraph's end. A paragraph holds a list when two entries start in it, or it
    starts with one."""
    r = _rules()
    entries: list[Span] = []
    for para in paragraphs:
        starts = sorted({m.start() for m in r.entry_start.finditer(text, para.start, para.end)}
                        | set(_foreign_starts(text, para, r)))
        if not starts or (len(starts) < 2 and starts[0] != para.start):
            continue
        for n, begin in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else para.end
            cut = r.entry_stop.search(text, begin, stop)
            if cut:
                stop = cut.start()
            end = stop
            while end > begin and (text[end - 1].isspace() or text[end - 1] in ",;"):
                end -= 1
            if end > begin:
                entries.append(Span(begin, end))
    return entries


_CAPITALISED = re.compile(r"[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?$")


def _foreign_starts(text: str, para: Span, r: _Rules) -> list[int]:
    """Where "Given names SURNAME – office" entries start: the capitalised words before the surname, back to
    `given_max` of them, stopping at a word that belongs to the previous entry's office."""
    found: list[int] = []
    for m in r.entry_surname.finditer(text, para.start, para.end):
        words = text[para.start : m.start()].split(" ")[:-1] if m.start() > para.start else []
        taken = 0
        for k in range(len(words) - 1, -1, -1):
            word = words[k]
            before = words[k - 1] if k > 0 else ""
            if taken >= r.given_max or not _CAPITALISED.match(word) or word.endswith(r.office_endings):
                break
            if taken and before.endswith(r.office_endings) and _CAPITALISED.match(before):
                break
            taken += 1
        if taken:
            found.append(m.start() - sum(len(w) + 1 for w in words[len(words) - taken :]))
    return found


def counterpart_entries(text: str, lead: Span | None) -> list[Span]:
    """The other side of a two-sided event its lead reports: "had a telephone conversation with President of the
    United States Joseph Biden" → one span per person ("X and Y", "X, Y" are two)."""
    if lead is None:
        return []
    r = _rules()
    cue = r.with_cues.search(text, lead.start, lead.end)
    if cue is None:
        return []
    sentence_end = next((s.end for s in sentence_spans(text, lead) if s.end > cue.end()), lead.end)
    end = sentence_end
    while end > cue.end() and text[end - 1] in ".!?;, ":
        end -= 1
    topic = re.compile(r" (?:on|to|about|regarding|о|об|по) ")  # what the event was about, not who took part
    cut = topic.search(text, cue.end(), end)
    if cut:
        end = cut.start()
    entries: list[Span] = []
    pos = cue.end()
    for m in re.compile(r",? (?:and|и) |, ").finditer(text, pos, end):
        entries.append(Span(pos, m.start()))
        pos = m.end()
    entries.append(Span(pos, end))
    return [e for e in entries if e.end > e.start and text[e.start].isupper()]


def kremlin_item(url: str) -> tuple[str | None, str | None]:
    """(item number, supplement number) of a kremlin.ru address."""
    r = _rules()
    host = urlsplit(url).hostname or ""
    if host not in r.kremlin_hosts:
        return None, None
    for kind, rx in r.kremlin_item:
        m = rx.search(urlsplit(url).path)
        if m:
            return (None, m["id"]) if kind == "supplement" else (m["id"], None)
    return None, None


def _inferred_title(text: str, first: Span) -> Span:
    """The first sentence of the first paragraph, cut at a word boundary when it is long."""
    r = _rules()
    sentence = sentence_spans(text, first)[0]
    if sentence.end - sentence.start <= r.inferred_max:
        return sentence
    cut = text.rfind(" ", sentence.start, sentence.start + r.inferred_max)
    return Span(sentence.start, cut if cut > sentence.start else sentence.start + r.inferred_max)


def _looks_like_title(line: str) -> bool:
    r = _rules()
    return len(line) <= r.title_max and not line.endswith(r.title_not_ending) and len(_WORD.findall(line)) >= 1


def _looks_like_place(line: str) -> bool:
    return not line.endswith((".", "!", "?", ")", ":", ";", ",")) and 0 < len(line.split()) <= 6


def read(path: Path, text: str, checksum: str, *, url: str | None = None, collapsed: bool = False) -> SourceDocument:
    """Read a text in any layout of rules/layouts.yaml; `url` is the source address when it is known from
    elsewhere (a table column, the page's markup). `collapsed`: the paragraphs were run together (a scraped
    table's cells), so a long paragraph is read as its sentences."""
    r = _rules()
    page = _split_page(text, path, layout_of(text, url))
    if not page.content:
        raise FormatError("no text: the file holds only site furniture (menus, settings, links)", path=path,
                          hint=ACCEPTED)
    if collapsed:
        page.content = [piece for c in page.content for piece in _cut_inline_footer(page, c, path)]
    elif len(page.content) == 1 and page.content[0].end - page.content[0].start >= r.one_line_min:
        _one_line(page, path)
    content = page.content
    words = sum(len(_WORD.findall(s.of(text))) for s in content)
    if len(content) < 2 and words < 8:
        raise FormatError("no text: only a heading and nothing under it", path=path, hint=ACCEPTED)
    record: list[str] = []
    texts = [s.of(text) for s in content]

    # The date line (with a time), among the first lines; the title and lead above it, time and place below.
    date: dt.date | None = None
    time: dt.time | None = None
    date_found = "unknown"
    place: Span | None = None
    title: Span | None = None
    lead: Span | None = None
    taken: set[int] = set()
    date_at = next((k for k in range(min(4, len(texts))) if dates.parse_date_line(texts[k])), None)
    opening: tuple[dt.date, dt.time | None, int] | None = None
    if date_at is None and len(content) > 1 and _looks_like_title(texts[0]):
        # "13 марта 2025 года 10:10 Москва, Кремль": a date line with the place on it.
        k = 1
        opening = dates.date_opening(texts[k]) if k < len(texts) else None
        if opening and len(texts[k]) - opening[2] < 60:
            date_at = k
    if date_at is not None:
        if opening:
            date, time, length = opening
            rest = Span(content[date_at].start + length, content[date_at].end)
            rest = Span(rest.start + len(rest.of(text)) - len(rest.of(text).lstrip()), rest.end)
            if rest.end > rest.start:
                place = rest
        else:
            found = dates.parse_date_line(texts[date_at])
            assert found is not None
            date, time = found
        date_found = "date line"
        taken.add(date_at)
        above = [k for k in range(date_at)]
        if above:
            title = content[above[0]]
            taken.update(above)
            if len(above) > 1:
                lead = Span(content[above[1]].start, content[above[-1]].end)
        nxt = date_at + 1
        if time is None and nxt < len(texts) and dates.parse_time(texts[nxt]):
            time = dates.parse_time(texts[nxt])
            taken.add(nxt)
            nxt += 1
        if place is None and nxt < len(texts) - 1 and _looks_like_place(texts[nxt]) and title is not None:
            place = content[nxt]
            taken.add(nxt)
    rest_k = [k for k in range(len(content)) if k not in taken]
    if title is None and len(rest_k) > 1 and _looks_like_title(texts[rest_k[0]]):
        title = content[rest_k[0]]
        taken.add(rest_k[0])
        rest_k = rest_k[1:]

    # A closing date line ("July 9, 2021" or "June 28, 2021, Moscow") ends the text.
    if rest_k and len(rest_k) > 1:
        closing = dates.parse_closing_line(texts[rest_k[-1]])
        if closing:
            if date is None:
                date, date_found = closing[0], "closing line"
            taken.add(rest_k[-1])
            rest_k = rest_k[:-1]

    body_all = [content[k] for k in rest_k if texts[k] not in r.omissions]
    if not body_all:
        raise FormatError("no text: a heading and a date but no paragraphs under them", path=path, hint=ACCEPTED)
    entries = participant_entries(text, body_all)
    if collapsed:
        listed = {e.start for e in entries}
        body_all = [s for para in body_all for s in (
            [para] if any(para.start <= e < para.end for e in listed) or para.end - para.start < 400
            else sentence_spans(text, para))]
    separator = next((n for n, s in enumerate(body_all) if s.of(text) in r.separators), None)
    preamble: list[Span] = []
    body = body_all
    if separator is not None:
        preamble, body = body_all[:separator], body_all[separator + 1 :]
    if date is None:
        for para in body_all[: r.body_date_paragraphs]:
            found_in = dates.find_date(para.of(text))
            if found_in:
                date, date_found = found_in[0], "body"
                break
    if date is None:
        record.append("no date in the text: the date is unknown")
    elif date_found != "date line":
        record.append(f"the date is taken from the {date_found}")
    title_inferred = title is None
    if title is None:
        title = _inferred_title(text, body_all[0])
        record.append("no title line: the title is the text's first sentence")
    # A participants list (and the heading above it) ends without a full stop: the prose before it decides.
    first_list = next((n for n, p in enumerate(body_all) if any(p.start <= e.start < p.end for e in entries)), None)
    prose = body_all if first_list is None else body_all[:first_list]
    while first_list is not None and prose and (_looks_like_title(prose[-1].of(text))
                                                or prose[-1].of(text).rstrip().endswith(":")):
        prose = prose[:-1]  # the list's heading ("С российской стороны:", "Участники переговоров …")
    excerpt = bool(prose) and not prose[-1].of(text).rstrip().endswith(r.complete_endings)
    if excerpt:
        record.append("the text stops mid-sentence: it is an excerpt")

    address = url or (page.urls[0] if page.urls else None) or page.direct_link
    if address is not None:
        address = _checked(address, path)
    layout = layout_of(text, address)
    doc = SourceDocument(
        path=str(path), file_name=path.name, checksum=checksum, text=text, format=layout["id"],
        language=language_of(" ".join(texts[:20])), title=title, date=date, time=time, lead=lead, place=place,
        preamble=preamble if separator is not None else [], body=body, url=address, direct_link=page.direct_link,
        sections=page.sections, date_found=date_found, title_inferred=title_inferred, excerpt=excerpt,
        furniture=page.furniture, record=record,
    )
    if address is None:
        record.append("no source URL in the text")
    for candidate in [page.direct_link, address, *page.urls]:
        if candidate:
            item, supplement = kremlin_item(candidate)
            if item or supplement:
                doc.kremlin_id, doc.supplement_id = item, supplement
                break
    licence = layout.get("licence")
    if licence:
        doc.licence = r.licences[licence]
    doc.participant_entries = entries or counterpart_entries(
        text, lead or (body_all[0] if body_all else None))
    return doc


ACCEPTED = ("expected a document of the genre: a kremlin.ru page saved as text (any of its versions), a statement "
            "or transcript as plain text, a saved HTML page, or a CSV/JSON Lines table with one document per row")
