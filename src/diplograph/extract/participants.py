"""Participants of the reported event, with the office printed before each name.

Three ways a page names them:

* English pages link names: `Office Given Surname Surname Given Surname GivenOfficial title ,` — the name,
  the tooltip (surname-first, twice; a Chinese name, already surname-first, repeats as printed) with the
  official title glued to it, then a space before the comma. A known person named without a link in a
  sentence that lists linked ones is a participant too.
* A participants sentence in plain words ("В совещании приняли участие Председатель Правительства Михаил
  Мишустин, …", "The meeting was attended by …"): a list of `office name` items.
* The lead of a talks or telephone-conversation item ("Vladimir Putin had a telephone conversation with
  President of the United States of America Joseph Biden."): the host and the counterpart.
"""

from __future__ import annotations

import bisect
import re

from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .anchors import TRAILING_NAME, Anchor, office_before
from .counterparts import chaired_by, lead_counterparts
from .entries import english_entry, parse_entries
from .facts import Participant, Ref
from .positions import ByPosition
from .text import cue_list, find_cue, sentences

# A name is a whole token (possessive, after no name character): trying every position inside a long token, or
# every place to end the name, would make the search quadratic in the token's length.
_NAME = r"(?<![\w'’.-])[A-Z][\w'’.-]*+"
TOOLTIP = re.compile(
    rf"(?P<given>{_NAME}(?: {_NAME})?) (?P<surname>{_NAME}(?: {_NAME})?) "
    r"(?P=surname) (?P=given) (?P=surname) (?P=given)"
)
# A name printed surname first (Xi Jinping): the tooltip repeats it unchanged.
TOOLTIP_SAME_ORDER = re.compile(
    rf"(?P<surname>{_NAME}) (?P<given>{_NAME}) (?P=surname) (?P=given) (?P=surname) (?P=given)"
)
# A Russian page's tooltip: "Сергей Лавров Лавров Сергей Викторович Министр иностранных дел Российской Федерации ,"
# — the printed name, then surname, given name and patronymic, then the official title up to " ,".
_RU_NAME = r"(?<![\w'’.-])[А-ЯЁ][\w'’.-]*+"
TOOLTIP_RU = re.compile(
    rf"(?P<given>{_RU_NAME}) (?P<surname>{_RU_NAME}) (?P=surname) (?P=given) (?P<patronymic>{_RU_NAME}) ?"
)
# Where the glued official title stops: the tooltip's " ," or the end of the clause.
MAX_TITLE = 300  # characters
_TITLE_END = re.compile(r" ,| and (?=[a-z])|\.(?:\s|$)|;|$")
# Separators of the items of a plain participants list.
_ITEM_SEPARATOR = re.compile(r",\s+|\s+(?:и|and)\s+")


def find_participants(doc: SourceDocument, linker: Linker) -> list[Participant]:
    found: list[Participant] = []
    seen: set[str] = set()

    def add(anchor: Anchor, office: str | None) -> None:
        if anchor.person.slug in seen:
            return
        seen.add(anchor.person.slug)
        title = anchor.title
        office_ref = linker.office(office, doc.language, title) if office else (
            linker.office(title, doc.language) if title else None
        )
        found.append(Participant(anchor.person, office_ref, office, title, Span(anchor.start, anchor.end)))

    for para in doc.preamble + doc.body:
        _paragraph(doc, linker, para, add)
    for anchor, office in lead_counterparts(doc, linker):
        add(anchor, office)
    for anchor, office in _entries(doc, linker):
        add(anchor, office)
    for anchor, office in chaired_by(doc, linker):
        add(anchor, office)
    return found


def _entries(doc: SourceDocument, linker: Linker) -> list[tuple[Anchor, str | None]]:
    """The people of a participants list: the reader's entries (one per person), and "SURNAME Given – office"
    entries in the paragraphs before the transcript."""
    out: list[tuple[Anchor, str | None]] = []
    listed = len(doc.participant_entries)
    for n, span in enumerate(doc.participant_entries + doc.preamble):
        entries = parse_entries(doc.text, span, doc.language)
        if not entries and n < listed:
            entries = [e for e in [english_entry(doc.text, span)] if e is not None]
        for e in entries:
            out.append((Anchor(linker.person(e.name, doc.language), e.span.start, e.span.end), e.office))
    return out


def _paragraph(doc: SourceDocument, linker: Linker, para: Span, add) -> None:  # type: ignore[no-untyped-def]
    """Participants named in one paragraph: linked names, and names in participants sentences."""
    text = doc.text
    anchors = _tooltips(doc, linker, para)
    # The anchors by position, for the questions asked per sentence and per name; the list keeps their order.
    taken: ByPosition[Anchor] = ByPosition((a, a.start, a.tail) for a in anchors)
    floors: dict[int, int] = {}
    cues = cue_list("participant_cues", doc.language)
    for sentence in sentences(text, para):
        in_sentence = taken.any_starting_in(sentence.start, sentence.end)
        cue = find_cue(sentence.of(text), cues)
        if not in_sentence and cue is None:
            continue
        floor = sentence.start + cue[0] + len(cue[1]) if cue is not None else sentence.start
        extra = _named(doc, linker, Span(floor, sentence.end), taken, plain=cue is not None and not in_sentence)
        anchors += extra
        for a in extra:
            floors.setdefault(a.start, floor)
    anchors.sort(key=lambda a: a.start)
    _cut_titles(text, anchors)
    floor = para.start
    for anchor in anchors:
        floor = max(floor, floors.get(anchor.start, floor))
        if anchor.plain:
            office = _item_office(text, floor, anchor.start)
        elif doc.language == "ru":
            office = _ruoffice_before(text, floor, anchor.start, cues)
        else:
            office = office_before(text, floor, anchor.start)
        add(anchor, office)
        floor = anchor.tail


