"""Fast, deterministic Turtle and N-Quads text for one graph.

rdflib's Turtle serialiser takes about 60 µs a triple, and the published files must be sorted anyway; pyoxigraph
writes fast but escapes the '/' of every prefixed name (`dgr:document\\/…`). This writer sorts the triples itself,
takes each term's canonical N-Triples form from pyoxigraph (which does all the escaping), and compacts IRIs only
where the local part is a plain Turtle name. Output: prefixes used, then one block per subject, `a` first,
predicates and objects in order. Any Turtle parser reads it back to the same triples (tests/test_publish.py checks).

Both writers take a triple set of light terms (build/terms.py) or an rdflib graph. Each distinct term of a graph
is converted once per writer; the latest few thousand IRIs and literals are also remembered between graphs, as
the vocabulary, the entities and their labels recur in every document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph

from ..build.terms import RDF, SHARED_TERMS, XSD, Lit, Memo, Term, Triples, triples_of

# A local name we can write unescaped: letters, digits, '_', '-', and inner '.'; not starting with '-' or '.'.
_PLAIN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_RDF_TYPE = RDF.type
_XSD_STRING = XSD.string
_XSD_INTEGER = XSD.integer


@lru_cache(maxsize=SHARED_TERMS)
def _iri(value: str) -> str:
    return str(ox.NamedNode(value))


@lru_cache(maxsize=SHARED_TERMS)
def _literal(lit: Lit) -> str:
    if lit.language:
        return str(ox.Literal(lit.value, language=lit.language))
    if lit.datatype and lit.datatype != _XSD_STRING:
        return str(ox.Literal(lit.value, datatype=ox.NamedNode(lit.datatype)))
    return str(ox.Literal(lit.value))


@lru_cache(maxsize=SHARED_TERMS)
def _quoted(value: str) -> str:
    """The value as a quoted, escaped Turtle string."""
    return str(ox.Literal(value))


def nt(term: Term) -> str:
    """The term in canonical N-Triples form."""
    return _iri(term) if isinstance(term, str) else _literal(term)


def nquads_text(graph: Graph | Triples, name: str) -> str:
    """The graph as N-Quads in `name`, lines sorted."""
    tail = f" {_iri(name)} .\n"
    form = Memo(nt)
    lines = {f"{form[s]} {form[p]} {form[o]}{tail}" for s, p, o in triples_of(graph)}
    return "".join(sorted(lines))


class Namespaces:
    """The namespaces an IRI starts with, longest first, as prefixed names are chosen. One regular expression finds
    the longest; the shorter ones, which serve when the local part after the longest cannot be written, are the
    namespaces that begin the longest, listed beforehand. (Testing each namespace in turn for every IRI took a
    tenth of the time spent writing.)"""

    def __init__(self, prefixes: Iterable[tuple[str, str]]) -> None:
        by_length = sorted(prefixes, key=lambda item: -len(item[1]))  # (prefix, namespace); ties keep their order
        self.chains: dict[str, list[tuple[str, str]]] = {}
        for prefix, ns in by_length:
            if ns not in self.chains:  # a namespace bound to two prefixes is written with the first
                shorter = [(p, n) for p, n in by_length if len(n) < len(ns) and ns.startswith(n)]
                self.chains[ns] = [(prefix, ns), *shorter]
        self.longest = re.compile("|".join(map(re.escape, self.chains))) if self.chains else None

    def of(self, iri: str) -> list[tuple[str, str]]:
        """(prefix, namespace) for each namespace `iri` starts with, longest first."""
        found = self.longest.match(iri) if self.longest is not None else None
        return self.chains[found.group()] if found is not None else []


class _Compactor:
    """Prefixed names for IRIs, remembered: the vocabulary and the entities come back in every document."""

    def __init__(self, prefixes: tuple[tuple[str, str], ...]) -> None:
        self.namespaces = Namespaces(prefixes)
        self.iri = lru_cache(maxsize=SHARED_TERMS)(self._compact)

    def _compact(self, value: str) -> tuple[str, str]:
        """(prefix used or "", the IRI as written)."""
        for prefix, ns in self.namespaces.of(value):
            local = value[len(ns) :]
            if local == "" or _PLAIN_LOCAL.match(local):
                return prefix, f"{prefix}:{local}"
        return "", _iri(value)


@lru_cache(maxsize=16)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> _Compactor:
    """One compactor per set of prefixes (in their order), so what it remembers serves every graph."""
    return _Compactor(prefixes)


class _TurtleTerms:
    """Turtle terms for one graph, noting the prefixes they use."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.compactor = _compactor(tuple(prefixes.items()))
        self.used: set[str] = set()

    def iri(self, value: str) -> str:
        prefix, text = self.compactor.iri(value)
        if prefix:
            self.used.add(prefix)
        return text

    def term(self, term: Term) -> str:
        if isinstance(term, str):
            return self.iri(term)
        if term.datatype and not term.language:
            if term.datatype == _XSD_INTEGER and _INTEGER.match(term.value):
                return term.value
            if term.datatype != _XSD_STRING:
                return f"{_quoted(term.value)}^^{self.iri(term.datatype)}"
        return _literal(term)


def _order(term: Term) -> tuple[int, str, str]:
    if isinstance(term, str):
        return (0, term, "")
    return (2, term.value, f"{term.language}|{term.datatype}")


def _predicate_order(p: str) -> tuple[bool, str]:
    return (p != _RDF_TYPE, p)


def turtle_text(graph: Graph | Triples, prefixes: dict[str, str]) -> str:
    """Sorted Turtle of the graph, declaring only the prefixes it uses."""
    terms = _TurtleTerms(prefixes)
    form = Memo(terms.term)  # made when first written, so a prefix is declared only if something written uses it
    by_subject: defaultdict[str, defaultdict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples_of(graph):
        by_subject[s][p].append(o)
    blocks: list[str] = []
    for s in sorted(by_subject):
        preds = by_subject[s]
        lines: list[str] = []
        for p in sorted(preds, key=_predicate_order):
            objects = preds[p]
            if len(objects) > 1:
                objects.sort(key=_order)
            verb = "a" if p == _RDF_TYPE else form[p]
            lines.append(f"{verb} {', '.join(map(form.__getitem__, objects))}")
        blocks.append(form[s] + " " + " ;\n    ".join(lines) + " .\n")
    head = "".join(f"@prefix {p}: {_iri(prefixes[p])} .\n" for p in sorted(terms.used))
    return head + ("\n" if head else "") + "\n".join(blocks)
