"""The canned queries mean the same thing in every SPARQL engine, and their hand-kept lists match the ontology.

Several queries are written for Oxigraph's planner (tables joined on the graph, VALUES lists instead of class
tests); these tests make sure such a rewrite has not changed what the query means: rdflib, a second engine that
plans nothing, must return the same rows on the published graph.
"""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import RDFS

from diplograph import paths
from diplograph.queries import list_queries, open_store, run_query

DG = rdflib.Namespace("https://w3id.org/diplograph/ontology#")
QUERIES = {q.name: q for q in list_queries()}
# Parameter values that have answers in the committed graph (the seeds).
PARAMS = {
    "office-holders": {"date": "2021-03-26"},
    "mentions": {"entity": "https://w3id.org/diplograph/id/organisation/united-nations"},
    "office-history": {"office": "https://w3id.org/diplograph/id/office/minister-of-defence"},
    "versions": {"item": "65231"},
}


def _normal(rows: list[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    """Rows as a sorted multiset; the parts of a "; "-joined value sorted too (GROUP_CONCAT's order is free)."""
    return sorted(
        (tuple(v if v is None or "; " not in v else "; ".join(sorted(v.split("; "))) for v in row) for row in rows),
        key=repr,
    )


@pytest.fixture(scope="module")
def stores() -> tuple[object, rdflib.Dataset]:
    dataset = rdflib.Dataset()
    dataset.parse(paths.GRAPH / "diplograph.nq", format="nquads")
    return open_store(paths.GRAPH), dataset


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_rdflib_and_oxigraph_give_the_same_rows(name: str, stores: tuple[object, rdflib.Dataset]) -> None:
    oxigraph, dataset = stores
    query = QUERIES[name]
    params = PARAMS.get(name, {})
    assert {p.name for p in query.parameters} == set(params), "give the test a value for each parameter"
    variables, rows = run_query(query, oxigraph, params)  # type: ignore[arg-type]
    assert rows, f"{name} answers nothing on the committed graph, so this comparison would prove nothing"
    bindings = {
        p.name: rdflib.URIRef(params[p.name])
        if p.type == "iri"
        else rdflib.Literal(params[p.name], datatype=rdflib.XSD.date if p.type == "date" else None)
        for p in query.parameters
    }
    theirs = [
        tuple(None if row[v] is None else str(row[v]) for v in variables)
        for row in dataset.query(query.text, initBindings=bindings)  # type: ignore[union-attr]
    ]
    ours = [tuple(row[v] for v in variables) for row in rows]
    assert _normal(theirs) == _normal(ours)


def test_timeline_lists_every_kind_of_instrument() -> None:
    """timeline.rq names the subclasses of dg:Instrument in a VALUES list (Oxigraph cannot see the ontology): a
    subclass added to the ontology and not to the list would drop its instruments from the timeline."""
    ontology = rdflib.Graph().parse(paths.ONTOLOGY / "diplograph.ttl")
    subclasses = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, DG.Instrument)} - {str(DG.Instrument)}
    listed = re.search(r"VALUES \?class \{([^}]*)\}", QUERIES["timeline"].text)
    assert listed is not None
    assert {str(DG) + name for name in re.findall(r"dg:(\w+)", listed.group(1))} == subclasses
