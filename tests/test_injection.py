"""Injection attempts against the canned queries and the public SPARQL endpoint: a parameter is a term and nothing
else, whatever its characters, locally (pyoxigraph substitution), remotely (a VALUES block sent to a real Oxigraph
server) and through the /queries/NAME web API; the endpoint refuses every disguise of an update and leaves the data
as it was; it makes no requests of its own to other servers."""

from __future__ import annotations

import http.client
import http.server
import json
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.errors import QueryError
from diplograph.queries import bound_terms, get_query, open_store, run_query, run_remote_query
from diplograph.serve import DataSource, ServeConfig, Server
from diplograph.store import load_graphs, open_target
from diplograph.store.binding import bind_values

from .servers import SparqlListener, oxigraph_server

PROFILE = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
KNOWN = "https://w3id.org/diplograph/id/instrument/a-res-53-70"
ATTEMPTS = [
    '"} UNION { ?s ?p ?o } #', "> } UNION { ?s ?p ?o } #", "x> . ?s ?p ?o } #", "'} ; DROP ALL ; #",
    "x#} UNION {?s ?p ?o", "x\\u003E } UNION { ?s ?p ?o }", "a b", "x\n} UNION {", "%3E%20%7D", "x'); DROP ALL; --",
    "x\"^^<http://x>", "x\" . } INSERT DATA { <a> <b> <c> } #", "x}}}}", "x{{{{", "x\u202e", "x\x00", "x\x7f",
    "x`", "x|y", "x^y", "x\\y", "()!$&'*+,;=", "x#comment\n?s", "x]]>", "x<script>alert(1)</script>",
]
IRIS = [prefix + attempt for prefix in ("http://example.org/", KNOWN) for attempt in ATTEMPTS] + ATTEMPTS
DATES = ["2021-03-26", "2021-03-26\"} UNION {", "2021-03-26' #", "2021-13-01", "2021-03-26T00:00:00", "x", ""]
hostile = st.lists(st.one_of(st.sampled_from(ATTEMPTS), st.characters()), max_size=8).map("".join)


@pytest.fixture(scope="module")
def store(corpus_build: Path) -> ox.Store:
    return open_store(corpus_build)


def mentions_of(store: ox.Store, entity: str) -> list[dict[str, str | None]] | None:
    """The rows of `mentions` for an entity, or None when the parameter is refused as not an IRI."""
    try:
        return run_query(get_query("mentions"), store, {"entity": entity})[1]
    except QueryError as exc:
        assert "not a valid iri" in str(exc)
        return None


# -- local: substitution ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("entity", IRIS)
def test_local_iri_parameter_is_a_term(store: ox.Store, entity: str) -> None:
    rows = mentions_of(store, entity)
    if rows is not None:  # accepted as an IRI: it names no entity (or the known one exactly), never "everything"
        assert all(row["entity"] == entity for row in rows)
        assert rows == [] or entity == KNOWN


@pytest.mark.parametrize("date", DATES)
def test_local_date_parameter_is_a_term(store: ox.Store, date: str) -> None:
    try:
        _, rows = run_query(get_query("office-holders"), store, {"date": date})
    except QueryError as exc:
        assert "not a valid date" in str(exc)
        return
    assert rows and {row["date"] for row in rows} == {date}


@settings(PROFILE, max_examples=300)
@given(text=hostile)
def test_hostile_text_bound_remotely_evaluates_to_itself(text: str) -> None:
    """The VALUES block a remote query gets: for any string, evaluating the bound query gives back exactly the
    term that was bound — one row, that value — however many braces, quotes, comments and '#' it holds."""
    query = ('# a { comment } with "quotes" and #hash\nSELECT ?v ?w WHERE { FILTER("}" != "{") '
             "OPTIONAL { ?x <http://e/p> '#' } }")
    for term in (ox.Literal(text), ox.Literal(text, language="en")):
        bound = bind_values(query, {"v": term})
        rows = list(ox.Store().query(bound))
        assert len(rows) == 1 and rows[0]["v"] == term and rows[0]["w"] is None
    try:
        iri = bound_terms(get_query("mentions"), {"entity": "http://example.org/" + text})["entity"]
    except QueryError:
        return
    rows = list(ox.Store().query(bind_values(query, {"v": iri})))
    assert len(rows) == 1 and rows[0]["v"] == iri


# -- remote: a real Oxigraph server --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, corpus_build: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-injection")) as server:
        assert load_graphs(corpus_build, open_target(endpoint=server.query_url,
                                                     graph_store=server.graph_store_url)).ok
        yield server.query_url


def count_quads(query_url: str) -> int:
    rows = run_remote_query(get_query("documents"), query_url)[1]
    assert rows
    from diplograph.store.remote_query import select

    return int(select(query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1][0]["n"] or 0)


def test_remote_parameters_cannot_change_the_query(oxigraph: str, store: ox.Store) -> None:
    before = count_quads(oxigraph)
    for entity in IRIS:
        local = mentions_of(store, entity)
        try:
            remote = run_remote_query(get_query("mentions"), oxigraph, {"entity": entity})[1]
        except QueryError as exc:
            assert local is None and "not a valid iri" in str(exc), entity
            continue
        assert local is not None, entity
        assert sorted(map(str, remote)) == sorted(map(str, local)), entity
    for date in DATES:
        try:
            remote = run_remote_query(get_query("office-holders"), oxigraph, {"date": date})[1]
        except QueryError:
            continue
        assert {row["date"] for row in remote} == {date}
    assert count_quads(oxigraph) == before  # nothing was dropped or inserted


# -- the web API and the public endpoint ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(corpus_build: Path) -> Iterator[Server]:
    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1), port=0) as running:
        yield running


