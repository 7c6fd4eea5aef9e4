"""Web addresses found in a page, checked before they become IRIs in the graph.

A saved page is text anyone may have edited: a URL line can carry quotes, braces, angle brackets, a replacement
character from a bad decode, or a right-to-left override. Such a value would be written as an IRI that RDF parsers
refuse (rdflib will not serialise it, Oxigraph and raptor will not read it back), so every address a reader keeps
is held to RFC 3987: an absolute http(s) IRI made only of the characters the IRI grammar allows, percent escapes
well formed, and no bidirectional formatting characters (RFC 3987, section 4.1). Oxigraph's own IRI parser has the
last word, so what passes here is what every later stage can write and read.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

# Characters outside every IRI production: ASCII controls and space, the delimiters RFC 3987 leaves out
# ("<>\"{}|\\^`"), and '[' ']' (only legal around an IPv6 host, which no source page uses).
_FORBIDDEN_ASCII = re.compile(r"[\x00-\x20<>\"{}|\\^`\[\]\x7f]")
# Non-ASCII characters that are not `ucschar` (or `iprivate`), and the bidi formatting characters.
_FORBIDDEN_WIDE = re.compile(
    "[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufff0-\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U000efffe\U000effff]"
)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_WEB = re.compile(r"^https?://[^/?#@:]+(?::[0-9]{1,5})?(?:[/?#].*)?$", re.S)


def problem(value: str) -> str | None:
    """Why `value` is not a web address diplograph can publish as an IRI, or None when it is one."""
    if not _WEB.match(value):
        return "not an absolute http(s) address"
    bad = _FORBIDDEN_ASCII.search(value) or _FORBIDDEN_WIDE.search(value)
    if bad:
        return f"the character U+{ord(bad.group()):04X} is not allowed in an IRI"
    if _BAD_PERCENT.search(value):
        return "a '%' that does not start a two-digit escape"
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        return f"not a valid IRI ({exc})"
    return None


def is_web_address(value: str) -> bool:
    return problem(value) is None
