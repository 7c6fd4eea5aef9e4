"""Checks on a SPARQL query's text made before any parser sees it, and the parsed check for federation.

`nesting_depth` bounds how deeply brackets nest: Oxigraph's parser is recursive and a 20 KB query of ten thousand
nested parentheses overflows the worker's stack, killing it; a depth far beyond any real query is refused first.
The scan is linear and skips comments (ended by LF or CR, as SPARQL defines them), strings and IRIs, where
brackets mean nothing; where it cannot tell, it counts, so it errs towards refusing.

`analyse` looks for SERVICE in the query's algebra, as parsed by rdflib. It is the endpoint's clear answer
(a 400 that names SERVICE), not its guarantee: rdflib and Oxigraph disagree on some spellings, so the guarantee is
that the workers cannot open a network socket at all (`sandbox`). Where that sandbox is unavailable, a query
rdflib cannot parse is refused too, since it cannot be shown free of SERVICE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'"
                     r"|\"(?:[^\"\\\n\r]|\\.)*\"", re.S)
_OPEN, _CLOSE = "([{", ")]}"


def nesting_depth(text: str, limit: int) -> int:
    """The deepest bracket nesting of `text` — or `limit + 1` as soon as it goes beyond `limit`."""
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            ends = [e for e in (text.find("\n", i), text.find("\r", i)) if e >= 0]
            i = min(ends) if ends else n
            continue
        if ch in "'\"":
            m = _STRING.match(text, i)
            i = m.end() if m is not None else i + 1
            continue
        if ch == "<":
            m = _IRI.match(text, i)
            if m is not None:
                i = m.end()
                continue
        if ch in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return limit + 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        i += 1
    return deepest


def _has_service(node: Any, seen: set[int]) -> bool:
    if id(node) in seen:
        return False
    seen.add(id(node))
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(v, seen) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_has_service(v, seen) for v in node)
    return False


@dataclass(frozen=True)
class Analysis:
    """What the parsed query does that the endpoint must know before running it; None: rdflib cannot tell."""

    service: bool | None   # a SERVICE anywhere (subqueries, EXISTS, OPTIONAL, UNION …)
    dataset: bool | None   # a FROM or FROM NAMED clause


_FROM = re.compile(r"\bFROM\b", re.I)


def analyse(text: str) -> Analysis:
    """The query's algebra as parsed by rdflib. When rdflib cannot parse it, `service` is None and `dataset` is
    whether the word FROM appears at all (so that a FROM is honoured rather than ignored)."""
    lowered = text.lower()
    if "service" not in lowered and "from" not in lowered and "\\u" not in lowered:
        return Analysis(False, False)  # neither keyword can be there, spelt any way: no need to parse (~10 ms)
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception:  # noqa: BLE001 — any failure (syntax, recursion, unsupported form) means "cannot tell"
        return Analysis(None, bool(_FROM.search(text)))
    return Analysis(_has_service(algebra, set()), bool(algebra.get("datasetClause")))
