"""Stable IRIs minted from natural keys; the same name always gives the same IRI."""

from __future__ import annotations

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
    """Lower-case ASCII words joined by '-', Cyrillic transliterated; never empty."""
    text = transliterate(text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug or "unnamed"


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
