"""The document's type and the event it reports: kind, date, place, format, chair, the body that met."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import rules
from ..link.linker import Linker
from ..read.source import SourceDocument, Span
from .facts import Event, Mention, Participant, Ref, Turn
from .text import cue_list, find_cue, sentences


def _first_rule(rule_list: list[dict], texts: list[str], key: str) -> str | None:
    for text in texts:
        for rule in rule_list:
            if find_cue(text, rule["words"]):
                return str(rule[key])
    return None


def lead_text(doc: SourceDocument) -> str:
    """The lead: the page's own lead paragraph, or the first paragraph of a text printed without one."""
    if doc.lead is not None:
        return doc.span_text(doc.lead)
    return doc.span_text(doc.body[0]) if doc.body else ""


def document_type(doc: SourceDocument, turns: list[Turn]) -> str:
    """The title decides first; then speech turns make a transcript; then a text without turns that reports an
    event (by its title or its lead) is news; any other Russian text without turns is a statement."""
    genres = rules.load("genres")
    title = doc.span_text(doc.title)
    found = _first_rule(genres["document_types"], [title], "type")
    if found:
        return found
    if any(rules.fold(s) in genres["transcript_sections"] for s in doc.sections) or len(turns) > 1:
        return "transcript"
    news = genres["news"]
    if not turns and (find_cue(title, news["title"]) or find_cue(lead_text(doc), news["lead"])):
        return "news"
    if doc.language == "ru" and not turns:
        return "statement"
    return "news" if doc.format == "kremlin-en-page" else "other"


def find_event(
    doc: SourceDocument,
    linker: Linker,
    doc_type: str,
    mentions: list[Mention],
    participants: list[Participant],
    turns: list[Turn],
) -> Event:
    genres = rules.load("genres")
    title = doc.span_text(doc.title)
    heads = [title, lead_text(doc)] + [doc.span_text(c) for c in doc.captions]
    kind = _first_rule(genres["event_kinds"], heads, "class")
    if kind is None:
        kind = "StatementIssuance" if doc_type in ("statement", "joint-statement") else "Meeting"
    fmt = _first_rule(genres["formats"], heads, "format")
    chair = _chair(doc, linker, mentions)
    if chair is None and kind == "Meeting" and turns and turns[0].speaker is not None:
        chair = turns[0].speaker
    of_body = _of_body(doc, mentions) if kind == "Meeting" else None
    people: list[Ref] = []
    listed: set[Ref] = set()  # a set beside the list: thousands of participants make list look-ups quadratic
    for ref in ([chair] if chair else []) + [p.person for p in participants] + [
        t.speaker for t in turns if t.speaker is not None
    ]:
        if ref not in listed:
            listed.add(ref)
            people.append(ref)
    if kind == "StatementIssuance":
        people = []
    return Event(
        kind=kind,
        label=title,
        date=doc.date,
        time=doc.time,
        place=doc.span_text(doc.place) if doc.place else None,
        format=fmt,
        chair=chair,
        of_body=of_body,
        participants=people,
    )


def _chair(doc: SourceDocument, linker: Linker, mentions: list[Mention]) -> Ref | None:
    """"The President held a meeting" / "Владимир Путин провёл совещание": the subject of a chairing verb."""
    if doc.lead is None:
        return None
    for sentence in sentences(doc.text, doc.lead):
        hit = find_cue(sentence.of(doc.text), cue_list("chair_verbs", doc.language))
        if hit is None:
            continue
        verb_at = sentence.start + hit[0]
        subjects = [m.ref for m in mentions if sentence.start <= m.span.start < verb_at and m.ref.category == "person"]
        if subjects:
            return subjects[-1]
        subject = doc.text[sentence.start : verb_at].strip()
        for word in ("The ", "the "):
            subject = subject.removeprefix(word)
        office = linker.office(subject, doc.language)
        holder = linker.holder(office, doc.date)
        if holder:
            return holder
    return None


