"""Entity mentions in the document's own words: names, acronyms, UN symbols, described resolutions,
and instruments proposed but not yet concluded."""

from __future__ import annotations

import re

from .. import rules
from ..build.iris import slugify
from ..link.linker import Linker
from ..link.reference import Entity
from ..link.tokens import tokenize
from ..read.source import SourceDocument, Span
from .facts import Mention, Ref
from .text import cue_list, find_cue, sentences

_SYMBOL = re.compile(r"\bA/RES/(\d{1,3})/(\d{1,4})\b")
# "resolution 75/240", "резолюция № 73/27", and with the body between: "резолюции Генеральной Ассамблеи ООН
# № 74/247", "resolution of the UN General Assembly 73/27" (up to four words without digits).
_SHORT_SYMBOL = re.compile(
    r"(?:resolutions?|резолюци\w*)(?:\s+[^\W\d]+\.?){0,4}?\s+(?:No\.?\s*|№\s*)?(\d{2})/(\d{1,4})\b", re.I
)
_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")


def content_spans(doc: SourceDocument) -> list[Span]:
    """The parts of a page that are the document's own words, in order (no menus, no footer)."""
    spans = [doc.title]
    spans += [doc.lead] if doc.lead else []
    return spans + doc.captions + doc.preamble + doc.body


def find_mentions(doc: SourceDocument, linker: Linker) -> list[Mention]:
    text, lang = doc.text, doc.language
    raw: list[list] = []
    for span in content_spans(doc):
        raw += linker.matcher.find(text, span.start, span.end)
    raw += _named_within(doc, linker, raw)
    seen = {group[0].entity.key for group in raw if len(group) == 1}
    mentions: list[Mention] = []
    for group in raw:
        context = _sentence_around(text, group[0].start, group[0].end)
        chosen = linker.choose(group, context, doc.date, seen)
        seen.add(chosen.entity.key)
        span = Span(chosen.start, chosen.end)
        e = chosen.entity
        if e.category == "instrument" and e.kind == "treaty" and e.year and e.year > doc.date.year:
            # Named before it was concluded: in this document it is still a proposal.
            words = span.of(text)
            ref = Ref("instrument", slugify(words), words, lang, kind="proposed_instrument", scope=doc.key)
        else:
            ref = Ref.of(e, lang)
        mentions.append(Mention(ref, span))
    for span in content_spans(doc):
        mentions += _symbols(doc, linker, span)
        for sentence in sentences(text, span):
            mentions += _described_resolutions(doc, linker, sentence)
            mentions += _described_instruments(doc, linker, sentence, mentions)
            mentions += _established_by(doc, linker, sentence, mentions)
            mentions += _proposed_instruments(doc, sentence, mentions)
    return _dedupe(mentions)


def _named_within(doc: SourceDocument, linker: Linker, raw: list[list]) -> list[list]:
    """States and organisations named inside a longer name: "UN Security Council" names the UN too, and an
    "Agreement between the Government of X and the Government of Y" names both governments."""
    out: list[list] = []
    for group in raw:
        if group[0].entity.category not in ("organisation", "instrument"):
            continue
        start, end = group[0].start, group[0].end
        length = len(tokenize(doc.text, start, end))
        outer = group[0].entity
        parents = _ancestors(linker, outer.part_of)
        for inner in linker.matcher.find(doc.text, start, end, shorter_than=length):
            # In an organisation's name only its parent bodies and states count ("UN" in "UN Security
            # Council", not "Security Council"); an instrument's title names its parties, whatever they are.
            kept = [
                m for m in inner
                if m.entity.category == "state"
                or (m.entity.category == "organisation" and (outer.category == "instrument" or m.entity.id in parents))
            ]
            if kept:
                out.append(kept)
    return out


def _ancestors(linker: Linker, ident: str | None) -> set[str]:
    found: set[str] = set()
    while ident and ident not in found:
        found.add(ident)
        parent = linker.reference.get("organisation", ident)
        ident = parent.part_of if parent else None
    return found


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[left : min(stops) if stops else len(text)]