def _ruoffice_before(text: str, floor: int, at: int, cues: list[str]) -> str | None:
    """The office before a name in a Russian list ("…, помощник Президента Юрий Ушаков Ушаков Юрий Викторович …"):
    Russian offices are not capitalised, so it is the words after the last separator or participants cue, up to
    a dozen words."""
    segment = text[max(floor, at - 300) : at]
    cut = max(segment.rfind(" , "), segment.rfind(", "), segment.rfind(". "), segment.rfind(": "), segment.rfind("; "))
    segment = segment[cut + 2 :] if cut != -1 else segment
    found = find_cue(segment, cues)
    while found is not None:
        segment = segment[found[0] + len(found[1]) :]
        found = find_cue(segment, cues)
    words = segment.split()
    office = " ".join(words[-12:]).strip(" ,;:") if words and len(words) <= 12 else None
    return office or None


def _item_office(text: str, floor: int, at: int) -> str | None:
    """The office in a plain list item: everything between the previous name (or the cue) and this one."""
    item = re.sub(r"^(?:[\s,;:]|и\s|and\s)+", "", text[floor:at]).strip(" ,;:")
    return item or None


def _tooltips(doc: SourceDocument, linker: Linker, para: Span) -> list[Anchor]:
    text = doc.text
    out: list[Anchor] = []
    first: list[tuple[int, int]] = []  # matches of the first pattern, in order and not overlapping each other
    for rx in (TOOLTIP, TOOLTIP_SAME_ORDER, TOOLTIP_RU):
        for m in rx.finditer(text, para.start, para.end):
            if rx is TOOLTIP:
                first.append((m.start(), m.end()))
            elif rx is TOOLTIP_SAME_ORDER:
                i = bisect.bisect_left(first, (m.end(), -1))  # the first-pattern matches that start before m ends
                if i and first[i - 1][1] > m.start():
                    continue
            if rx is TOOLTIP_SAME_ORDER:
                name = f"{m['surname']} {m['given']}"
            else:
                name = f"{m['given']} {m['surname']}"
            # A glued title is a few words: looking further than MAX_TITLE would make a long paragraph quadratic.
            window = min(para.end, m.end() + MAX_TITLE)
            title_match = _TITLE_END.search(text, m.end(), window)
            title_end = title_match.start() if title_match else window
            title = text[m.end() : title_end].strip() or None
            person = linker.person(name, doc.language)
            out.append(Anchor(person, m.start(), m.start() + len(name), title, title_end))
    return out


def _named(
    doc: SourceDocument, linker: Linker, span: Span, taken: ByPosition[Anchor], plain: bool
) -> list[Anchor]:
    """Persons named without a link in a participants sentence; in a plain list, unknown names too. `taken` holds
    the paragraph's anchors found so far; the ones found here are added to it as they are found."""
    text = doc.text
    out: list[Anchor] = []

    def free(start: int, end: int) -> bool:
        return not taken.overlapping(start, end)

    def found(anchor: Anchor) -> None:
        out.append(anchor)
        taken.add(anchor, anchor.start, anchor.tail)

    groups = linker.matcher.find(text, span.start, span.end)
    others: ByPosition[None] = ByPosition()  # names of bodies and instruments: no person's name overlaps them
    for group in groups:
        persons = [m for m in group if m.entity.category == "person"]
        if not persons:
            others.add(None, group[0].start, group[0].end)
            continue
        chosen = linker.choose(persons, span.of(text), doc.date, set())
        if free(chosen.start, chosen.end):
            found(Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end, plain=plain))
    if not plain:
        return out
    pos = span.start
    for sep in list(_ITEM_SEPARATOR.finditer(text, span.start, span.end)) + [None]:
        item_end = sep.start() if sep else span.end
        m = TRAILING_NAME.search(text, pos, item_end)
        if m and free(m.start(1), m.end(1)) and not others.overlapping(m.start(1), m.end(1)):
            name = m[1]
            if linker.office(name, doc.language).entity is None:
                found(Anchor(linker.person(name, doc.language), m.start(1), m.end(1), plain=True))
        pos = sep.end() if sep else span.end
    return out


def _cut_titles(text: str, anchors: list[Anchor]) -> None:
    """A glued title runs into the next name only through "and": "…Republic of Iran and President of …"."""
    for here, following in zip(anchors, anchors[1:], strict=False):
        if here.title_end is None or here.title_end <= following.start:
            continue
        region = text[here.end : following.start]
        joint = region.rfind(" and ")
        cut = here.end + joint if joint != -1 else following.start
        here.title_end = max(cut, here.end)
        here.title = text[_title_start(text, here) : here.title_end].strip() or None


def _title_start(text: str, anchor: Anchor) -> int:
    """Where the glued title begins: after the tooltip that follows the printed name."""
    for rx in (TOOLTIP, TOOLTIP_SAME_ORDER, TOOLTIP_RU):
        m = rx.match(text, anchor.start)
        if m:
            return m.end()
    return anchor.end


