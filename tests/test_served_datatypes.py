"""Stores that normalise datatypes: a document graph read back from `diplograph serve`'s /sparql (an embedded
Oxigraph store, which folds every integer subtype into xsd:integer) still conforms to the published shapes, because
the build writes its integers as xsd:integer (docs/stores.md)."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import rdflib
from rdflib.namespace import XSD

from diplograph import paths
from diplograph.serve import DataSource, Limits, ServeConfig, Server
from diplograph.validate import load_shapes, validate_graph

DOC = "https://w3id.org/diplograph/id/document/kremlin-en-65231"


@pytest.fixture(scope="module")
def server(corpus_build: Path):
    config = ServeConfig(source=DataSource(graph=corpus_build), workers=1, limits=Limits(timeout=60, max_rows=200_000))
    with Server(config, port=0) as running:
        yield running


def construct(server: Server, graph: str) -> rdflib.Graph:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        conn.request("GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": "application/n-triples"})
        reply = conn.getresponse()
        body = reply.read()
    finally:
        conn.close()
    assert reply.status == 200, body[:300]
    return rdflib.Graph().parse(data=body.decode("utf-8"), format="nt")


def test_a_served_document_graph_conforms_to_the_shapes(server: Server) -> None:
    served = construct(server, DOC)
    assert len(served) > 1000
    offsets = ("#start", "#end", "#turnNumber")
    integers = {o.datatype for _, p, o in served if isinstance(o, rdflib.Literal) and str(p).endswith(offsets)}
    assert integers == {XSD.integer}
    assert validate_graph(served, load_shapes(str(paths.SHAPES)), DOC) == []


def test_the_built_files_write_integers_as_xsd_integer(corpus_build: Path) -> None:
    text = (corpus_build / "diplograph.nq").read_text(encoding="utf-8")
    for derived in ("nonNegativeInteger", "positiveInteger", "#int>", "#long>"):
        assert derived not in text
