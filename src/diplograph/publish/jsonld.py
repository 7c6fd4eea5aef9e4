"""Deterministic JSON-LD: one object per subject, keys and values sorted, IRIs compacted with the project's
prefixes. Written per named graph so a whole dataset streams out without being held in memory.

rdflib's JSON-LD serialiser needs the whole graph in memory and orders nodes as its store iterates them; Oxigraph's
writes expanded form only. This writer gives compact, stable output that any JSON-LD 1.1 processor expands back to
exactly the same triples (the tests check that with rdflib and pyoxigraph).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from rdflib import Graph

from ..build.metadata import METADATA_PREFIXES
from ..build.terms import RDF, SHARED_TERMS, XSD, Memo, Term, Triples, triples_of
from ..build.vocab import PREFIXES
from .rdf_text import Namespaces

JSONLD_CONTEXT_FILE = "context.jsonld"
_RDF_TYPE = RDF.type
_XSD_STRING = XSD.string


def context(base: str) -> dict[str, str]:
    """Prefix definitions only: terms stay compact IRIs (`dg:participant`), so nothing is renamed."""
    ctx = {prefix: str(ns) for prefix, ns in sorted({**PREFIXES, **METADATA_PREFIXES}.items())}
    ctx["dgr"] = base + "id/"
    return ctx


class Compactor:
    """Compact IRIs under a context; the latest IRIs are remembered, as the vocabulary and the entities recur in
    every graph."""

    def __init__(self, ctx: dict[str, str]) -> None:
        self.namespaces = Namespaces(ctx.items())  # longest first, so a namespace that extends another wins
        self.iri = lru_cache(maxsize=SHARED_TERMS)(self._compact)

    def _compact(self, value: str) -> str:
        for prefix, ns in self.namespaces.of(value):
            local = value[len(ns) :]
            # A compact IRI whose suffix starts with '//' would read as an absolute IRI; keep those whole.
            if not local.startswith("//"):
                return f"{prefix}:{local}"
        return value

    def term(self, o: Term) -> dict[str, str]:
        if isinstance(o, str):
            return {"@id": self.iri(o)}
        out = {"@value": o.value}
        if o.language:
            out["@language"] = o.language
        elif o.datatype and o.datatype != _XSD_STRING:
            out["@type"] = self.iri(o.datatype)
        return out


def _sort_key(value: dict[str, str]) -> tuple[str, ...]:
    return (value.get("@id", ""), value.get("@value", ""), value.get("@language", ""), value.get("@type", ""))


def nodes(graph: Graph | Triples, compactor: Compactor) -> list[dict[str, Any]]:
    """The graph as a sorted list of node objects."""
    iri = Memo(compactor.iri)  # each distinct IRI and value of the graph is converted once
    value = Memo(compactor.term)  # value objects are shared where a term recurs, and never changed
    by_subject: dict[str, dict[str, list[dict[str, str]]]] = {}
    types: dict[str, list[str]] = {}
    for s, p, o in triples_of(graph):
        sid = iri[s]
        props = by_subject.setdefault(sid, {})
        if p == _RDF_TYPE and isinstance(o, str):
            types.setdefault(sid, []).append(iri[o])
        else:
            props.setdefault(iri[p], []).append(value[o])
    out: list[dict[str, Any]] = []
    for sid in sorted(by_subject):
        node: dict[str, Any] = {"@id": sid}
        if sid in types:
            node["@type"] = sorted(types[sid])
        props = by_subject[sid]
        for prop in sorted(props):
            values = props[prop]
            node[prop] = sorted(values, key=_sort_key) if len(values) > 1 else values
        out.append(node)
    return out


def named_graph_object(name: str, graph: Graph | Triples, compactor: Compactor) -> str:
    """One named graph as a JSON object (text), for the dataset's top-level "@graph" array."""
    return json.dumps(
        {"@id": compactor.iri(name), "@graph": nodes(graph, compactor)}, ensure_ascii=False, sort_keys=False
    )


def dataset_head(ctx: dict[str, str]) -> str:
    """The start of a dataset document: the context inline, then the array the named graphs go in."""
    return '{"@context": ' + json.dumps(ctx, ensure_ascii=False, sort_keys=True) + ',\n "@graph": [\n'


GRAPH_SEPARATOR = ",\n"  # between two named-graph objects
DATASET_TAIL = "\n]}\n"
