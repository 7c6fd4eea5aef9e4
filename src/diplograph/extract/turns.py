"""Speech turns: paragraphs opened by a speaker label ("President of Russia Vladimir Putin: …",
"В.Путин: …", "Question: …"); paragraphs without one continue the current turn."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import rules
from ..link.linker import Linker
from ..link.tokens import fold_word
from ..read.source import SourceDocument, Span
from .facts import Ref, Turn
from .text import cue_list

_LABEL = re.compile(r"(?P<label>[^:\n]{1,120}?):\s+\S")
_INITIALS = re.compile(r"^(?P<initials>(?:[A-ZА-ЯЁ]\.\s?){1,2})(?P<surname>[A-ZА-ЯЁ][\w’'-]+)$")
_CAP = re.compile(r"^[A-ZА-ЯЁ][\w’'.-]*$")
_LOWER_OK = {"of", "the", "for", "and", "on", "in", "to", "at", "de", "–", "-"}
# A note after the speaker's name ("(retranslated)", "(через переводчика)") is not part of the label.
_NOTE = re.compile(r"\s*\([^()]*\)$")


def find_turns(doc: SourceDocument, linker: Linker, named: Sequence[Ref] = ()) -> list[Turn]:
    """The speech turns; `named` are the persons the document names elsewhere (participants, mentions), whom a
    label of initials and surname ("В.Никитина:") is matched to before a new person is minted."""
    text = doc.text
    roles = set(cue_list("role_labels", doc.language))
    titles = {rules.fold(w) for w in cue_list("speaker_title_words", doc.language)}
    turns: list[Turn] = []
    by_surname: dict[str, Ref] = {}
    for para in doc.body:
        m = _LABEL.match(text, para.start, para.end)
        label = _NOTE.sub("", m["label"].strip()) if m else None
        parsed = _parse_label(label, roles, titles, linker) if label else None
        if parsed is None:
            if turns:
                turns[-1].paragraphs.append(para)
                turns[-1].span = Span(turns[-1].span.start, para.end)
            continue
        role, name = parsed
        speaker = _speaker(name, doc, linker, by_surname, named) if name else None
        start = m.end("label") + 1  # type: ignore[union-attr]
        while text[start].isspace():
            start += 1
        body = Span(start, para.end)
        turns.append(Turn(len(turns) + 1, speaker, role, body, [body]))
    return turns


def _parse_label(label: str, roles: set[str], titles: set[str], linker: Linker) -> tuple[str | None, str | None] | None:
    """(role as printed, person name) when the label is a speaker label, else None.

    The name ends the label: a reference person's name when one ends it; else what follows the role — title
    words and names of organisations and states ("Deputy Prime Minister", "UN Secretary-General", "Президент
    Франции"), or a role with "of" up to the end of the known body it names ("Prime Minister of Vietnam"). So a
    three-word name ("Пан Ги Мун", "Nguyen Tan Dung") stays whole; where the role's end is unknown ("Minister of
    Digital Development Oleg Tsvetkov") the name is the last two words.
    """
    if label in roles:
        return label, None
    if _INITIALS.match(label):
        return None, label
    words = label.split()
    if len(words) > 16 or any(ch in label for ch in "?!;«»\"()") or label.endswith("."):
        return None
    if not all(_CAP.match(w) or w in _LOWER_OK for w in words):
        return None
    first = len(words)
    while first > 0 and _CAP.match(words[first - 1]):
        first -= 1
    run = len(words) - first
    if run < 1 or (run < 2 and not _INITIALS.match(words[-1])):
        return None
    for i in range(first, len(words)):
        candidate = " ".join(words[i:])
        if (len(words) - i >= 2 or _INITIALS.match(candidate)) and linker.persons.get(candidate) is not None:
            return " ".join(words[:i]) or None, candidate
    in_bodies = _words_in_bodies(label, words, linker)
    role_word = [rules.fold(w) in titles or k in in_bodies for k, w in enumerate(words)]
    connector = max((k for k, w in enumerate(words) if w in _LOWER_OK), default=-1)
    if connector >= 0:
        # "Minister of Digital Development Oleg Tsvetkov": what follows "of" is the role's until the name, and
        # only a known body ("of Vietnam", "of the United Nations") says where it ends.
        i = connector + 1
        while i < len(words) - 1 and in_bodies and i in in_bodies:
            i += 1
        if i == connector + 1:
            i = len(words) - 2
    else:
        # No connector: title words and bodies open the label, the name follows the last of them.
        i = max((k + 1 for k in range(len(words) - 1) if role_word[k]), default=0)
    if len(words) - i > 3 or (len(words) - i < 2 and not _INITIALS.match(words[-1])):
        i = len(words) - 2
    return " ".join(words[:i]) or None, " ".join(words[i:])


def _words_in_bodies(label: str, words: list[str], linker: Linker) -> set[int]:
    """Indexes of the label's words that are part of an organisation's or a state's name."""
    starts: list[int] = []
    pos = 0
    for w in words:
        pos = label.index(w, pos)
        starts.append(pos)
        pos += len(w)
    out: set[int] = set()
    for group in linker.matcher.find(label):
        if any(m.entity.category in ("organisation", "state") for m in group):
            out |= {k for k, at in enumerate(starts) if group[0].start <= at < group[0].end}
    return out


def _speaker(name: str, doc: SourceDocument, linker: Linker, by_surname: dict[str, Ref], named: Sequence[Ref]) -> Ref:
    m = _INITIALS.match(name)
    surname = m["surname"] if m else name.split()[-1]
    if m:
        known = by_surname.get(surname)
        if known:
            return known
    ref = linker.person(name, doc.language)
    if m and ref.entity is None:
        ref = _named_person(m["initials"], surname, named) or linker.person(surname, doc.language)
    by_surname.setdefault(surname, ref)
    return ref


def _named_person(initials: str, surname: str, named: Sequence[Ref]) -> Ref | None:
    """The one person the document names whose given name starts with the initial and whose surname is the
    label's, in either language and in any case form ("И.Зотова" → "Инна Зотова", "с Инной Зотовой")."""
    initial = initials[0].upper()
    key = fold_word(surname)
    found: list[Ref] = []
    for ref in named:
        if ref.category != "person" or ref in found:
            continue
        forms = [ref.label] + ([n for lang in ("en", "ru") for n in ref.entity.names(lang)] if ref.entity else [])
        for form in forms:
            parts = form.split()
            if len(parts) >= 2 and parts[0][:1].upper() == initial and fold_word(parts[-1]) == key:
                found.append(ref)
                break
    return found[0] if len(found) == 1 else None
