"""Russian morphology (pymorphy3): a person's name in any grammatical case put into the nominative."""

from __future__ import annotations

from functools import cache, lru_cache

import pymorphy3

# Grammemes of the parts of a person's name in the OpenCorpora dictionary pymorphy3 ships.
_NAME_PARTS = {"Name", "Surn", "Patr"}


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    """Loaded once per process (a few hundredths of a second; the dictionary is part of the package)."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1 << 14)
def is_given_name(word: str) -> bool:
    """Whether a capitalised word can be a given name: a name in the dictionary, or a word it does not know (a
    foreign name: "Клодиа", "Хейсам"), but not a known common word or place ("Федерации", "Конго")."""
    parses = analyzer().parse(word)
    if any(_NAME_PARTS & set(p.tag.grammemes) for p in parses):
        return True
    return not any(p.is_known for p in parses)


@lru_cache(maxsize=1 << 14)
def nominative_word(word: str, case: str | None = None, gender: str | None = None) -> str:
    """One word of a name in the nominative, spelt with the capitals it had; unchanged when not a name's part.

    A word the dictionary does not know (a foreign name: "Макроном") is changed only when the case is known
    from elsewhere (a known given name beside it, the office before it) and a guess of its forms has that case."""
    if not word[:1].isupper() or not any(c.islower() for c in word[1:]) or len(word) <= 3:
        return word  # not a name's part, or a particle ("Аль", "Бен") that does not inflect
    parses = analyzer().parse(word)
    known = any(p.is_known for p in parses)
    if known:
        parses = [p for p in parses if _NAME_PARTS & set(p.tag.grammemes)]
    elif case is None:
        return word
    else:
        parses = [p for p in parses if p.tag.POS == "NOUN" and p.tag.case == case]
    if case is not None:
        parses = [p for p in parses if p.tag.case == case] or (parses if known else [])
    if gender is not None:
        parses = [p for p in parses if p.tag.gender == gender] or parses
    elif not known:
        parses = [p for p in parses if p.tag.gender == "masc"] or parses
    if not parses:
        return word
    best = parses[0]
    if best.tag.case == "nomn" and best.tag.number == "sing":
        return word
    form = best.inflect({"nomn", "sing"})
    if form is None:
        return word
    return form.word[:1].upper() + form.word[1:]


def case_of(word: str) -> str | None:
    """The grammatical case of an office's last word ("Президентом" → ablt), which a name after it shares."""
    parses = [p for p in analyzer().parse(word) if p.tag.POS == "NOUN" and p.is_known]
    cases = {p.tag.case for p in parses}
    return cases.pop() if len(cases) == 1 else (parses[0].tag.case if parses else None)


def nominative_name(name: str, case: str | None = None) -> str:
    """'Мигелем Диас-Канелем' → 'Мигель Диас-Канель'; 'Михаила Мишустина' → 'Михаил Мишустин'. The case and
    gender of the first word that the dictionary knows as a given name decide the others' (a surname alone is
    ambiguous: "Мишустина" is a man's genitive or a woman's nominative); else `case`, the case of the word
    before the name. Hyphenated parts are put into the nominative one by one."""
    words = name.split()
    gender = None
    for w in words:
        given = [p for p in analyzer().parse(w) if "Name" in p.tag.grammemes and p.is_known]
        if case is not None:
            given = [p for p in given if p.tag.case == case] or given
        if given:
            case, gender = given[0].tag.case, given[0].tag.gender
            break
    if case == "nomn":
        return name
    out = []
    for w in words:
        parts = w.split("-")
        out.append("-".join(nominative_word(p, case, gender) if p else p for p in parts))
    return " ".join(out)
