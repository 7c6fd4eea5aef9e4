"""The fast build path (light triples, build/terms.py) publishes exactly what the rdflib path publishes.

The builder makes a set of plain-string IRIs and `Lit` literals; rdflib graphs are made from it only for pySHACL
and for callers that query with rdflib. These tests take every document of the repository corpus and of a
generated 30-document corpus and check, per document, that

* the triple set holds only plain terms (an rdflib `URIRef` is a `str` but never equal to one, so a stray one
  would let duplicates through) and the very triples rdflib holds once it has read and normalised them;
* each writer (N-Quads, Turtle, JSON-LD, statistics) gives the same bytes from the triple set as from the rdflib
  graph, and the N-Quads are the lines pyoxigraph itself writes for the rdflib graph's triples;
* Turtle and JSON-LD read back (with pyoxigraph) to exactly those triples;
* both validators report the same violations for the triple set as for the rdflib graph, on the graph as built
  and on a copy that breaks a shape;
* prefixed names are chosen as a plain test of every namespace, longest first, would choose them, also where
  namespaces nest, share a prefix, or leave a local part that cannot be written.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from diplograph import paths
from diplograph.build.document_graph import build_document_graph, build_document_triples
from diplograph.build.iris import Minter
from diplograph.build.metadata import GraphStats
from diplograph.build.terms import DCTERMS, Lit, Triple, from_rdflib
from diplograph.extract.document import extract
from diplograph.link.linker import Linker
from diplograph.pipeline import GraphChecker
from diplograph.publish.files import prefixes
from diplograph.publish.jsonld import DATASET_TAIL, Compactor, context, dataset_head, named_graph_object
from diplograph.publish.rdf_text import _PLAIN_LOCAL, _compactor, nquads_text, turtle_text
from diplograph.read import corpus_files, read_document

ROOT = Path(__file__).resolve().parents[1]
MINTER = Minter()


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate_for_equivalence", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


@pytest.fixture(scope="module")
def documents(linker: Linker, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, set[Triple], Graph]]:
    """(graph IRI, triple set, rdflib graph) for every document of the corpus and of a generated corpus."""
    generated = _generator().generate_corpus(tmp_path_factory.mktemp("generated"), 30, 5)
    files = corpus_files(paths.CORPUS) + corpus_files(generated)
    assert len(files) >= 32
    out = []
    for path in files:
        facts = extract(read_document(path), linker)
        name = str(MINTER.document(facts.source.key))
        out.append((name, build_document_triples(facts, MINTER, linker), build_document_graph(facts, MINTER, linker)))
    return out


def _ox(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.NamedNode(str(term))


def _quads(graph: Graph, name: str) -> set[ox.Quad]:
    g = ox.NamedNode(name)
    return {ox.Quad(_ox(s), _ox(p), _ox(o), g) for s, p, o in graph}  # type: ignore[arg-type]


def test_the_triple_set_holds_plain_terms_and_what_rdflib_holds(documents: list) -> None:
    for name, triples, graph in documents:
        for s, p, o in triples:
            assert type(s) is str and type(p) is str, (name, s, p)
            assert type(o) is str or (type(o) is Lit and all(type(part) is str for part in o)), (name, o)
        assert len(graph) == len(triples), name
        assert from_rdflib(graph) == triples, name  # rdflib changed no lexical form, language or datatype


def test_each_writer_gives_the_same_bytes_from_the_triples_and_from_rdflib(documents: list) -> None:
    compactor = Compactor(context(MINTER.base))
    pre = prefixes(MINTER.base)
    for name, triples, graph in documents:
        assert nquads_text(triples, name) == nquads_text(graph, name), name
        assert turtle_text(triples, pre) == turtle_text(graph, pre), name
        assert named_graph_object(name, triples, compactor) == named_graph_object(name, graph, compactor), name
        assert GraphStats.of(triples, name + "/", "en", "http://kremlin.ru/x") == GraphStats.of(
            graph, name + "/", "en", "http://kremlin.ru/x"
        ), name


def test_nquads_are_what_pyoxigraph_writes_for_the_rdflib_graph(documents: list) -> None:
    for name, triples, graph in documents:
        expected = "".join(sorted({f"{quad} .\n" for quad in _quads(graph, name)}))
        assert nquads_text(triples, name) == expected, name


def test_turtle_and_jsonld_read_back_to_the_rdflib_graph(documents: list) -> None:
    ctx = context(MINTER.base)
    compactor = Compactor(ctx)
    for name, triples, graph in documents:
        expected = _quads(graph, name)
        g = ox.NamedNode(name)
        ttl = turtle_text(triples, prefixes(MINTER.base))
        read = {ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)}
        assert read == expected, name
        jsonld = dataset_head(ctx) + named_graph_object(name, triples, compactor) + DATASET_TAIL
        assert set(ox.parse(jsonld, format=ox.RdfFormat.JSON_LD)) == expected, name


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
def test_validators_judge_the_triples_as_they_judge_rdflib(documents: list, validator: str) -> None:
    checker = GraphChecker(paths.SHAPES, validator)
    sample = documents[:2] + documents[-2:]
    for name, triples, graph in sample:
        untitled = {t for t in triples if t[1] != DCTERMS.title}  # breaks "exactly one dcterms:title"
        broken = build_graph_from(untitled)
        for kept, rdf in ((triples, graph), (untitled, broken)):
            nq = nquads_text(kept, name)
            assert checker.check([(name, kept, nq)]) == checker.check([(name, rdf, nq)]), name
        assert not checker.check([(name, triples, nquads_text(triples, name))]).get(name), name
        found = checker.check([(name, untitled, nquads_text(untitled, name))]).get(name, [])
        assert any(v.path.endswith("title") or "title" in v.message for v in found), (name, found)


def build_graph_from(triples: set[Triple]) -> Graph:
    """The rdflib graph of a triple set, made here without the code under test."""
    g = Graph()
    for s, p, o in triples:
        obj: URIRef | Literal
        if isinstance(o, Lit):
            obj = Literal(o.value, lang=o.language or None, datatype=URIRef(o.datatype) if o.datatype else None)
        else:
            obj = URIRef(o)
        g.add((URIRef(s), URIRef(p), obj))
    return g


NESTED = {
    "a": "http://ex.org/", "b": "http://ex.org/x/", "c": "http://ex.org/x/y#", "d": "http://ex.org/x/",
    "e": "http://ex.org/x/y#z/", "f": "http://other.org/",
}


def _longest_first(value: str, usable) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """The plain rule: the first namespace, longest first (ties in the order given), whose local part is usable."""
    for prefix, ns in sorted(NESTED.items(), key=lambda item: -len(item[1])):
        if value.startswith(ns) and usable(value[len(ns) :]):
            return prefix, value[len(ns) :]
    return None


def test_prefixed_names_follow_the_longest_namespace_rule() -> None:
    turtle, jsonld = _compactor(tuple(NESTED.items())), Compactor(NESTED)
    rng = random.Random(7)
    pieces = ["http://ex.org/", "x/", "y#", "z/", "//", "a", "b.c", "-", ".", "q/r", "http://other.org/", ""]
    checked: set[str] = set()
    while len(checked) < 2000:
        start = rng.choice(["http://ex.org/", "http://other.org/"])
        value = start + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        if value in checked or value.count("#") > 1:  # two fragments: not an IRI
            continue
        checked.add(value)
        plain = _longest_first(value, lambda local: local == "" or _PLAIN_LOCAL.match(local))
        assert turtle.iri(value) == ((plain[0], f"{plain[0]}:{plain[1]}") if plain else ("", f"<{value}>")), value
        whole = _longest_first(value, lambda local: not local.startswith("//"))
        assert jsonld.iri(value) == (f"{whole[0]}:{whole[1]}" if whole else value), value
    assert {turtle.iri(v)[0] for v in checked} >= {"a", "b", "c", "e", "f", ""}  # every namespace was chosen
