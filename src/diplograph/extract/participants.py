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
from dataclasses import dataclass

from ..link.linker import Linker
from ..link.morph import case_of, is_given_name, nominative_name
from ..read.source import SourceDocument, Span
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
# Where the glued official title stops: the tooltip's " ," or the end of the clause.
MAX_TITLE = 300  # characters
_TITLE_END = re.compile(r" ,| and (?=[a-z])|\.(?:\s|$)|;|$")
_CONNECTORS = {"of", "the", "for", "and", "on", "in", "to", "at", "–", "-", "&", "de", "du", "la"}
_OPENERS = {"Also", "The", "And", "Including"}
# Separators of the items of a plain participants list.
_ITEM_SEPARATOR = re.compile(r",\s+|\s+(?:и|and)\s+")
# A person's name closing a list item: two capitalised words (given name and surname).
_TRAILING_NAME = re.compile(r"(?<!\S)([A-ZА-ЯЁ][a-zа-яё'’-]+ [A-ZА-ЯЁ][a-zа-яё'’-]+)\s*[.;:]?\s*$")


@dataclass
class _Anchor:
    """A person's name in a participants sentence, and where the text that belongs to it ends."""

    person: Ref
    start: int
    end: int  # end of the printed name
    title: str | None = None
    title_end: int | None = None  # end of the tooltip's glued official title
    plain: bool = False  # from a plain-words list: the whole item before the name is the office

    @property
    def tail(self) -> int:
        return self.title_end if self.title_end is not None else self.end


def find_participants(doc: SourceDocument, linker: Linker) -> list[Participant]:
    found: list[Participant] = []
    seen: set[str] = set()

    def add(anchor: _Anchor, office: str | None) -> None:
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
    for anchor, office in _lead_counterparts(doc, linker):
        add(anchor, office)
    for anchor, office in _entries(doc, linker):
        add(anchor, office)
    for anchor, office in _chaired_by(doc, linker):
        add(anchor, office)
    return found


# How many opening paragraphs are searched for a chairing phrase or an authorship line.
_OPENING_PARAGRAPHS = 12


def _chaired_by(doc: SourceDocument, linker: Linker) -> list[tuple[_Anchor, str | None]]:
    """"… during a meeting chaired by President Putin": the person right after the cue, with the office before the
    name as written."""
    cues = cue_list("chaired_by_cues", doc.language)
    out: list[tuple[_Anchor, str | None]] = []
    for para in ([doc.title] + doc.preamble + doc.body)[:_OPENING_PARAGRAPHS]:
        for sentence in sentences(doc.text, para):
            hit = find_cue(sentence.of(doc.text), cues)
            if hit is None:
                continue
            after = Span(sentence.start + hit[0] + len(hit[1]), sentence.end)
            persons = _persons(doc, linker, after)
            if persons:
                chosen = persons[0]
                anchor = _Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end)
                out.append((anchor, _office_before(doc.text, after.start, chosen.start)))
    return out


def authorship_line(doc: SourceDocument, linker: Linker) -> tuple[_Anchor, str | None] | None:
    """The author a line before the text names ("Statement by Amb. Andrey Krutskikh, Special Representative …
    at …"), with the office printed after the name's comma, up to "at"/"на" or the line's end."""
    cues = cue_list("authorship_cues", doc.language)
    for para in ([doc.title] + doc.preamble + doc.body)[:_OPENING_PARAGRAPHS]:
        words = para.of(doc.text)
        hit = find_cue(words[:40], cues)
        if hit is None or hit[0] > 3:
            continue
        persons = _persons(doc, linker, Span(para.start + hit[0] + len(hit[1]), para.end))
        if not persons:
            continue
        chosen = persons[0]
        rest = doc.text[chosen.end : para.end]
        office = None
        if rest.startswith(","):
            tail = rest[1:]
            stop = re.search(r"\s(?:at|на)\s|[,.;(]", tail)
            office = (tail[: stop.start()] if stop else tail).strip() or None
        return _Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end), office
    return None


