"""Light RDF terms: what the builder writes and the publishers read, and the way to and from rdflib.

A document graph is a set of triples whose IRIs are plain `str` and whose literals are `Lit` tuples. rdflib's
`Graph.add` keeps three indexes and its `URIRef` and `Literal` check and convert every value they are made with;
for a graph that is written once and read three times in full (Turtle, N-Quads, JSON-LD), that was most of the
build's time. rdflib graphs are made only where a consumer needs one (pySHACL, tests), with `to_rdflib`;
graphs made with rdflib (the reference and metadata graphs) are written through `from_rdflib`.

Literals are kept as written. rdflib rewrites some lexical forms ('01'^^xsd:integer becomes '1'); the builder makes
only forms it leaves alone (ISO dates and times, decimal integers), so a triple set and its rdflib graph hold the
same triples (tests/test_build_speed_equivalence.py checks that on real documents).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Set
from typing import NamedTuple, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns

from . import iris, vocab


class Lit(NamedTuple):
    """A literal: its lexical form, language tag ("" if none) and datatype IRI ("" for a plain string)."""

    value: str
    language: str = ""
    datatype: str = ""


Term = str | Lit  # an IRI is its own string
Triple = tuple[str, str, Term]
Triples = Set[Triple]


class Names:
    """A namespace whose terms are plain strings; each is made on first use and then read as an attribute."""

    def __init__(self, namespace: object) -> None:  # an rdflib namespace, or its IRI
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._base + name
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self._base + name


# The vocabularies the builder writes with, as plain strings (rdflib's namespaces of the same names make URIRefs).
DG = Names(iris.DG)
OA = Names(vocab.OA)
SCHEMA = Names(vocab.SCHEMA)
WD = Names(vocab.WD)
DCTERMS = Names(ns.DCTERMS)
ORG = Names(ns.ORG)
PROV = Names(ns.PROV)
RDF = Names(ns.RDF)
RDFS = Names(ns.RDFS)
SKOS = Names(ns.SKOS)
TIME = Names(ns.TIME)
XSD = Names(ns.XSD)
OWL = Names(ns.OWL)


# Entries kept by the caches of terms shared between documents (vocabulary, entities, concepts). Large enough for
# those; small because every full garbage collection walks each cache, and the terms minted inside a document,
# which never recur, pass through them too (200,000 entries made a collection cost about 30 ms).
SHARED_TERMS = 8192

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V]):
    """A dict that makes a missing value with `make` and keeps it: a writer converts each distinct term of a graph
    once, however often the term occurs, and then reads it back at the cost of a dict lookup."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self.make(key)
        return value


# Entries a writer's memo of term forms may hold before it is emptied (see SharedMemo).
SHARED_FORMS = 65536


class SharedMemo(Memo[K, V]):
    """A Memo kept from one graph to the next: the vocabulary, the entities and their labels recur in every
    document, so most of a graph's terms were already converted for an earlier one, and a hit is one dict lookup
    (an lru_cache costs a Python call and a linked-list update per hit, and a per-graph Memo converts every term of
    every graph again). The terms minted inside a document never recur and would grow it without end, so the
    owner calls `trim` before each graph: past `limit` entries the memo starts again empty. It is never emptied
    while a graph is being written, so whatever is looked up during one graph stays there until it is done."""

    def __init__(self, make: Callable[[K], V], limit: int = SHARED_FORMS) -> None:
        super().__init__(make)
        self.limit = limit

    def trim(self) -> None:
        if len(self) > self.limit:
            self.clear()


def to_rdflib(triples: Iterable[Triple]) -> Graph:
    """The triples as an rdflib graph."""
    g = Graph()
    for triple in triples:
        g.add(rdflib_triple(triple))
    return g


def rdflib_triple(triple: Triple) -> tuple[URIRef, URIRef, URIRef | Literal]:
    s, p, o = triple
    return URIRef(s), URIRef(p), _rdflib_term(o)


def _rdflib_term(o: Term) -> URIRef | Literal:
    if isinstance(o, Lit):
        return Literal(o.value, lang=o.language or None, datatype=URIRef(o.datatype) if o.datatype else None)
    return URIRef(o)


def from_rdflib(graph: Graph) -> set[Triple]:
    """An rdflib graph's triples as light terms. Blank nodes have no place in a published graph: they raise."""
    out: set[Triple] = set()
    for s, p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise ValueError(f"a blank node in a graph to publish: {s.n3()} {p.n3()} {o.n3()}")
        out.add((str(s), str(p), _light_term(o)))  # type: ignore[arg-type]
    return out


def _light_term(o: URIRef | Literal) -> Term:
    if isinstance(o, Literal):
        return Lit(str(o), o.language or "", str(o.datatype) if o.datatype is not None else "")
    return str(o)


def triples_of(source: Graph | Triples) -> Triples:
    """The triples to write: an rdflib graph converted, a triple set as it is."""
    return from_rdflib(source) if isinstance(source, Graph) else source
