"""Fast, deterministic Turtle and N-Quads text for one graph.

rdflib's Turtle serialiser takes about 60 µs a triple, and the published files must be sorted anyway; pyoxigraph
writes fast but escapes the '/' of every prefixed name (`dgr:document\\/…`). This writer sorts the triples itself,
takes each term's canonical N-Triples form from pyoxigraph (which does all the escaping), and compacts IRIs only
where the local part is a plain Turtle name. Output: prefixes used, then one block per subject, `a` first,
predicates and objects in order. Any Turtle parser reads it back to the same triples (tests/test_publish.py checks).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

# A local name we can write unescaped: letters, digits, '_', '-', and inner '.'; not starting with '-' or '.'.
_PLAIN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")


@lru_cache(maxsize=200_000)
def _iri(value: str) -> str:
    return str(ox.NamedNode(value))


def nt(term: URIRef | BNode | Literal) -> str:
    """The term in canonical N-Triples form."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.language:
        return str(ox.Literal(str(term), language=term.language))
    if term.datatype is not None and term.datatype != XSD.string:
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
    return str(ox.Literal(str(term)))


def nquads_text(graph: Graph, name: str) -> str:
    """The graph as N-Quads in `name`, lines sorted."""
    g = _iri(name)
    lines = sorted({f"{nt(s)} {nt(p)} {nt(o)} {g} .\n" for s, p, o in graph})  # type: ignore[arg-type]
    return "".join(lines)


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.used: set[str] = set()

    def iri(self, value: str) -> str:
        for prefix, ns in self.by_length:
            if value.startswith(ns):
                local = value[len(ns) :]
                if local == "" or _PLAIN_LOCAL.match(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return _iri(value)

    def term(self, term: URIRef | BNode | Literal) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal) and term.datatype is not None and not term.language:
            if term.datatype == XSD.integer and _INTEGER.match(str(term)):
                return str(term)
            if term.datatype != XSD.string:
                text = str(ox.Literal(str(term)))
                return f"{text}^^{self.iri(str(term.datatype))}"
        return nt(term)


def _order(term: URIRef | BNode | Literal) -> tuple[int, str, str]:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    extra = "" if not isinstance(term, Literal) else f"{term.language or ''}|{term.datatype or ''}"
    return (kind, str(term), extra)


def turtle_text(graph: Graph, prefixes: dict[str, str]) -> str:
    """Sorted Turtle of the graph, declaring only the prefixes it uses."""
    compact = _Compactor(prefixes)
    by_subject: dict[URIRef | BNode, dict[URIRef, list[URIRef | BNode | Literal]]] = {}
    for s, p, o in graph:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)  # type: ignore[index, arg-type]
    blocks: list[str] = []
    for s in sorted(by_subject, key=_order):
        preds = by_subject[s]
        lines: list[str] = []
        for p in sorted(preds, key=lambda p: (p != RDF.type, str(p))):
            verb = "a" if p == RDF.type else compact.iri(str(p))
            objects = ", ".join(compact.term(o) for o in sorted(preds[p], key=_order))
            lines.append(f"{verb} {objects}")
        blocks.append(compact.term(s) + " " + " ;\n    ".join(lines) + " .\n")
    head = "".join(f"@prefix {p}: {_iri(prefixes[p])} .\n" for p in sorted(compact.used))
    return head + ("\n" if head else "") + "\n".join(blocks)
