"""Take a SPARQL-based constraint's SELECT apart: its projected variables and its WHERE clause.

The compiler pre-binds $this by inlining the WHERE clause after the focus-node pattern; that equals SHACL's
pre-binding only for clauses without sub-queries, UNION, MINUS, GRAPH, SERVICE or VALUES, so those are
refused here, when the shapes are read.
"""

from __future__ import annotations

import re

from .errors import UnsupportedShapeFeature

RESERVED = re.compile(r"[?$]_dg[A-Z]\b")
IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


SELECT_HEAD = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(?P<vars>(?:[?$]\w+\s*)+)WHERE\s*\{", re.I | re.S)
FORBIDDEN_IN_BODY = ("SELECT", "MINUS", "UNION", "SERVICE", "GRAPH", "VALUES", "FROM")


def _code_only(text: str) -> str:
    """`text` with string literals, IRIs and comments blanked out (same length), for keyword scanning."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith(('"""', "'''"), i):
            end = text.find(text[i : i + 3], i + 3)
            end = len(text) if end < 0 else end + 3
            out.append(" " * (end - i))
            i = end
            continue
        if ch in "\"'":
            j = i + 1
            while j < len(text) and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (min(j + 1, len(text)) - i))
            i = j + 1
            continue
        iri = IRI.match(text, i)
        if ch == "<" and iri:
            out.append(" " * (iri.end() - i))
            i = iri.end()
            continue
        if ch == "#":
            j = text.find("\n", i)
            j = len(text) if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def split_select(shape_key: str, select: str) -> tuple[list[str], str]:
    """The projected variables and the WHERE body (without its outer braces) of a constraint's SELECT."""
    code = _code_only(select)
    head = SELECT_HEAD.match(code)
    if not head:
        raise UnsupportedShapeFeature(
            f"shape {shape_key}: sh:select must read 'SELECT [DISTINCT] ?var … WHERE {{ … }}' "
            "(no expressions or * in the projection)"
        )
    depth, start, end = 1, head.end(), -1
    for i in range(start, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                end = i
                break
    if end < 0:
        raise UnsupportedShapeFeature(f"shape {shape_key}: unbalanced braces in sh:select")
    if code[end + 1 :].strip():
        raise UnsupportedShapeFeature(
            f"shape {shape_key}: solution modifiers after the WHERE clause of sh:select "
            f"({code[end + 1:].strip()[:40]!r}) are not supported"
        )
    body_code = code[start:end]
    for word in FORBIDDEN_IN_BODY:
        if re.search(rf"\b{word}\b", body_code, re.I):
            raise UnsupportedShapeFeature(
                f"shape {shape_key}: {word} inside the WHERE clause of sh:select is not supported "
                "($this is pre-bound by inlining the clause)"
            )
    for var in ("currentShape", "shapesGraph"):
        if re.search(rf"[?$]{var}\b", body_code):
            raise UnsupportedShapeFeature(f"shape {shape_key}: ${var} in sh:select is not supported")
    if RESERVED.search(code):
        raise UnsupportedShapeFeature(f"shape {shape_key}: variables named ?_dg… are reserved")
    variables = [v[1:] for v in head.group("vars").split()]
    return variables, select[start:end]
