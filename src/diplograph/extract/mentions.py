"""Entity mentions in the document's own words: names, acronyms, UN symbols, described resolutions,
and instruments proposed but not yet concluded."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from .. import rules
from ..build.iris import slugify
from ..link.linker import Linker
from ..link.reference import Entity
from ..link.tokens import count_tokens
from ..read.source import SourceDocument, Span
from .facts import Mention, Ref
from .named import find_named
from .positions import ByPosition
from .text import cue_list, find_cue, sentences
from .truncated import truncated_name

_SYMBOL = re.compile(r"\bA/RES/(\d{1,3})/(\d{1,4})\b")
# "resolution 75/240", "резолюция № 73/27", and with the body between: "резолюции Генеральной Ассамблеи ООН
# № 74/247", "resolution of the UN General Assembly 73/27" (up to four words without digits).
_SHORT_SYMBOL = re.compile(
    r"(?<!\w)(?:resolutions?|резолюци\w*+)(?:\s+[^\W\d]+\.?){0,4}?\s+(?:No\.?\s*|№\s*)?(\d{2})/(\d{1,4})\b", re.I
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
    around = _SentenceAround(text)
    for group in raw:
        # Only a form several entities share needs its sentence to choose by (and the sentence of a paragraph
        # without full stops is the whole paragraph: cutting it out for every name would be quadratic).
        context = around(group[0].start, group[0].end) if len(group) > 1 else ""
        chosen = linker.choose(group, context, doc.date, seen)
        seen.add(chosen.entity.key)
        span = Span(chosen.start, chosen.end)
        e = chosen.entity
        concluded_after = doc.date is not None and bool(e.year) and (e.year or 0) > doc.date.year
        if e.category == "instrument" and e.kind == "treaty" and concluded_after:
            # Named before it was concluded: in this document it is still a proposal.
            words = span.of(text)
            ref = Ref("instrument", slugify(words), words, lang, kind="proposed_instrument", scope=doc.key)
            # The instrument it became is mentioned too, on the same words: the build links the two.
            mentions.append(Mention(Ref.of(e, lang), span))
        else:
            ref = Ref.of(e, lang)
        mentions.append(Mention(ref, span))
    # What is found so far, by position: each sentence's rules ask what lies in that sentence.
    known: ByPosition[Mention] = ByPosition((m, m.span.start, m.span.end) for m in mentions)

    def found(more: list[Mention]) -> None:
        for m in more:
            mentions.append(m)
            known.add(m, m.span.start, m.span.end)

    for span in content_spans(doc):
        found(_symbols(doc, linker, span))
        for sentence in sentences(text, span):
            found(_described_resolutions(doc, linker, sentence))
            found(_described_instruments(doc, linker, sentence, known))
            found(_established_by(doc, linker, sentence, known))
            found(_proposed_instruments(doc, sentence, known))
    found(truncated_name(doc, linker, content_spans(doc)))
    found(find_named(doc, content_spans(doc), known))
    found(_iso_states(doc, linker, known))
    return _dedupe(mentions)


def _iso_states(doc: SourceDocument, linker: Linker, known: ByPosition[Mention]) -> list[Mention]:
    """States the reference set lacks, by their ISO 3166 names (capitalised in the text), where no other mention
    lies: each a state with an IRI minted from its English name."""
    out: list[Mention] = []
    for span in content_spans(doc):
        for group in linker.iso_states.find(doc.text, span.start, span.end):
            m = group[0]
            if not doc.text[m.start : m.start + 1].isupper() or known.overlapping(m.start, m.end):
                continue
            e = m.entity
            out.append(Mention(Ref("state", e.id, e.best_label(doc.language), doc.language), Span(m.start, m.end)))
    return out


def _named_within(doc: SourceDocument, linker: Linker, raw: list[list]) -> list[list]:
    """States and organisations named inside a longer name: "UN Security Council" names the UN too, and an
    "Agreement between the Government of X and the Government of Y" names both governments."""
    out: list[list] = []
    for group in raw:
        if group[0].entity.category not in ("organisation", "instrument"):
            continue
        start, end = group[0].start, group[0].end
        length = count_tokens(doc.text, start, end)
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


class _SentenceAround:
    """The rough sentence around a name, from after the previous ". " or line break to the next one.

    The places of every ". " and line break are listed once per document (on first use) and found by binary
    search, rather than searching the text outwards from each name, which goes the whole way in a text without
    them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._stops: tuple[list[int], list[int]] | None = None

    def __call__(self, start: int, end: int) -> str:
        if self._stops is None:
            self._stops = (
                [m.start() for m in re.finditer(r"\. ", self.text)],
                [m.start() for m in re.finditer("\n", self.text)],
            )
        dots, breaks = self._stops
        # The last ". " that ends by `start` and the last line break before it (as str.rfind(…, 0, start)).
        i = bisect_right(dots, start - 2)
        k = bisect_right(breaks, start - 1)
        left = max(dots[i - 1] if i else -1, breaks[k - 1] if k else -1) + 1
        # The first of either at or after `end` (as str.find(…, end)).
        i = bisect_left(dots, end)
        k = bisect_left(breaks, end)
        stops = [positions[n] for positions, n in ((dots, i), (breaks, k)) if n < len(positions)]
        return self.text[left : min(stops) if stops else len(self.text)]