def _entries(doc: SourceDocument, linker: Linker) -> list[tuple[_Anchor, str | None]]:
    """The people of a participants list: the reader's entries (one per person), and "SURNAME Given – office"
    entries in the paragraphs before the transcript."""
    out: list[tuple[_Anchor, str | None]] = []
    for span in doc.participant_entries + doc.preamble:
        entries = parse_entries(doc.text, span, doc.language)
        if not entries and span in doc.participant_entries:
            entries = [e for e in [english_entry(doc.text, span)] if e is not None]
        for e in entries:
            out.append((_Anchor(linker.person(e.name, doc.language), e.span.start, e.span.end), e.office))
    return out


def _paragraph(doc: SourceDocument, linker: Linker, para: Span, add) -> None:  # type: ignore[no-untyped-def]
    """Participants named in one paragraph: linked names, and names in participants sentences."""
    text = doc.text
    anchors = _tooltips(doc, linker, para)
    # The anchors by position, for the questions asked per sentence and per name; the list keeps their order.
    taken: ByPosition[_Anchor] = ByPosition((a, a.start, a.tail) for a in anchors)
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
        office = _item_office(text, floor, anchor.start) if anchor.plain else _office_before(text, floor, anchor.start)
        add(anchor, office)
        floor = anchor.tail


def _item_office(text: str, floor: int, at: int) -> str | None:
    """The office in a plain list item: everything between the previous name (or the cue) and this one."""
    item = re.sub(r"^(?:[\s,;:]|и\s|and\s)+", "", text[floor:at]).strip(" ,;:")
    return item or None


def _tooltips(doc: SourceDocument, linker: Linker, para: Span) -> list[_Anchor]:
    text = doc.text
    out: list[_Anchor] = []
    first: list[tuple[int, int]] = []  # matches of the first pattern, in order and not overlapping each other
    for rx in (TOOLTIP, TOOLTIP_SAME_ORDER):
        for m in rx.finditer(text, para.start, para.end):
            if rx is TOOLTIP:
                first.append((m.start(), m.end()))
            else:
                i = bisect.bisect_left(first, (m.end(), -1))  # the first-pattern matches that start before m ends
                if i and first[i - 1][1] > m.start():
                    continue
            if rx is TOOLTIP:
                name = f"{m['given']} {m['surname']}"
            else:
                name = f"{m['surname']} {m['given']}"
            # A glued title is a few words: looking further than MAX_TITLE would make a long paragraph quadratic.
            window = min(para.end, m.end() + MAX_TITLE)
            title_match = _TITLE_END.search(text, m.end(), window)
            title_end = title_match.start() if title_match else window
            title = text[m.end() : title_end].strip() or None
            person = linker.person(name, doc.language)
            out.append(_Anchor(person, m.start(), m.start() + len(name), title, title_end))
    return out


def _named(
    doc: SourceDocument, linker: Linker, span: Span, taken: ByPosition[_Anchor], plain: bool
) -> list[_Anchor]:
    """Persons named without a link in a participants sentence; in a plain list, unknown names too. `taken` holds
    the paragraph's anchors found so far; the ones found here are added to it as they are found."""
    text = doc.text
    out: list[_Anchor] = []

    def free(start: int, end: int) -> bool:
        return not taken.overlapping(start, end)

    def found(anchor: _Anchor) -> None:
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
            found(_Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end, plain=plain))
    if not plain:
        return out
    pos = span.start
    for sep in list(_ITEM_SEPARATOR.finditer(text, span.start, span.end)) + [None]:
        item_end = sep.start() if sep else span.end
        m = _TRAILING_NAME.search(text, pos, item_end)
        if m and free(m.start(1), m.end(1)) and not others.overlapping(m.start(1), m.end(1)):
            name = m[1]
            if linker.office(name, doc.language).entity is None:
                found(_Anchor(linker.person(name, doc.language), m.start(1), m.end(1), plain=True))
        pos = sep.end() if sep else span.end
    return out


def _cut_titles(text: str, anchors: list[_Anchor]) -> None:
    """A glued title runs into the next name only through "and": "…Republic of Iran and President of …"."""
    for here, following in zip(anchors, anchors[1:], strict=False):
        if here.title_end is None or here.title_end <= following.start:
            continue
        region = text[here.end : following.start]
        joint = region.rfind(" and ")
        cut = here.end + joint if joint != -1 else following.start
        here.title_end = max(cut, here.end)
        here.title = text[_title_start(text, here) : here.title_end].strip() or None


