"""The people a text names by their part in the event rather than in a list: the host and the counterparts of
the lead ("Vladimir Putin had a telephone conversation with President of the United States Joseph Biden", "…
с Президентом Исламской Республики Иран Масудом Пезешкианом"), the person who chaired a meeting ("chaired by
President Putin") and the author an authorship line names ("Statement by Amb. Andrey Krutskikh, Special
Representative …")."""

from __future__ import annotations

import re

from ..link.linker import Linker
from ..link.morph import case_of, is_given_name, nominative_name
from ..read.source import SourceDocument, Span
from .anchors import TRAILING_NAME, Anchor, office_before
from .facts import Ref
from .text import cue_list, find_cue, sentences

# How many opening paragraphs are searched for a chairing phrase or an authorship line.
_OPENING_PARAGRAPHS = 12


def chaired_by(doc: SourceDocument, linker: Linker) -> list[tuple[Anchor, str | None]]:
    """"… during a meeting chaired by President Putin": the person right after the cue, with the office before the
    name as written."""
    cues = cue_list("chaired_by_cues", doc.language)
    out: list[tuple[Anchor, str | None]] = []
    for para in ([doc.title] + doc.preamble + doc.body)[:_OPENING_PARAGRAPHS]:
        for sentence in sentences(doc.text, para):
            hit = find_cue(sentence.of(doc.text), cues)
            if hit is None:
                continue
            after = Span(sentence.start + hit[0] + len(hit[1]), sentence.end)
            persons = persons_in(doc, linker, after)
            if persons:
                chosen = persons[0]
                anchor = Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end)
                out.append((anchor, office_before(doc.text, after.start, chosen.start)))
    return out


def authorship_line(doc: SourceDocument, linker: Linker) -> tuple[Anchor, str | None] | None:
    """The author a line before the text names ("Statement by Amb. Andrey Krutskikh, Special Representative …
    at …"), with the office printed after the name's comma, up to "at"/"на" or the line's end."""
    cues = cue_list("authorship_cues", doc.language)
    for para in ([doc.title] + doc.preamble + doc.body)[:_OPENING_PARAGRAPHS]:
        words = para.of(doc.text)
        hit = find_cue(words[:40], cues)
        if hit is None or hit[0] > 3:
            continue
        persons = persons_in(doc, linker, Span(para.start + hit[0] + len(hit[1]), para.end))
        if not persons:
            continue
        chosen = persons[0]
        rest = doc.text[chosen.end : para.end]
        office = None
        if rest.startswith(","):
            tail = rest[1:]
            stop = re.search(r"\s(?:at|на)\s|[,.;(]", tail)
            office = (tail[: stop.start()] if stop else tail).strip() or None
        return Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end), office
    return None


def lead_counterparts(doc: SourceDocument, linker: Linker) -> list[tuple[Anchor, str | None]]:
    """"X had a telephone conversation with Office Y": X (office not printed) and Y with the office before.

    The lead is the page's lead, or the first paragraph of a Russian text. The first sentence with a noun of a
    two-sided event decides: persons before its "with"/"с" are hosts, those after it counterparts. A host named
    only by office ("состоялся телефонный разговор Президента России") is the office's holder on that day. When
    that sentence names no counterpart, the rest of the lead may ("Собеседник – Президент Франции Эммануэль
    Макрон."): a person named there, known or not, with the office printed before the name.
    """
    text = doc.text
    cues = cue_list("interaction_cues", doc.language)
    if doc.lead is not None:
        first: Span | None = doc.lead
    elif doc.language == "ru" and doc.body:
        first = doc.body[0]  # a Russian text printed without a lead: its first paragraph
    else:
        first = _lead_paragraph(doc, cues)
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
    out: list[tuple[Anchor, str | None]] = []
    floor = link.end() if link is not None else sentence.end
    for chosen in persons_in(doc, linker, sentence):
        anchor = Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end)
        if chosen.end <= split:
            out.append((anchor, None))
        elif link is not None and chosen.start >= link.end():
            out.append((anchor, office_before(text, floor, chosen.start)))
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


def _inflected_counterpart(doc: SourceDocument, linker: Linker, after: Span) -> list[tuple[Anchor, str | None]]:
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
    return [(Anchor(linker.person(nominative, doc.language), name[0][0], name[-1][1]), office)]


def _lead_paragraph(doc: SourceDocument, cues: list[str]) -> Span | None:
    """The lead of a page that has none marked: the first opening paragraph that is a sentence (not a heading:
    "Telephone conversation with US President Joseph Biden") naming a two-sided event."""
    for para in (doc.preamble + doc.body)[:_LEAD_SEARCH]:
        words = para.of(doc.text).rstrip()
        if words.endswith((".", "!")) and find_cue(words, cues) is not None:
            return para
    return None


def persons_in(doc: SourceDocument, linker: Linker, span: Span) -> list:  # type: ignore[type-arg]
    """Reference persons named in a span, one per name."""
    found = []
    for group in linker.matcher.find(doc.text, span.start, span.end):
        persons = [m for m in group if m.entity.category == "person"]
        if persons:
            found.append(linker.choose(persons, span.of(doc.text), doc.date, set()))
    return found


def _apposed(doc: SourceDocument, linker: Linker, sentence: Span) -> list[tuple[Anchor, str | None]]:
    """Persons a later sentence of the lead names, each with the office printed before the name; an unknown
    person only as a name in the nominative closing the sentence ("… – Премьер-министр ЮАР Томас Вельде.")."""
    text = doc.text
    dash = max(text.rfind(" – ", sentence.start, sentence.end), text.rfind(" - ", sentence.start, sentence.end))
    floor = dash + 3 if dash != -1 else sentence.start
    out: list[tuple[Anchor, str | None]] = []
    bodies: list[tuple[int, int]] = []
    for group in linker.matcher.find(text, sentence.start, sentence.end):
        if not any(m.entity.category == "person" for m in group):
            bodies.append((group[0].start, group[0].end))
    for chosen in persons_in(doc, linker, sentence):
        anchor = Anchor(Ref.of(chosen.entity, doc.language), chosen.start, chosen.end)
        out.append((anchor, office_before(text, max(floor, sentence.start), chosen.start)))
    if out:
        return out
    m = TRAILING_NAME.search(text, sentence.start, sentence.end)
    if m is None or any(s < m.end(1) and m.start(1) < e for s, e in bodies):
        return []
    office = office_before(text, floor, m.start(1))
    if office is None or linker.office(m[1], doc.language).entity is not None:
        return []
    return [(Anchor(linker.person(m[1], doc.language), m.start(1), m.end(1)), office)]


def _office_hosts(doc: SourceDocument, linker: Linker, lead: Span) -> list[Anchor]:
    """Holders of offices the lead names without a name after them ("Собеседник Президента России – …")."""
    text = doc.text
    out: list[Anchor] = []
    for group in linker.office_matcher.find(text, lead.start, lead.end):
        match = group[0]
        if len(match.alias.split()) < 2:
            continue  # a bare "President" is anyone's
        following = text[match.end : match.end + 3].lstrip()
        if following[:1].isupper():
            continue  # "Президентом США Джозефом Байденом": the office of the person named next
        holder = linker.holder(Ref.of(match.entity, doc.language), doc.date)
        if holder is not None and all(a.person != holder for a in out):
            out.append(Anchor(holder, match.start, match.end))
    return out
