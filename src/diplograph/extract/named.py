"""Bodies and instruments the text names that the reference set may not hold: "Договор о нераспространении
ядерного оружия", "Высший Государственный Совет Союзного государства", "the UN Open-ended Working Group".

A name has a head noun (`rules/names.yaml`: договор, концепция, совет, treaty, committee, …) that gives its class,
capitalised words before the head (a Russian name starts with a capital: "Международная организация по русскому
языку"; an English one is capitalised throughout), and the words of its name after it: in Russian the genitive and
prepositional phrases up to punctuation or a verb, in English capitalised words and connectors. A name that a
reference entity's name lies inside is that entity (the mention extractor finds it); any other becomes an entity
with an IRI minted from its name put in the nominative, its words the evidence.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import rules
from ..build.iris import slugify
from ..link.morph import analyzer
from ..read.source import SourceDocument, Span
from .facts import Mention, Ref
from .positions import ByPosition

_WORD = re.compile(r"[^\W\d_][\w’'-]*+|\d++|[«»\"“”(),;:.!?]")
# Parts of speech that end a Russian name's tail: a verb, a gerund, a short participle, an adverb, a particle.
_STOP_POS = {"VERB", "INFN", "GRND", "PRTS", "ADVB", "PRCL", "INTJ", "PRED", "COMP"}
_CLOSERS = set(",;:.!?()»\"”")


@cache
def _cfg() -> dict:
    return rules.load("names")  # type: ignore[no-any-return]


@lru_cache(maxsize=1 << 16)
def _parse(word: str):  # type: ignore[no-untyped-def]
    """The likeliest analysis of a word (cached: a text repeats its words)."""
    return analyzer().parse(word)[0]


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A word's dictionary form, without ё ("Доктрины" → "доктрина")."""
    return analyzer().parse(word.lower())[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=1 << 16)
def _pos(word: str) -> str | None:
    return analyzer().parse(word.lower())[0].tag.POS  # type: ignore[no-any-return]


@cache
def _head_stems() -> tuple[str, ...]:
    """The heads without their last two letters ("догово", "концепц", "сил"): every form of a head starts so."""
    return tuple(sorted({h[: max(3, len(h) - 2)] for h in _cfg()["heads"].get("ru", {})}))


def _head_kind(word: str, language: str) -> str | None:
    heads = _cfg()["heads"].get(language, {})
    if language == "ru":
        # Only a word that begins with a head's stem can be one: most words are settled without the dictionary.
        if not word.lower().replace("ё", "е").startswith(_head_stems()):
            return None
        return heads.get(lemma(word))  # type: ignore[no-any-return]
    return heads.get(word.lower())  # type: ignore[no-any-return]


def find_named(doc: SourceDocument, spans: list[Span], known: ByPosition[Mention]) -> list[Mention]:
    """Names of bodies and instruments in the spans that no mention found so far lies inside."""
    out: list[Mention] = []
    for span in spans:
        words = list(_WORD.finditer(doc.text, span.start, span.end))
        for i, w in enumerate(words):
            # An English name capitalises its head ("the Treaty on …", not "resolution 79/999"); a Russian one
            # may not ("Международная организация по русскому языку").
            head_ok = w.group()[:1].isupper() if doc.language == "en" else w.group()[:1].isalpha()
            kind = _head_kind(w.group(), doc.language) if head_ok else None
            if kind is None:
                continue
            found = _name(doc, words, i, kind)
            if found is None:
                continue
            start, end, label = found
            if any(
                (m.span.start, m.span.end) == (start, end)
                or (m.ref.entity is not None and m.span.start <= w.start() < m.span.end)
                or (m.ref.entity is not None and m.span.start <= start and end <= m.span.end)
                for m in known.overlapping(start, end)
            ):
                continue  # the name of a reference entity (its head inside that name), or found already
            category = "organisation" if kind == "organisation" else "instrument"
            ref = Ref(category, _slug(label), label, doc.language, kind=None if category == "organisation" else kind)
            mention = Mention(ref, Span(start, end))
            out.append(mention)
            known.add(mention, start, end)
    return out


@lru_cache(maxsize=1 << 12)
def _slug(label: str) -> str:
    return slugify(label)


def _name(doc: SourceDocument, words: list[re.Match[str]], head: int, kind: str) -> tuple[int, int, str] | None:
    """(start, end, label in the nominative) of the name whose head is words[head], or None."""
    text, lang = doc.text, doc.language
    limit = _cfg()["max_words"]
    first = head
    quoted = False
    # Capitalised words (Russian: adjectives agreeing with the head) before it.
    while first > 0 and head - first < 4:
        prev = words[first - 1].group()
        if prev == "«":
            quoted = True
            break
        if not prev[:1].isupper() or prev in _CLOSERS:
            break
        if lang == "ru" and _pos(prev) not in ("ADJF", "NOUN") and not prev.isupper():
            break
        if lang == "ru" and _pos(prev) == "NOUN" and not prev.isupper():
            break
        first -= 1
    if first > 0 and words[first - 1].group() == "«":
        quoted = True
    start_word = words[first].group()
    not_names = _cfg()["not_names"].get(lang, [])
    if not (start_word[:1].isupper() or quoted):
        return None
    if first == head and _sentence_start(text, words[first].start()) and not quoted:
        return None  # a capitalised head opening a sentence is any such thing, not a name
    if first > 0 and words[first - 1].group().lower() in not_names and first == head:
        return None
    last = _tail(text, words, head, lang, quoted, limit)
    if last == head and first == head:
        return None  # a head alone ("Совет", "the Treaty") names nothing
    start, end = words[first].start(), words[last].end()
    return start, end, _label(text, words, first, head, last, lang)


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 3) : at].rstrip()
    return not before or before[-1] in ".!?\n:"


