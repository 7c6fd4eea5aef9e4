"""Deterministic JSON-LD: one object per subject, keys and values sorted, IRIs compacted with the project's
prefixes. Written per named graph so a whole dataset streams out without being held in memory.

rdflib's JSON-LD serialiser needs the whole graph in memory and orders nodes as its store iterates them; Oxigraph's
writes expanded form only. This writer gives compact, stable output that any JSON-LD 1.1 processor expands back to
exactly the same triples (the tests check that with rdflib and pyoxigraph).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..build.metadata import METADATA_PREFIXES
from ..build.vocab import PREFIXES

JSONLD_CONTEXT_FILE = "context.jsonld"


def context(base: str) -> dict[str, str]:
    """Prefix definitions only: terms stay compact IRIs (`dg:participant`), so nothing is renamed."""
    ctx = {prefix: str(ns) for prefix, ns in sorted({**PREFIXES, **METADATA_PREFIXES}.items())}
    ctx["dgr"] = base + "id/"
    return ctx


class Compactor:
    def __init__(self, ctx: dict[str, str]) -> None:
        # Longest namespace first, so a namespace that extends another wins.
        self.prefixes = sorted(((ns, p) for p, ns in ctx.items()), key=lambda item: -len(item[0]))

    def iri(self, value: str) -> str:
        for ns, prefix in self.prefixes:
            if value.startswith(ns):
                local = value[len(ns) :]
                # A compact IRI whose suffix starts with '//' would read as an absolute IRI; keep those whole.
                if not local.startswith("//"):
                    return f"{prefix}:{local}"
        return value

    def term(self, o: URIRef | BNode | Literal) -> dict[str, str]:
        if isinstance(o, Literal):
            out = {"@value": str(o)}
            if o.language:
                out["@language"] = o.language
            elif o.datatype is not None and o.datatype != XSD.string:
                out["@type"] = self.iri(str(o.datatype))
            return out
        if isinstance(o, BNode):
            return {"@id": f"_:{o}"}
        return {"@id": self.iri(str(o))}


def _sort_key(value: dict[str, str]) -> tuple[str, ...]:
    return (value.get("@id", ""), value.get("@value", ""), value.get("@language", ""), value.get("@type", ""))


def nodes(graph: Graph, compactor: Compactor) -> list[dict[str, Any]]:
    """The graph as a sorted list of node objects."""
    by_subject: dict[str, dict[str, list[dict[str, str]]]] = {}
    types: dict[str, list[str]] = {}
    for s, p, o in graph:
        sid = f"_:{s}" if isinstance(s, BNode) else compactor.iri(str(s))
        if p == RDF.type and not isinstance(o, Literal):
            types.setdefault(sid, []).append(compactor.term(o)["@id"])
            by_subject.setdefault(sid, {})
            continue
        by_subject.setdefault(sid, {}).setdefault(compactor.iri(str(p)), []).append(compactor.term(o))
    out: list[dict[str, Any]] = []
    for sid in sorted(by_subject):
        node: dict[str, Any] = {"@id": sid}
        if sid in types:
            node["@type"] = sorted(types[sid])
        for prop in sorted(by_subject[sid]):
            node[prop] = sorted(by_subject[sid][prop], key=_sort_key)
        out.append(node)
    return out


def named_graph_object(name: str, graph: Graph, compactor: Compactor) -> str:
    """One named graph as a JSON object (text), for the dataset's top-level "@graph" array."""
    return json.dumps(
        {"@id": compactor.iri(name), "@graph": nodes(graph, compactor)}, ensure_ascii=False, sort_keys=False
    )


def dataset(ctx: dict[str, str], graph_objects: Iterable[str]) -> Iterable[str]:
    """The pieces of a dataset document: context, then the named graphs, one per line."""
    yield '{"@context": ' + json.dumps(ctx, ensure_ascii=False, sort_keys=True) + ',\n "@graph": [\n'
    first = True
    for text in graph_objects:
        yield ("" if first else ",\n") + text
        first = False
    yield "\n]}\n"