def get(server: Server, path: str, *, method: str = "GET", body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def triple_count(server: Server) -> int:
    status, body = get(server, "/sparql?" + urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
                       headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("entity", IRIS)
def test_web_api_parameters_are_terms(server: Server, store: ox.Store, entity: str) -> None:
    status, body = get(server, "/queries/mentions.json?" + urlencode({"entity": entity}))
    local = mentions_of(store, entity)
    if local is None:
        assert status == 400 and b"not a valid iri" in body
        return
    assert status == 200
    bindings = json.loads(body)["results"]["bindings"]
    assert len(bindings) == len(local) and all(b["entity"]["value"] == entity for b in bindings)
    status, page = get(server, "/queries/mentions?" + urlencode({"entity": entity}))
    assert status == 200 and b"<script>alert" not in page  # what the form echoes back is escaped


UPDATE = "INSERT DATA { GRAPH <http://evil.example/g> { <http://evil.example/s> <http://evil.example/p> 1 } }"
DISGUISES = [
    UPDATE, UPDATE.lower(), "  \n\t" + UPDATE, "# comment\n" + UPDATE, "PREFIX e: <http://evil.example/#>\n" + UPDATE,
    "PREFIX e: <http://evil.example/#> # x\n" + UPDATE, "BASE <http://evil.example/>\n" + UPDATE,
    "\ufeff" + UPDATE, "SELECT * WHERE { ?s ?p ?o } ;\n" + UPDATE, "ASK {} ; " + UPDATE,
    "\\u0049NSERT DATA { <http://evil.example/s> <http://evil.example/p> 1 }",
    "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP ALL", "LOAD <http://127.0.0.1:9/x.ttl>",
    "WITH <http://evil.example/g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CREATE GRAPH <http://evil.example/g>", "COPY DEFAULT TO <http://evil.example/g>", "MOVE DEFAULT TO <x:y>",
    "ADD DEFAULT TO <x:y>", "SELECT * {} # ; DROP ALL",
]


def test_every_disguised_update_is_refused_and_nothing_changes(server: Server) -> None:
    before = triple_count(server)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for text in DISGUISES:
        replies = [
            get(server, "/sparql?" + urlencode({"query": text})),
            get(server, "/sparql?" + urlencode({"update": text})),
            get(server, "/sparql", method="POST", headers=form, body=urlencode({"update": text}).encode()),
            get(server, "/sparql", method="POST", headers=form, body=urlencode({"query": text}).encode()),
            get(server, "/sparql", method="POST", headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                body=text.encode()),
            get(server, "/sparql", method="POST", headers={"Content-Type": "application/sparql-query"},
                body=text.encode()),
        ]
        for status, body in replies:
            if text.startswith("SELECT * {} #"):
                continue  # a plain query with a comment: answered, and harmless
            assert status in (400, 403), (text, status, body[:200])
    ask = "ASK { GRAPH ?g { <http://evil.example/s> ?p ?o } }"
    status, body = get(server, "/sparql?" + urlencode({"query": ask}), headers={"Accept": "application/json"})
    assert status == 200 and json.loads(body)["boolean"] is False
    assert triple_count(server) == before


BAD_GRAPH_IRIS = ("http://x/a b", "http://x/>", "x } UNION { ?s ?p ?o", "<http://x/>", "")


def dataset_replies(server: Server) -> list[tuple[str, str, int, bytes]]:
    replies = []
    for bad in BAD_GRAPH_IRIS:
        for name in ("default-graph-uri", "named-graph-uri"):
            status, body = get(server, "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                                               name: bad}))
            replies.append((name, bad, status, body))
    return replies


def test_bad_iris_in_the_dataset_parameters_never_widen_the_dataset(server: Server) -> None:
    """default-graph-uri / named-graph-uri are IRIs too: a bad one is refused, never read as a wider dataset."""
    for name, bad, status, body in dataset_replies(server):
        assert status >= 400 and b"Traceback" not in body, (name, bad, status, body[:200])


def test_bad_iris_in_the_dataset_parameters_are_client_errors(server: Server) -> None:
    assert [(n, b, s) for n, b, s, _ in dataset_replies(server) if s != 400] == []


def test_the_endpoint_makes_no_outbound_requests(server: Server) -> None:
    SparqlListener.hits = []
    with socketserver.TCPServer(("127.0.0.1", 0), SparqlListener) as internal:
        threading.Thread(target=internal.serve_forever, daemon=True).start()
        target = f"http://127.0.0.1:{internal.server_address[1]}/sparql"
        for keyword in ("SERVICE", "service", "SERVICE SILENT"):
            query = f"SELECT * WHERE {{ {keyword} <{target}> {{ ?s ?p ?o }} }}"
            status, body = get(server, "/sparql?" + urlencode({"query": query}),
                               headers={"Accept": "application/json"})
            assert b"internal-only" not in body
        internal.shutdown()
    assert SparqlListener.hits == [], f"the endpoint fetched {SparqlListener.hits}"


HOSTILE_PATHS = ("/id/person/x%22%3E%3Cscript%3E", "/id/person/" + quote("x> } UNION { ?s ?p ?o"),
                 "/id/person/a%20b", "/queries/" + quote("documents; DROP ALL"), "/queries/..%2F..%2Fpyproject")


def test_paths_with_injection_attempts_find_nothing_and_echo_nothing(server: Server) -> None:
    for attempt in HOSTILE_PATHS:
        status, body = get(server, attempt)
        assert status >= 400 and b"<script>" not in body and b"Traceback" not in body, attempt


def test_paths_that_are_not_iris_are_plain_404s(server: Server) -> None:
    assert [(p, get(server, p)[0]) for p in HOSTILE_PATHS if get(server, p)[0] != 404] == []