def _title_start(text: str, anchor: _Anchor) -> int:
    """Where the glued title begins: after the tooltip that follows the printed name."""
    for rx in (TOOLTIP, TOOLTIP_SAME_ORDER):
        m = rx.match(text, anchor.start)
        if m:
            return m.end()
    return anchor.end


def _lead_counterparts(doc: SourceDocument, linker: Linker) -> list[tuple[_Anchor, str | None]]:
    """"X had a telephone conversation with Office Y": X (office not printed) and Y with the office before.

    The lead is the page's lead, or the first paragraph of a Russian text. The first sentence with a noun of a
    two-sided event decides: persons before its "with"/"с" are hosts, those after it counterparts. A host named
    only by office ("состоялся телефонный разговор Президента России") is the office's holder on that day. When
    that sentence names no counterpart, the rest of the lead may ("Собеседник – Президент Франции Эммануэль
    Макрон."): a person named there, known or not, with the office printed before the name.
    """
    text = doc.text
    cues = cue_list("interaction_cues", doc.language)
    first = doc.lead if doc.lead is not None else _lead_paragraph(doc, cues)
    if first is None:
        return []
    parts = sentences(text, first)
    at = next((k for k, p in enumerate(parts) if find_cue(p.of(text), cues) is not None), None)
    if at is None:
        return []
    sentence = parts[at]
    words = sentence.of(text)
    cue = find_cue(words, cues)
    assert cue is not None
    cue_at = sentence.start + cue[0]
    link = re.compile(r"\s(?:with|со?)\s", re.I).search(text, cue_at, sentence.end)
    split = link.start() if link is not None else cue_at
    out: list[tuple[_Anchor, str | None]] = []
    floor = link.end() if link is not None else sentence.end
    for chosen in _persons(doc, linker, sentence):
        anchor = _Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end)
        if chosen.end <= split:
            out.append((anchor, None))
        elif link is not None and chosen.start >= link.end():
            out.append((anchor, _office_before(text, floor, chosen.start)))
            floor = chosen.end
    if not any(a.start >= split for a, _ in out) and link is not None and doc.language == "ru":
        out += _inflected_counterpart(doc, linker, Span(link.end(), sentence.end))
    if not any(a.start >= split for a, _ in out):
        for later in parts[at + 1 :]:
            out += _apposed(doc, linker, later)
    if not any(a.end <= split for a, _ in out):
        out += [(anchor, None) for anchor in _office_hosts(doc, linker, first)]
    return out


# How many opening paragraphs of a page without a lead may hold its lead sentence (a copy without the page's
# title block starts with its furniture: "View settings", "Font size:", a breadcrumb).
_LEAD_SEARCH = 10
_PARTICLES = {"бен", "бин", "ибн", "аль", "ас", "эль"}


_WORDS = re.compile(r"[^\s,.;:()«»]+")
_NAME_MAX = 5  # words of a name: "Мухаммедом Бен Заидом Аль Нахайяном"


def _inflected_counterpart(doc: SourceDocument, linker: Linker, after: Span) -> list[tuple[_Anchor, str | None]]:
    """An unknown counterpart named after "с" in any case ("с Президентом Исламской Республики Иран Масудом
    Пезешкианом"): the name is the run of words closing the phrase that the dictionary knows as parts of names or
    does not know (foreign names), the office the words before it; the name is put into the nominative in the case
    of the office's first word."""
    text = doc.text
    comma = text.find(",", after.start, after.end)
    end = comma if comma != -1 else after.end
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text, after.start, end)]
    name: list[tuple[int, int]] = []
    for start, stop in reversed(words):
        w = text[start:stop]
        if len(name) >= _NAME_MAX or not w[:1].isupper() or not (is_given_name(w) or w.lower() in _PARTICLES):
            break
        name.insert(0, (start, stop))
    while name and text[name[0][0] : name[0][1]].lower() in _PARTICLES:
        name.pop(0)
    if len(name) < 2 or len(name) == len(words):
        return []
    office = text[words[0][0] : name[0][0]].strip() or None
    if office is None or not office[:1].isupper():
        return []
    written = text[name[0][0] : name[-1][1]]
    nominative = nominative_name(written, case_of(office.split()[0]))
    if linker.office(nominative, doc.language).entity is not None:
        return []
    return [(_Anchor(linker.person(nominative, doc.language), name[0][0], name[-1][1]), office)]