def _symbols(doc: SourceDocument, linker: Linker, span: Span) -> list[Mention]:
    out: list[Mention] = []
    for rx in (_SYMBOL, _SHORT_SYMBOL):
        for m in rx.finditer(doc.text, span.start, span.end):
            symbol = f"A/RES/{int(m[1])}/{int(m[2])}"
            entity = linker.by_symbol(symbol)
            # A resolution the reference set lacks is minted with the symbol it was cited by: the symbol is its
            # identifier and says it is a General Assembly resolution; a session number is no calendar year.
            ref = (
                Ref.of(entity, doc.language)
                if entity
                else Ref("instrument", slugify(symbol), symbol, doc.language, kind="un_resolution", symbol=symbol)
            )
            out.append(Mention(ref, Span(m.start(), m.end())))
    return out


def _described_resolutions(doc: SourceDocument, linker: Linker, sentence: Span) -> list[Mention]:
    """"In 1998 … a resolution adopted by the UN General Assembly" → the 1998 resolution of the series."""
    text = sentence.of(doc.text)
    hit = find_cue(text, cue_list("resolution_words", doc.language))
    if hit is None or _SYMBOL.search(text) or _SHORT_SYMBOL.search(text):
        return []
    folded = rules.fold(text)
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= doc.date.year]
    candidates = []
    options: list[int | None] = [*years[:1]] or [None]
    for year in options:
        candidates = linker.resolutions(year)
        if candidates:
            break
    scored = []
    for entity in candidates:
        cues = entity.cues.get(doc.language, []) + entity.cues.get("en", [])
        score = sum(1 for c in cues if rules.fold(c) in folded)
        if entity.kind == "un_resolution_series" and score == 0:
            continue  # a series needs its cue ("annual"); a year alone does not name one
        scored.append((score, entity))
    if not scored:
        return []
    scored.sort(key=lambda pair: -pair[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return []  # two resolutions of that year fit equally: do not guess
    entity = scored[0][1]
    at = sentence.start + hit[0]
    return [Mention(Ref.of(entity, doc.language), Span(at, at + len(hit[1])))]


def _described_instruments(
    doc: SourceDocument, linker: Linker, sentence: Span, known: list[Mention]
) -> list[Mention]:
    """"the agreement … which our governments signed in Yekaterinburg in 2009" → the 2009 agreement.

    A treaty, policy document or negotiating body described, not named: a year it dates from and two of its
    cue words (its kind word — agreement, treaty, declaration… — counts as one) pick it out, when exactly one
    reference instrument of that year fits best. Resolutions have their own rule.
    """
    text = sentence.of(doc.text)
    folded = _dashes(rules.fold(text))
    years = {int(y) for y in _YEAR.findall(text) if int(y) <= doc.date.year}
    if not years:
        return []
    kind_words = rules.load("language")["instrument_kind_words"]
    scored: list[tuple[int, int, Entity]] = []
    for entity in linker.reference.of("instrument"):
        if entity.year not in years or entity.kind in ("un_resolution", "un_resolution_series"):
            continue
        if any(m.ref.entity is entity and sentence.start <= m.span.start < sentence.end for m in known):
            return []  # named in the same sentence: nothing to infer
        cues = {_dashes(rules.fold(c)) for c in entity.cues.get(doc.language, []) if c != str(entity.year)}
        hits = [folded.find(c) for c in cues if _has_word(folded, c)]
        words = kind_words.get(entity.kind or "", {}).get(doc.language, [])
        # The kind word nearest before the first cue ("the new group for 2021–2025"), else the first one.
        kinds = _word_starts(folded, words, stems=doc.language == "ru")
        before = [k for k in kinds if hits and k[0] < min(hits)]
        kind = before[-1] if before else kinds[0] if kinds else None
        score = len(hits) + (1 if kind else 0)
        at = kind[0] if kind else min(hits) if hits else -1
        if score >= 2:
            scored.append((score, at, entity))
    if not scored:
        return []
    scored.sort(key=lambda t: -t[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return []  # two instruments of that year fit equally: do not guess
    _, at, entity = scored[0]
    end = at
    while end < len(text) and (text[end].isalnum() or text[end] in "-‑"):
        end += 1
    return [Mention(Ref.of(entity, doc.language), Span(sentence.start + at, sentence.start + max(end, at + 1)))]


def _dashes(folded: str) -> str:
    """En and em dashes and non-breaking hyphens as "-" (same length): "2021–2025" meets the cue "2021-2025"."""
    return folded.translate(_DASHES)


_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‒": "-"})


def _established_by(doc: SourceDocument, linker: Linker, sentence: Span, known: list[Mention]) -> list[Mention]:
    """"The ad hoc committee that the General Assembly set up in December 2019" names the resolution that set
    the committee up (the reference set's `established_by`), unless the sentence names that resolution itself."""
    text = sentence.of(doc.text)
    cue = find_cue(text, cue_list("establishment_cues", doc.language))
    if cue is None:
        return []
    inside = [m for m in known if sentence.start <= m.span.start < sentence.end]
    out: list[Mention] = []
    for m in inside:
        entity = m.ref.entity
        if entity is None or entity.kind != "negotiating_body" or not entity.established_by:
            continue
        founder = linker.reference.get("instrument", entity.established_by)
        if founder is None or any(k.ref.entity is founder for k in inside + out):
            continue
        at = sentence.start + cue[0]
        out.append(Mention(Ref.of(founder, doc.language), Span(at, at + len(cue[1]))))
    return out


def _word_starts(folded: str, words: list[str], stems: bool) -> list[tuple[int, str]]:
    """Where the words occur in the text, in order: as whole words, or as word starts when they are stems
    (Russian kind words: "групп" finds "группе")."""
    tail = "" if stems else r"(?!\w)"
    found = {
        m.start(): w for w in words for m in re.finditer(r"(?<!\w)" + re.escape(rules.fold(w)) + tail, folded)
    }
    return sorted(found.items())


def _has_word(folded: str, cue: str) -> bool:
    """A cue at the start of a word (Russian cues are stems: "женев" finds "женеве")."""
    return re.search(r"(?<!\w)" + re.escape(cue), folded) is not None


def _proposed_instruments(doc: SourceDocument, sentence: Span, known: list[Mention]) -> list[Mention]:
    """"conclude a bilateral agreement on preventing incidents …" → a proposed instrument."""
    cfg = rules.load("language")["proposed_instrument"]
    lang = doc.language
    text = sentence.of(doc.text)
    folded = rules.fold(text)
    nouns = [rules.fold(n) for n in cfg["nouns"][lang]]
    verbs = [rules.fold(v) for v in cfg["verbs"][lang]]
    noun_at = None
    for n in nouns:
        for m in re.finditer(r"(?<!\w)" + re.escape(n), folded):
            if noun_at is None or m.start() < noun_at:
                noun_at = m.start()
            break
    if noun_at is None:
        return []
    verb_end = None
    for v in verbs:
        for m in re.finditer(r"(?<!\w)" + re.escape(v) + (r"\w*" if lang == "ru" else r"(?!\w)"), folded[:noun_at]):
            if verb_end is None or m.end() > verb_end:
                verb_end = m.end()
    if verb_end is None:
        return []
    start = verb_end
    lead = re.match(r"(?:\s+|\b(?:and|agree on|of|a|an|the|on|to|на|и)\b)+", text[start:])
    if lead:
        start += lead.end()
    end = len(text)
    for stop in cfg["stops"][lang]:
        at = folded.find(stop, max(start, noun_at))
        if at != -1:
            end = min(end, at)
    phrase = text[start:end].strip()
    words = phrase.split()
    if not words or len(words) > 25 or start > noun_at:
        return []
    span = Span(sentence.start + start, sentence.start + start + len(phrase))
    if any(m.ref.category == "instrument" and m.span.start < span.end and span.start < m.span.end for m in known):
        return []
    ref = Ref("instrument", slugify(phrase), phrase, lang, kind="proposed_instrument", scope=doc.key)
    return [Mention(ref, span)]


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple] = set()
    out = []
    for m in sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.ref.category, m.ref.slug)):
        key = (m.span, m.ref)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