def _symbols(doc: SourceDocument, linker: Linker, span: Span) -> list[Mention]:
    out: list[Mention] = []
    if doc.text.find("/", span.start, span.end) == -1:
        return out  # every symbol has a slash: most paragraphs are settled without the two searches
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
    years = [int(y) for y in _YEAR.findall(text) if doc.date is None or int(y) <= doc.date.year]
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
    doc: SourceDocument, linker: Linker, sentence: Span, known: ByPosition[Mention]
) -> list[Mention]:
    """"the agreement … which our governments signed in Yekaterinburg in 2009" → the 2009 agreement.

    A treaty, policy document or negotiating body described, not named: a year it dates from and two of its
    cue words (its kind word — agreement, treaty, declaration… — counts as one) pick it out, when exactly one
    reference instrument of that year fits best. Resolutions have their own rule.
    """
    text = sentence.of(doc.text)
    years = {int(y) for y in _YEAR.findall(text) if doc.date is None or int(y) <= doc.date.year}
    if not years:
        return []
    folded = _dashes(rules.fold(text))
    kind_words = rules.load("language")["instrument_kind_words"]
    named = [m.ref.entity for m in known.starting_in(sentence.start, sentence.end)]
    scored: list[tuple[int, int, Entity]] = []
    kind_starts: dict[str, list[tuple[int, str]]] = {}  # the sentence's kind words, by kind: instruments share kinds
    for entity in linker.instruments:
        if entity.year not in years or entity.kind in ("un_resolution", "un_resolution_series"):
            continue
        if any(e is entity for e in named):
            return []  # named in the same sentence: nothing to infer
        cues = {_dashes(rules.fold(c)) for c in entity.cues.get(doc.language, []) if c != str(entity.year)}
        hits = [folded.find(c) for c in cues if _has_word(folded, c)]
        kind_key = entity.kind or ""
        if kind_key not in kind_starts:
            words = kind_words.get(kind_key, {}).get(doc.language, [])
            kind_starts[kind_key] = _word_starts(folded, words, stems=doc.language == "ru")
        # The kind word nearest before the first cue ("the new group for 2021–2025"), else the first one.
        kinds = kind_starts[kind_key]
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


def _established_by(
    doc: SourceDocument, linker: Linker, sentence: Span, known: ByPosition[Mention]
) -> list[Mention]:
    """"The ad hoc committee that the General Assembly set up in December 2019" names the resolution that set
    the committee up (the reference set's `established_by`), unless the sentence names that resolution itself."""
    text = sentence.of(doc.text)
    cue = find_cue(text, cue_list("establishment_cues", doc.language))
    if cue is None:
        return []
    inside = known.starting_in(sentence.start, sentence.end)
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
    found = {at: w for w in words for at in _word_hits(folded, rules.fold(w), stems)}
    return sorted(found.items())


def _has_word(folded: str, cue: str) -> bool:
    """A cue at the start of a word (Russian cues are stems: "женев" finds "женеве")."""
    return next(_word_hits(folded, cue, True), None) is not None


def _word_hits(folded: str, word: str, stem: bool) -> Iterator[int]:
    """The starts of the non-overlapping matches of `_word_pattern(word, stem)` in the text, in order.

    A pattern that opens with a look-behind is tried at every position of the text, which is slow on a long
    sentence; the word itself is found much faster with str.find, so only where it occurs is the pattern tried."""
    pattern = _word_pattern(word, stem)
    if not word:
        yield from (m.start() for m in pattern.finditer(folded))
        return
    at = folded.find(word)
    while at != -1:
        if pattern.match(folded, at):
            yield at
            at = folded.find(word, at + len(word))
        else:
            at = folded.find(word, at + 1)


@lru_cache(maxsize=4096)
def _word_pattern(word: str, stem: bool) -> re.Pattern[str]:
    """A folded word at the start of a word, and, unless it is a stem, at its end too."""
    return re.compile(r"(?<!\w)" + re.escape(word) + ("" if stem else r"(?!\w)"))


