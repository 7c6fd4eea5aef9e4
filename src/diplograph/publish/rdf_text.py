"""Fast, deterministic Turtle and N-Quads text for one graph.

rdflib's Turtle serialiser takes about 60 µs a triple, and the published files must be sorted anyway; pyoxigraph
writes fast but escapes the '/' of every prefixed name (`dgr:document\\/…`). This writer sorts the triples itself,
takes each term's canonical N-Triples form from pyoxigraph (which does all the escaping), and compacts IRIs only
where the local part is a plain Turtle name. Output: prefixes used, then one block per subject, `a` first,
predicates and objects in order. Any Turtle parser reads it back to the same triples (tests/test_publish.py checks).

Both writers take a triple set of light terms (build/terms.py) or an rdflib graph. A term's written form is kept
from one graph to the next (SharedMemo): the vocabulary, the entities and their labels recur in every document,
so most terms of a graph cost one dict lookup, and the per-triple work is building and sorting its text. The
memos are emptied only between graphs, and are not shared between threads: the build writes in processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph

from ..build.terms import RDF, XSD, Lit, SharedMemo, Term, Triples, triples_of

# A local name we can write unescaped: letters, digits, '_', '-', and inner '.'; not starting with '-' or '.'.
_PLAIN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_RDF_TYPE = RDF.type
_XSD_STRING = XSD.string
_XSD_INTEGER = XSD.integer


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))  # pyoxigraph refuses an invalid IRI here, so nothing invalid is written


def _literal(lit: Lit) -> str:
    if lit.language:
        return str(ox.Literal(lit.value, language=lit.language))
    if lit.datatype and lit.datatype != _XSD_STRING:
        return str(ox.Literal(lit.value, datatype=ox.NamedNode(lit.datatype)))
    return str(ox.Literal(lit.value))


def _quoted(value: str) -> str:
    """The value as a quoted, escaped Turtle string."""
    return str(ox.Literal(value))


def nt(term: Term) -> str:
    """The term in canonical N-Triples form."""
    return _iri(term) if isinstance(term, str) else _literal(term)


_NT_FORMS: SharedMemo[Term, str] = SharedMemo(nt)


def nquads_text(graph: Graph | Triples, name: str) -> str:
    """The graph as N-Quads in `name`, lines sorted."""
    form = _NT_FORMS
    form.trim()
    tail = f" {form[name]} .\n"
    # A set, not a list: two distinct light literals can have one written form ("x" and "x"^^xsd:string).
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
    """Turtle forms of terms under one set of prefixes, kept between graphs (the vocabulary and the entities come
    back in every document), each with the prefix it uses, so a graph declares only the prefixes it writes."""

    def __init__(self, prefixes: tuple[tuple[str, str], ...]) -> None:
        self.namespaces = Namespaces(prefixes)
        self.forms: SharedMemo[Term, str] = SharedMemo(self._form)
        self.prefix_of: dict[Term, str] = {}  # every term in `forms` → the prefix its form uses, or ""

    def iri(self, value: str) -> tuple[str, str]:
        """(prefix used or "", the IRI as written)."""
        for prefix, ns in self.namespaces.of(value):
            local = value[len(ns) :]
            if local == "" or _PLAIN_LOCAL.match(local):
                return prefix, f"{prefix}:{local}"
        return "", _NT_FORMS[value]  # the N-Quads writer, which runs next on the same graph, finds it there

    def _form(self, term: Term) -> str:
        prefix, text = "", ""
        if isinstance(term, str):
            prefix, text = self.iri(term)
        elif term.datatype and not term.language and term.datatype != _XSD_STRING:
            if term.datatype == _XSD_INTEGER and _INTEGER.match(term.value):
                text = term.value
            else:
                prefix, datatype = self.iri(term.datatype)
                text = f"{_quoted(term.value)}^^{datatype}"
        else:
            text = _NT_FORMS[term]
        self.prefix_of[term] = prefix
        return text

    def trim(self) -> None:
        """Start again empty when too many forms are kept; called between graphs only."""
        if len(self.forms) > self.forms.limit:
            self.forms.clear()
            self.prefix_of.clear()


@lru_cache(maxsize=16)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> _Compactor:
    """One compactor per set of prefixes (in their order), so what it remembers serves every graph."""
    return _Compactor(prefixes)


def _order(term: Term) -> tuple[int, str, str]:
    if isinstance(term, str):
        return (0, term, "")
    return (2, term.value, f"{term.language}|{term.datatype}")


def turtle_text(graph: Graph | Triples, prefixes: dict[str, str]) -> str:
    """Sorted Turtle of the graph, declaring only the prefixes it uses."""
    compactor = _compactor(tuple(prefixes.items()))
    compactor.trim()
    _NT_FORMS.trim()  # it holds the forms written in full here too
    form = compactor.forms
    triples = triples_of(graph)
    by_subject: dict[str, dict[str, list[Term]]] = {}
    for s, p, o in triples:
        preds = by_subject.get(s)
        if preds is None:
            by_subject[s] = {p: [o]}
        else:
            objects = preds.get(p)
            if objects is None:
                preds[p] = [o]
            else:
                objects.append(o)
    blocks: list[str] = []
    for s in sorted(by_subject):
        preds = by_subject[s]
        order = sorted(preds)
        if _RDF_TYPE in preds:  # `a` first, then the predicates by IRI
            order.remove(_RDF_TYPE)
            order.insert(0, _RDF_TYPE)
        lines: list[str] = []
        for p in order:
            objects = preds[p]
            if len(objects) == 1:
                text = form[objects[0]]
            else:
                objects.sort(key=_order)
                text = ", ".join(map(form.__getitem__, objects))
            lines.append(f"a {text}" if p == _RDF_TYPE else f"{form[p]} {text}")
        blocks.append(f"{form[s]} " + " ;\n    ".join(lines) + " .\n")
    # The prefixes of every term written: subjects, objects, and predicates but rdf:type, which is written `a`.
    written = {o for _, _, o in triples}
    written.update(by_subject)
    written.update({p for _, p, _ in triples if p != _RDF_TYPE})
    used = set(map(compactor.prefix_of.__getitem__, written))
    used.discard("")
    head = "".join(f"@prefix {p}: {_iri(prefixes[p])} .\n" for p in sorted(used))
    return head + ("\n" if head else "") + "\n".join(blocks)
