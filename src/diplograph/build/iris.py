"""Stable IRIs minted from natural keys; the same name always gives the same IRI."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef

DEFAULT_BASE = "https://w3id.org/diplograph/"
DG = Namespace("https://w3id.org/diplograph/ontology#")

# Russian → Latin, after the BGN/PCGN scheme in its simplified form (no diacritics).
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
MAX_SLUG = 80


def transliterate(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, _TRANSLIT.get(ch.lower(), ch)) for ch in text)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-', Cyrillic transliterated; never empty.

    Letters and digits with no ASCII form (Chinese, Greek, Arabic, 'ß', …) would simply vanish, and two different
    names would then share one IRI ('李强' and '王毅' both 'unnamed'); so would two names made of symbols only. When
    that happens the slug ends in a short hash of the name as written (NFC), so distinct names keep distinct, stable
    IRIs; names that lose nothing get the plain slug they always had, and an empty name is 'unnamed'. A slug cut to
    MAX_SLUG characters ends in that hash too, so long names that begin alike stay apart.
    """
    folded = transliterate(text.lower())
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    # Letters with no ASCII form, or a name of symbols only ('😀', '***'): the plain slug would merge it with others.
    lost = any(ch.isalnum() and not ch.isascii() for ch in decomposed) or (not slug and bool(text.strip()))
    suffix = "-" + _name_hash(text) if lost else ""
    if len(slug) > MAX_SLUG - len(suffix):
        # Cut short, two long names with the same first words would share an IRI ('директор федерального
        # государственного бюджетного учреждения культуры «…»'): the cut slug ends in the hash of the whole name.
        suffix = "-" + _name_hash(text)
        slug = slug[: MAX_SLUG - len(suffix)].rsplit("-", 1)[0].strip("-")
    return (slug or "unnamed") + suffix


def _name_hash(text: str) -> str:
    """Eight hex digits that stand for the name as written, the same in every run and on every machine."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:8]


class Minter:
    """Mints every resource IRI under one configurable base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/': {base!r}")
        self.base = base
        self.id = Namespace(base + "id/")

    def entity(self, kind: str, slug: str) -> URIRef:
        return self.id[f"{kind}/{slug}"]

    def document(self, key: str) -> URIRef:
        return self.id[f"document/{key}"]

    def in_document(self, key: str, *parts: str | int) -> URIRef:
        return self.id["/".join(["document", key, *map(str, parts)])]

    def concept(self, scheme: str, label: str) -> URIRef:
        return self.id[f"{scheme}/{slugify(label)}"]

    def reference_graph(self) -> URIRef:
        return self.id["graph/reference"]
