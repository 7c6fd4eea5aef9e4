"""Reader for any text of the genre: a page saved in one of the layouts of rules/layouts.yaml, or plain text.

The site furniture (menus, accessibility settings, clocks, tickers, breadcrumbs, footers) is dropped by the rules;
what is left is the document: its title (or, when it prints none, its first sentence, marked as inferred), its date
(a date line, a closing "Month D, YYYY, place" line, the first paragraphs, or unknown), place, URL, body paragraphs
and participants list. A text cut off before its end is an excerpt, built as far as it goes. Only a text with no
readable content is refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import FormatError
from . import dates
from .entries import counterpart_entries, participant_entries
from .furniture import cut_inline_footer, one_line, split_page
from .layouts import ACCEPTED, WORD, checked, kremlin_item, language_of, layout_of, load_rules, sentence_spans
from .source import SourceDocument, Span


def _inferred_title(text: str, first: Span) -> Span:
    """The first sentence of the first paragraph, cut at a word boundary when it is long."""
    r = load_rules()
    sentence = sentence_spans(text, first)[0]
    if sentence.end - sentence.start <= r.inferred_max:
        return sentence
    cut = text.rfind(" ", sentence.start, sentence.start + r.inferred_max)
    return Span(sentence.start, cut if cut > sentence.start else sentence.start + r.inferred_max)


def _looks_like_title(line: str) -> bool:
    r = load_rules()
    return len(line) <= r.title_max and not line.endswith(r.title_not_ending) and len(WORD.findall(line)) >= 1


def _looks_like_place(line: str) -> bool:
    return not line.endswith((".", "!", "?", ")", ":", ";", ",")) and 0 < len(line.split()) <= 6


def read(path: Path, text: str, checksum: str, *, url: str | None = None, collapsed: bool = False) -> SourceDocument:
    """Read a text in any layout of rules/layouts.yaml; `url` is the source address when it is known from
    elsewhere (a table column, the page's markup). `collapsed`: the paragraphs were run together (a scraped
    table's cells), so a long paragraph is read as its sentences."""
    r = load_rules()
    page = split_page(text, path, layout_of(text, url))
    if not page.content:
        raise FormatError("no text: the file holds only site furniture (menus, settings, links)", path=path,
                          hint=ACCEPTED)
    if collapsed:
        page.content = [piece for c in page.content for piece in cut_inline_footer(page, c, path)]
    elif len(page.content) == 1 and page.content[0].end - page.content[0].start >= r.one_line_min:
        one_line(page, path)
    content = page.content
    words = sum(len(WORD.findall(s.of(text))) for s in content)
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
        address = checked(address, path)
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



__all__ = ["ACCEPTED", "layout_of", "participant_entries", "read"]