def _of_body(doc: SourceDocument, mentions: list[Mention]) -> Ref | None:
    """The organisation named in the title of a meeting ("Security Council meeting")."""
    for m in mentions:
        if doc.title.start <= m.span.start < doc.title.end and m.ref.category == "organisation":
            return m.ref
    return None


def creators(
    doc: SourceDocument, linker: Linker, doc_type: str, mentions: list[Mention], turns: list[Turn]
) -> list[Ref]:
    """Who issued a statement: the persons or states its title names, else the President on that date."""
    if doc_type not in ("statement", "joint-statement", "speech") or any(t.speaker for t in turns):
        return []
    in_title = [m.ref for m in mentions if doc.title.start <= m.span.start < doc.title.end]
    wanted = ("state",) if doc_type == "joint-statement" else ("person",)
    found: list[Ref] = []
    for ref in in_title:
        if ref.category in wanted and ref not in found:
            found.append(ref)
    if found:
        return found
    president = linker.offices.get("President of Russia")
    if president is None:
        return []
    holder = linker.holder(Ref.of(president, doc.language), doc.date)
    return [holder] if holder else []


@dataclass
class CoAuthor:
    """A head of state or government who signs a joint statement, as its opening names them."""

    person: Ref
    office_written: str
    span: Span


# "Мы, Президент Российской Федерации Владимир Путин и Президент США Джозеф Байден, …" / "We, the President of …,"
_OPENING = re.compile(r"(?:Мы|We)\s*,\s+(?P<list>[^,;:]{5,300}?)\s*,")
_AND = re.compile(r"\s+(?:и|and)\s+(?=[A-ZА-ЯЁ]|the\s)")


def co_authors(doc: SourceDocument, linker: Linker, doc_type: str) -> list[CoAuthor]:
    """Who signs a joint statement: the persons its "We, …" opening names, or the holders of the offices it names.

    A joint statement is issued by its signatories together, so each is an author of the whole text.
    """
    if doc_type != "joint-statement" or not doc.body:
        return []
    first = doc.body[0]
    m = _OPENING.match(doc.text, first.start, first.end)
    if m is None:
        return _title_offices(doc, linker)
    out: list[CoAuthor] = []
    pos = m.start("list")
    items = [*_AND.finditer(doc.text, m.start("list"), m.end("list")), None]
    for sep in items:
        end = sep.start() if sep else m.end("list")
        author = _co_author(doc, linker, Span(pos, end))
        if author is not None and all(a.person != author.person for a in out):
            out.append(author)
        pos = sep.end() if sep else end
    return out if len(out) > 1 else []


# How much of a title names the signatories ("Совместное заявление Президента Российской Федерации и Президента
# Республики Беларусь"): a scraped copy may run the title into the whole text on one line.
_TITLE_HEAD = 200


def _title_offices(doc: SourceDocument, linker: Linker) -> list[CoAuthor]:
    """A joint statement whose title names the signatories by office: the holders of those offices on the
    document's date, each with the office in the reference's words (the title inflects it: "Президента …")."""
    out: list[CoAuthor] = []
    end = min(doc.title.end, doc.title.start + _TITLE_HEAD)
    for group in linker.office_matcher.find(doc.text, doc.title.start, end):
        match = group[0]
        holder = linker.holder(Ref.of(match.entity, doc.language), doc.date) if doc.date else None
        if holder is not None and all(a.person != holder for a in out):
            out.append(CoAuthor(holder, match.alias, Span(match.start, match.end)))
    return out if len(out) > 1 else []


def _co_author(doc: SourceDocument, linker: Linker, item: Span) -> CoAuthor | None:
    words = item.of(doc.text)
    for group in linker.matcher.find(doc.text, item.start, item.end):
        persons = [g for g in group if g.entity.category == "person"]
        if persons:
            chosen = linker.choose(persons, words, doc.date, set())
            office = doc.text[item.start : chosen.start].strip().removeprefix("the ").strip()
            return CoAuthor(Ref.of(chosen.entity, doc.language), office or words, item)
    office_words = words.strip().removeprefix("the ").strip()
    holder = linker.holder(linker.office(office_words, doc.language), doc.date)
    return CoAuthor(holder, office_words, item) if holder else None