def _lead_paragraph(doc: SourceDocument, cues: list[str]) -> Span | None:
    """The lead of a page that has none marked: the first opening paragraph that is a sentence (not a heading:
    "Telephone conversation with US President Joseph Biden") naming a two-sided event."""
    for para in (doc.preamble + doc.body)[:_LEAD_SEARCH]:
        words = para.of(doc.text).rstrip()
        if words.endswith((".", "!")) and find_cue(words, cues) is not None:
            return para
    return None


def _persons(doc: SourceDocument, linker: Linker, span: Span) -> list:  # type: ignore[type-arg]
    """Reference persons named in a span, one per name."""
    found = []
    for group in linker.matcher.find(doc.text, span.start, span.end):
        persons = [m for m in group if m.entity.category == "person"]
        if persons:
            found.append(linker.choose(persons, span.of(doc.text), doc.date, set()))
    return found


def _apposed(doc: SourceDocument, linker: Linker, sentence: Span) -> list[tuple[_Anchor, str | None]]:
    """Persons a later sentence of the lead names, each with the office printed before the name; an unknown
    person only as a name in the nominative closing the sentence ("… – Премьер-министр ЮАР Томас Вельде.")."""
    text = doc.text
    dash = max(text.rfind(" – ", sentence.start, sentence.end), text.rfind(" - ", sentence.start, sentence.end))
    floor = dash + 3 if dash != -1 else sentence.start
    out: list[tuple[_Anchor, str | None]] = []
    bodies: list[tuple[int, int]] = []
    for group in linker.matcher.find(text, sentence.start, sentence.end):
        if not any(m.entity.category == "person" for m in group):
            bodies.append((group[0].start, group[0].end))
    for chosen in _persons(doc, linker, sentence):
        anchor = _Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end)
        out.append((anchor, _office_before(text, max(floor, sentence.start), chosen.start)))
    if out:
        return out
    m = _TRAILING_NAME.search(text, sentence.start, sentence.end)
    if m is None or any(s < m.end(1) and m.start(1) < e for s, e in bodies):
        return []
    office = _office_before(text, floor, m.start(1))
    if office is None or linker.office(m[1], doc.language).entity is not None:
        return []
    return [(_Anchor(linker.person(m[1], doc.language), m.start(1), m.end(1)), office)]


def _office_hosts(doc: SourceDocument, linker: Linker, lead: Span) -> list[_Anchor]:
    """Holders of offices the lead names without a name after them ("Собеседник Президента России – …")."""
    text = doc.text
    out: list[_Anchor] = []
    for group in linker.office_matcher.find(text, lead.start, lead.end):
        match = group[0]
        if len(match.alias.split()) < 2:
            continue  # a bare "President" is anyone's
        following = text[match.end : match.end + 3].lstrip()
        if following[:1].isupper():
            continue  # "Президентом США Джозефом Байденом": the office of the person named next
        holder = linker.holder(Ref.of(match.entity, doc.language), doc.date)
        if holder is not None and all(a.person != holder for a in out):
            out.append(_Anchor(holder, match.start, match.end))
    return out


def _office_before(text: str, floor: int, at: int) -> str | None:
    """The office printed before a name: the run of capitalised words and connectors ending at the name."""
    segment = text[floor:at]
    cut = max(segment.rfind(" ,"), segment.rfind(":"), segment.rfind(";"), segment.rfind(". "))
    if cut != -1:
        segment = segment[cut + 2 :] if segment[cut : cut + 2] in (" ,", ". ") else segment[cut + 1 :]
    words = segment.split()
    taken: list[str] = []
    for word in reversed(words):
        bare = word.rstrip(",")
        if bare[:1].isupper() or bare in _CONNECTORS or bare[:1].isdigit():
            taken.append(word)
        else:
            break
    taken.reverse()
    while taken and (taken[0].rstrip(",") in _CONNECTORS or taken[0] in _OPENERS):
        taken.pop(0)
    office = " ".join(taken).rstrip(",").strip()
    return office or None
