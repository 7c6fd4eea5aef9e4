"""SPARQL 1.1 Update text that replaces one named graph in one request.

`DROP SILENT GRAPH` then `INSERT DATA` in a single request. Oxigraph applies a request in one transaction, so the
graph is never seen half-written. Virtuoso 7.2 does not: it commits operation by operation (a failing third
operation left the first two applied, when tried), so a failure there can leave the graph empty or partly
inserted until the load is run again; its Graph Store endpoint is the better path and is tried first.
Terms are written in their N-Triples form, which escapes every character that could end a literal or an IRI.
"""

from __future__ import annotations

import pyoxigraph as ox

from .source import GraphUnit

# Triples per INSERT DATA operation: Virtuoso compiles each operation to SQL and refuses one whose SQL passes
# 10,000 lines (error SP031), which a 2,000-triple document graph already does; 500 stays well below.
TRIPLES_PER_OPERATION = 500


def replace_graph_update(unit: GraphUnit, per_operation: int = TRIPLES_PER_OPERATION) -> str:
    """Drop the graph and insert its new triples, in one update request of several operations.

    A graph with blank nodes goes in as one `INSERT { … } WHERE {}` instead: Virtuoso refuses blank nodes in
    INSERT DATA (error SP031), and a blank node label may not be shared by two operations of one request, so such
    a graph cannot be split.
    """
    name = str(unit.name)
    operations = [f"DROP SILENT GRAPH {name}"]
    if unit.has_blank_nodes():
        operations.append(f"INSERT {{ GRAPH {name} {{\n{unit.ntriples()}}} }} WHERE {{}}")
    else:
        for start in range(0, len(unit.triples), per_operation):
            chunk = GraphUnit(unit.name, unit.triples[start:start + per_operation])
            operations.append(f"INSERT DATA {{ GRAPH {name} {{\n{chunk.ntriples()}}} }}")
    return " ;\n".join(operations)


def drop_graph_update(name: ox.NamedNode) -> str:
    return f"DROP SILENT GRAPH {name}"


def graphs_under_query(base: str) -> str:
    """The named graphs whose IRI starts with `base` (the ones --prune may remove), base bound as a literal."""
    return ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {ox.Literal(base)})) }}")
