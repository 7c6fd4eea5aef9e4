"""Reader for an English kremlin.ru event page saved as text (menus, content, footer)."""

from __future__ import annotations

import re
from pathlib import Path

from .. import rules
from ..errors import FormatError
from . import dates, links
from .paragraphs import lines
from .source import SourceDocument, Span

FORMAT = "kremlin-en-page"


def _cfg() -> dict:
    return rules.load("pages")["en_page"]  # type: ignore[no-any-return]


def looks_like(text: str) -> bool:
    head = text[:3000]
    return any(sig in head for sig in _cfg()["signatures"][:1]) or any(
        sig in text for sig in _cfg()["signatures"][1:]
    )


def read(path: Path, text: str, checksum: str) -> SourceDocument:
    cfg = _cfg()
    spans = lines(text)
    line_text = [s.of(text) for s in spans]

    date_index = next((i for i, t in enumerate(line_text) if dates.parse_en_date(t)), None)
    if date_index is None:
        raise FormatError(
            "no date line such as 'March 26, 2021' — the page is truncated or not an event page", path=path
        )
    date = dates.parse_en_date(line_text[date_index])
    assert date is not None

    header = _header_lines(line_text, date_index, cfg)
    if not header:
        raise FormatError("no title above the date line", path=path)
    title = spans[header[0]]
    lead = Span(spans[header[1]].start, spans[header[-1]].end) if len(header) > 1 else None

    # The block right under the date: time, place, photo captions; it ends at the first blank line.
    i = date_index + 1
    block: list[int] = []
    while i < len(spans) and line_text[i]:
        block.append(i)
        i += 1
    time = dates.parse_time(line_text[block[0]]) if block else None
    if time is not None:
        block = block[1:]
    place = None
    if block and _looks_like_place(line_text[block[0]]):
        place = spans[block[0]]
        block = block[1:]
    captions: list[Span] = []
    seen: set[str] = set()
    for j in block:
        if line_text[j] not in seen:
            seen.add(line_text[j])
            captions.append(spans[j])

    footer_index = next(
        (k for k in range(i, len(spans)) if line_text[k] in cfg["footer_headings"]), None
    )
    if footer_index is None:
        raise FormatError(
            "the page ends before its footer (no 'See also', 'Topics' or 'Publication status') — "
            "it looks truncated; save the whole page",
            path=path,
        )
    preamble, body = _body(spans[i:footer_index], line_text[i:footer_index], cfg)
    doc = SourceDocument(
        path=str(path),
        file_name=path.name,
        checksum=checksum,
        text=text,
        format=FORMAT,
        language="en",
        title=title,
        date=date,
        time=time,
        lead=lead,
        place=place,
        captions=captions,
        preamble=preamble,
        body=body,
    )
    _footer(doc, line_text[footer_index:], cfg, path)
    if cfg["licence_marker"] in text:
        doc.licence = cfg["licence"]
    if cfg["publisher_marker"] in text:
        doc.publisher = cfg["publisher_marker"]
    if not (doc.url or doc.direct_link):
        raise FormatError(
            "the page has no 'Direct link' and no kremlin.ru URL — it looks truncated", path=path
        )
    return doc


def _header_lines(line_text: list[str], date_index: int, cfg: dict) -> list[int]:
    """Indexes of the title and lead lines: the content lines between the chrome and the date."""
    chrome_end = re.compile(cfg["chrome_end"])
    start = 0
    for k in range(date_index - 1, -1, -1):
        if chrome_end.match(line_text[k]) or line_text[k].lstrip().startswith("•"):
            start = k + 1
            break
    picked = [k for k in range(start, date_index) if line_text[k]]
    if picked and line_text[picked[0]] in cfg["categories"]:
        picked = picked[1:]
    return picked


def _looks_like_place(line: str) -> bool:
    return not line.endswith((".", "!", "?", ")")) and len(line.split()) <= 8


def _body(spans: list[Span], texts: list[str], cfg: dict) -> tuple[list[Span], list[Span]]:
    """Split the content into the part before the transcript and the transcript itself."""
    keep = [
        (s, t) for s, t in zip(spans, texts, strict=True) if t and t not in cfg["omission_markers"]
    ]
    separator = next((n for n, (_, t) in enumerate(keep) if t == cfg["transcript_separator"]), None)
    if separator is None:
        return [], [s for s, _ in keep]
    return [s for s, _ in keep[:separator]], [s for s, _ in keep[separator + 1 :]]


def _footer(doc: SourceDocument, texts: list[str], cfg: dict, path: Path) -> None:
    fields = {name: re.compile(rx) for name, rx in cfg["footer_fields"].items()}
    url = re.compile(cfg["url"])
    heading: str | None = None
    pending_title: str | None = None
    for line in texts:
        if not line:
            continue
        if line in cfg["footer_headings"]:
            heading = line
            continue
        matched = False
        for name, rx in fields.items():
            m = rx.match(line)
            if m:
                matched = True
                _set_field(doc, name, m["value"].strip(), path)
        if matched:
            continue
        if url.match(line):
            doc.url = doc.url or _checked_address(line, "page URL", path)
            continue
        bullet = line.startswith("•")
        value = line.lstrip("• ").strip()
        if heading == "See also":
            if dates.parse_en_date(value) and pending_title:
                doc.see_also.append(pending_title)
                pending_title = None
            else:
                if pending_title:
                    doc.see_also.append(pending_title)
                pending_title = value
        elif heading == "Topics" and bullet:
            doc.topics.append(value)
        elif heading == "Persons" and bullet:
            doc.persons_listed.append(value)
    if pending_title:
        doc.see_also.append(pending_title)
    doc.topics = _one_per_concept(doc.topics)
    doc.sections = _one_per_concept(doc.sections)
    if doc.url is None and doc.direct_link is None:
        return
    item = re.search(r"/d/([0-9]+)", doc.direct_link or "") or re.search(r"/([0-9]+)/?$", doc.url or "")
    if item:
        doc.kremlin_id = item[1]


def _set_field(doc: SourceDocument, name: str, value: str, path: Path) -> None:
    if name == "sections":
        doc.sections = [s.strip() for s in value.split(",") if s.strip()]
    elif name == "direct_link":
        doc.direct_link = _checked_address(value if value.startswith("http") else f"http://{value}",
                                           "'Direct link'", path)
    elif name == "last_updated":
        doc.last_updated = dates.parse_en_datetime(value)


def _checked_address(value: str, what: str, path: Path) -> str:
    """The address itself, or a FormatError when it cannot be published as an IRI (see links.py)."""
    why = links.problem(value)
    if why is not None:
        raise FormatError(f"the {what} {value!r} is not a usable web address: {why}", path=path,
                          hint="the page looks damaged; save it again from the site")
    return value


def _one_per_concept(labels: list[str]) -> list[str]:
    """Topics or sections, each concept once: labels that differ only in case, spacing or punctuation ('Security',
    'security!') mint one concept IRI, which may carry one English label, so the first one printed is kept."""
    from ..build.iris import slugify

    seen: set[str] = set()
    kept: list[str] = []
    for label in labels:
        if label and slugify(label) not in seen:
            seen.add(slugify(label))
            kept.append(label)
    return kept
