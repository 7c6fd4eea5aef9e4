"""Deterministic JSON-LD: one object per subject, keys and values sorted, IRIs compacted with the project's
prefixes. Written per named graph so a whole dataset streams out without being held in memory.

rdflib's JSON-LD serialiser needs the whole graph in memory and orders nodes as its store iterates them; Oxigraph's
writes expanded form only. This writer gives compact, stable output that any JSON-LD 1.1 processor expands back to
exactly the same triples (the tests check that with rdflib and pyoxigraph).
"""

from __future__ import annotations

import json

from rdflib import Graph

from ..build.metadata import METADATA_PREFIXES
from ..build.terms import RDF, XSD, SharedMemo, Term, Triples, triples_of
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
    """Compact IRIs under a context, and the JSON text of every IRI and value written with it. Both are kept from
    one graph to the next (SharedMemo), as the vocabulary and the entities recur in every graph."""

    def __init__(self, ctx: dict[str, str]) -> None:
        self.namespaces = Namespaces(ctx.items())  # longest first, so a namespace that extends another wins
        self.ids: SharedMemo[str, str] = SharedMemo(self._compact)  # IRI → compact IRI
        self.strings: SharedMemo[str, str] = SharedMemo(_json_string)  # compact IRI → JSON string
        self.values: SharedMemo[Term, tuple[tuple[str, str, str, str], str]] = SharedMemo(self._value)

    def iri(self, value: str) -> str:
        return self.ids[value]

    def _compact(self, value: str) -> str:
        for prefix, ns in self.namespaces.of(value):
            local = value[len(ns) :]
            # A compact IRI whose suffix starts with '//' would read as an absolute IRI; keep those whole.
            if not local.startswith("//"):
                return f"{prefix}:{local}"
        return value

    def _value(self, o: Term) -> tuple[tuple[str, str, str, str], str]:
        """A value object's sort key (@id, @value, @language, @type) and its JSON text, as json.dumps writes
        {"@id": …} or {"@value": …, "@language"/"@type": …}."""
        if isinstance(o, str):
            compact = self.ids[o]
            return (compact, "", "", ""), '{"@id": ' + self.strings[compact] + "}"
        text = '{"@value": ' + _json_string(o.value)
        if o.language:
            return ("", o.value, o.language, ""), text + ', "@language": ' + _json_string(o.language) + "}"
        if o.datatype and o.datatype != _XSD_STRING:
            datatype = self.ids[o.datatype]
            return ("", o.value, "", datatype), text + ', "@type": ' + self.strings[datatype] + "}"
        return ("", o.value, "", ""), text + "}"

    def trim(self) -> None:
        """Called between graphs: past their limit the memos start again empty."""
        for memo in (self.ids, self.strings, self.values):
            memo.trim()


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps with any option makes a new encoder per call


def _json_string(value: str) -> str:
    """A string as json.dumps(..., ensure_ascii=False) writes it, inside objects and arrays too."""
    return _ENCODER.encode(value)


def named_graph_object(name: str, graph: Graph | Triples, compactor: Compactor) -> str:
    """One named graph as a JSON object (text), for the dataset's top-level "@graph" array: its nodes sorted by
    @id, each with its @type list, then its properties sorted, each with its values sorted.

    The text is what json.dumps(..., ensure_ascii=False) writes for the same objects (default separators), built
    from the JSON text of each IRI and value, which is made once and kept; tests/test_build_speed_equivalence.py
    reads it back."""
    compactor.trim()
    ids, strings, values = compactor.ids, compactor.strings, compactor.values
    by_subject: dict[str, tuple[list[str], dict[str, list[tuple[tuple[str, str, str, str], str]]]]] = {}
    for s, p, o in triples_of(graph):
        sid = ids[s]
        node = by_subject.get(sid)
        if node is None:
            node = by_subject[sid] = ([], {})
        if p == _RDF_TYPE and isinstance(o, str):
            node[0].append(ids[o])
        else:
            prop = ids[p]
            found = node[1].get(prop)
            if found is None:
                node[1][prop] = [values[o]]
            else:
                found.append(values[o])
    objects: list[str] = []
    for sid in sorted(by_subject):
        types, props = by_subject[sid]
        items = ['{"@id": ' + strings[sid]]
        if types:
            items.append('"@type": [' + ", ".join([strings[t] for t in sorted(types)]) + "]")
        for prop in sorted(props):
            found = props[prop]
            if len(found) > 1:
                found.sort()  # by key; values with equal keys have equal text
            items.append(strings[prop] + ": [" + ", ".join([text for _, text in found]) + "]")
        objects.append(", ".join(items) + "}")
    return '{"@id": ' + strings[ids[name]] + ', "@graph": [' + ", ".join(objects) + "]}"


def dataset_head(ctx: dict[str, str]) -> str:
    """The start of a dataset document: the context inline, then the array the named graphs go in."""
    return '{"@context": ' + json.dumps(ctx, ensure_ascii=False, sort_keys=True) + ',\n "@graph": [\n'


GRAPH_SEPARATOR = ",\n"  # between two named-graph objects
DATASET_TAIL = "\n]}\n"