def _stops_here(text: str, at: int) -> bool:
    folded = rules.fold(text[at : at + 24])
    return any(folded.startswith(stop) for stop in _tail_stops())


@cache
def _stop_starts() -> frozenset[str]:
    return frozenset(s.split()[0] for s in _tail_stops())


@cache
def _tail_stops() -> tuple[str, ...]:
    return tuple(rules.fold(s) for s in _cfg()["tail_stops"].get("ru", []))


def _tail(text: str, words: list[re.Match[str]], head: int, lang: str, quoted: bool, limit: int) -> int:
    """The index of the last word of the name that starts at its head."""
    last = head
    connectors = set(_cfg()["connectors"].get("en", []))
    periods = set(_cfg()["period_heads"].get(lang, []))
    i = head + 1
    while i < len(words) and i - head < limit:
        w = words[i].group()
        if quoted:
            if w == "»":
                return last
            last = i
            i += 1
            continue
        if w in _CLOSERS or w == "«":
            break
        if lang == "en":
            # An English name goes on after its head only through a connector ("Treaty on the …", "Committee
            # of …"); a capitalised word right after the head starts something else ("Council Speaker …").
            if last == head and i == head + 1 and (w not in connectors or w in ("and", "the", "–", "-")):
                break
            if w[:1].isupper() or w[:1].isdigit():
                last = i
            elif w not in connectors:
                break
        else:
            if w in ("–", "-"):
                i += 1
                continue
            following = words[i + 1].group() if i + 1 < len(words) else ""
            if w.lower() in _stop_starts() and _stops_here(text, words[i].start()):
                break
            if w in ("на", "до") and following[:1].isdigit() and lemma(words[head].group()) not in periods:
                break
            if w == "и" and _head_kind(following, lang) is not None:
                break  # "Соглашение … и Концепцию …": the next name
            pos = _pos(w)
            if pos in _STOP_POS or (pos == "CONJ" and w != "и") or (pos == "NPRO"):
                break
            if w == "и" and not (i + 1 < len(words) and words[i + 1].group()[:1].isupper()):
                break
            if pos in ("NOUN", "ADJF", "NUMR", "PREP", "ADJS", "PRTF") or w[:1].isupper() or w.isdigit() or w == "и":
                # The name ends on a noun (or a capitalised word, a number): a preposition or an adjective left
                # hanging when the tail stops is not part of it.
                if pos in ("NOUN", "NUMR") or w[:1].isupper() or w.isdigit():
                    last = i
            else:
                break
        i += 1
    return last


@lru_cache(maxsize=1 << 14)
def _nominative(word: str, case: str | None, number: str, gender: str | None) -> str:
    """A word of a name's head put in the nominative, keeping its stem: "Высшего" → "Высший" (not the other
    superlative of the same lemma, "высочайший")."""
    parses = analyzer().parse(word.lower())
    parse = next((p for p in parses if p.tag.case == case), parses[0])
    stem = word.lower()[: max(3, len(word) - 3)]
    # The dictionary writes ё ("партнёрство"), the text often е: the stem is compared without it.
    stem = stem.replace("ё", "е")
    forms = [f for f in parse.lexeme if f.tag.case == "nomn" and f.word.replace("ё", "е").startswith(stem)]
    if number == "plur":
        forms = [f for f in forms if f.tag.number == "plur"] or forms
    else:
        forms = [f for f in forms if f.tag.number == "sing"] or forms
        if parse.tag.POS != "NOUN" and gender:
            forms = [f for f in forms if f.tag.gender == gender] or forms
    if not forms:
        return word
    # Written as the text writes it: with е where the text has е.
    return forms[0].word if "ё" in word.lower() else forms[0].word.replace("ё", "е")


def _label(text: str, words: list[re.Match[str]], first: int, head: int, last: int, lang: str) -> str:
    """The name as written, the words up to the head put in the nominative (Russian): "Договора о …" →
    "Договор о …", "Высшего Государственного Совета …" → "Высший Государственный Совет …"."""
    written = text[words[first].start() : words[last].end()]
    if lang != "ru":
        return written
    head_parse = _parse(words[head].group().lower())
    number = head_parse.tag.number or "sing"
    before = _parse(words[head - 1].group().lower()) if first < head else None
    if before is not None and before.tag.POS == "ADJF" and before.tag.number:
        # A head whose form is ambiguous ("партнерства": genitive singular or nominative plural) takes the number
        # of the adjective that agrees with it ("Большого Евразийского партнерства").
        number = before.tag.number
    gender = head_parse.tag.gender
    out = []
    for k in range(first, head + 1):
        w = words[k].group()
        new = w if w.isupper() else _nominative(w, head_parse.tag.case, number, gender)
        out.append(new[:1].upper() + new[1:] if w[:1].isupper() else new)
    tail_start = words[head].end()
    tail = text[tail_start : words[last].end()] if last > head else ""
    return " ".join(out) + tail