@lru_cache(maxsize=16)
def _noun_pattern(nouns: tuple[str, ...], stems: bool) -> re.Pattern[str]:
    """The kind nouns of a proposed instrument as one search: any of them at a word start (and, for whole words
    rather than stems, at a word end: "plan" is not "planned")."""
    tail = "" if stems else r"(?!\w)"
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(rules.fold(n)) for n in nouns) + ")" + tail)


@lru_cache(maxsize=16)
def _verb_patterns(verbs: tuple[str, ...], stems: bool) -> tuple[re.Pattern[str], ...]:
    """One search per verb (occurrences of different verbs may overlap, so they are not one alternation)."""
    tail = r"\w*" if stems else r"(?!\w)"
    return tuple(re.compile(r"(?<!\w)" + re.escape(rules.fold(v)) + tail) for v in verbs)


_LEAD_WORDS = re.compile(r"(?:\s+|\b(?:and|agree on|of|a|an|the|on|to|на|и)\b)+")
# Words a phrase cut at a stop may be left ending on ("… mechanisms and").
_HANGING = re.compile(r"(?:\s+(?:and|or|и|или|а))+$")


def _proposed_instruments(doc: SourceDocument, sentence: Span, known: ByPosition[Mention]) -> list[Mention]:
    """"conclude a bilateral agreement on preventing incidents …", "draft a plan for implementing it" → a
    proposed instrument; and a means the sentence calls for ("must be conducted through specialised information
    exchange channels …") → one too. Every kind noun with its cue before it (after the last phrase) is one."""
    cfg = rules.load("language")["proposed_instrument"]
    lang = doc.language
    text = sentence.of(doc.text)
    folded = rules.fold(text)
    verbs = _verb_patterns(tuple(cfg["verbs"][lang]), lang == "ru")
    groups = [(_noun_pattern(tuple(cfg["nouns"][lang]), lang == "ru"), verbs)]
    means = cfg["means"]
    if any(_has_word(folded, rules.fold(cue)) for cue in means["needs"][lang]):
        groups.append((_noun_pattern(tuple(means["nouns"][lang]), lang == "ru"),
                       _verb_patterns(tuple(means["cues"][lang]), False)))
    not_nouns = tuple(rules.fold(w) for w in cfg.get("not_nouns", {}).get(lang, []))
    found: list[tuple[int, int, int]] = []  # (cue end, noun start, group)
    for g, (nouns, cues) in enumerate(groups):
        # Where the cues end, found once (a sentence may be long and full of kind nouns).
        ends = sorted(m.end() for p in cues for m in p.finditer(folded))
        if not ends:
            continue
        for noun in nouns.finditer(folded):
            if folded.startswith(not_nouns, noun.start()):
                continue
            before = bisect_right(ends, noun.start())
            if before:
                found.append((ends[before - 1], noun.start(), g))
    out: list[Mention] = []
    taken = 0
    for cue_end, noun_at, g in sorted(found, key=lambda f: (f[1], f[0])):
        if cue_end < taken or noun_at < taken:
            continue  # the cue belongs to a phrase already taken
        mention = _proposed_phrase(doc, sentence, cfg, cue_end, noun_at, min_words=0 if g == 0 else means["min_words"])
        if mention is None or any(m.ref.category == "instrument"
                                  for m in known.overlapping(mention.span.start, mention.span.end)):
            continue
        out.append(mention)
        taken = mention.span.end - sentence.start
    return out


def _proposed_phrase(doc: SourceDocument, sentence: Span, cfg: dict, cue_end: int, noun_at: int,
                     min_words: int) -> Mention | None:
    """The noun phrase from after its cue to the first stop after its noun."""
    lang = doc.language
    text = sentence.of(doc.text)
    folded = rules.fold(text)
    start = cue_end
    lead = _LEAD_WORDS.match(text[start:])
    if lead:
        start += lead.end()
    end = len(text)
    for stop in cfg["stops"][lang]:
        at = folded.find(stop, max(start, noun_at))
        if at != -1:
            end = min(end, at)
    phrase = text[start:end].strip()
    hanging = _HANGING.search(phrase)
    if hanging:
        phrase = phrase[: hanging.start()]
    words = phrase.split()
    if not words or len(words) > 25 or start > noun_at or len(text[start:noun_at].split()) < min_words:
        return None
    span = Span(sentence.start + start, sentence.start + start + len(phrase))
    ref = Ref("instrument", slugify(phrase), phrase, lang, kind="proposed_instrument", scope=doc.key)
    return Mention(ref, span)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple] = set()
    out = []
    for m in sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.ref.category, m.ref.slug)):
        key = (m.span, m.ref)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
