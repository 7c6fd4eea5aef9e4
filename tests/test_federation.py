"""The endpoint never sends a request to another server (SERVICE, server-side request forgery): a real HTTP
listener on loopback, which answers like a SPARQL endpoint holding a secret, is never reached whatever the
spelling of the federated query, and the answers do not tell an open port from a closed one."""

from __future__ import annotations

import http.client
import http.server
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest

from diplograph.queries import open_store
from diplograph.serve import DataSource, ServeConfig, Server
from diplograph.serve.results import Job, execute

from .servers import SparqlListener

SECRET = b"internal-only"
# {t}: the listener's endpoint; {n}: an integer that is the object of some triple in the data (so that a pattern
# ending in it matches, and the SERVICE glued to it is evaluated).
SPELLINGS = [
    "SELECT * WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service <{t}> {{ ?s ?p ?o }} }}",
    "select * where {{ sErViCe <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # a comment ended by a carriage return\rSERVICE <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # CR\rSERVICE SILENT <{t}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ GRAPH ?g {{ ?s ?p {n}SERVICE <{t}> {{ ?a ?b ?c }} }} }}",
    "SELECT * WHERE {{ ?s ?p {n}SERVICE <{t}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p {n}SERVICE SILENT <{t}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE\t<{t}>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{ OPTIONAL {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ ?x ?y ?z }} UNION {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ MINUS {{ SERVICE <{t}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
    "PREFIX inside: <{root}> SELECT * WHERE {{ SERVICE inside:sparql {{ ?s ?p ?o }} }}",
    "BASE <{root}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <\\u0068ttp{t_rest}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{t}> AS ?svc) SERVICE ?svc {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?svc {{ <{t}> }} SERVICE ?svc {{ ?s ?p ?o }} }}",
]


@pytest.fixture(scope="module")
def listener() -> Iterator[str]:
    """The base URL of a SPARQL-like server on loopback that only the endpoint's host could reach."""
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), SparqlListener) as internal:
        threading.Thread(target=internal.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{internal.server_address[1]}/"
        internal.shutdown()


@pytest.fixture(scope="module")
def server(corpus_build: Path) -> Iterator[Server]:
    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1), port=0) as running:
        yield running


@pytest.fixture(scope="module")
def integer_object(corpus_build: Path) -> str:
    store = open_store(corpus_build)
    rows = list(store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(DATATYPE(?o) = "
                            "<http://www.w3.org/2001/XMLSchema#integer> && ?o >= 0) } } LIMIT 1"))
    assert rows, "the build has no integer object to glue SERVICE to"
    value = rows[0]["o"]
    assert isinstance(value, ox.Literal)
    return value.value


def ask(server: Server, query: str) -> tuple[int, bytes]:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("POST", "/sparql", body=urlencode({"query": query}).encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def spell(template: str, root: str, n: str) -> str:
    target = root + "sparql"
    return template.format(t=target, root=root, n=n, t_rest=target.removeprefix("http"))


def closed_port_root() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/"


@pytest.mark.parametrize("template", SPELLINGS)
def test_no_spelling_of_service_reaches_a_server_on_loopback(server: Server, listener: str, integer_object: str,
                                                             template: str) -> None:
    SparqlListener.hits = []
    status, body = ask(server, spell(template, listener, integer_object))
    assert SparqlListener.hits == [], f"the endpoint fetched {SparqlListener.hits} (status {status})"
    assert SECRET not in body
    assert status in (200, 400), body[:300]
    if status == 200:  # only SERVICE SILENT may answer, and then without the service's rows
        assert "SILENT" in template.upper()


@pytest.mark.parametrize("template", SPELLINGS)
def test_service_errors_do_not_tell_open_ports_from_closed_ones(server: Server, listener: str, integer_object: str,
                                                                template: str) -> None:
    closed = closed_port_root()
    open_reply = ask(server, spell(template, listener, integer_object))
    closed_reply = ask(server, spell(template, closed, integer_object))
    port_of = {listener: "PORT", closed: "PORT"}
    shown = [(status, body.decode().replace(listener, "ROOT").replace(closed, "ROOT"))
             for status, body in (open_reply, closed_reply)]
    for root, name in port_of.items():
        shown = [(s, b.replace(urlsplit(root).netloc, name)) for s, b in shown]
    assert shown[0] == shown[1]


def test_a_service_query_is_refused_with_a_message_naming_service(server: Server, listener: str) -> None:
    status, body = ask(server, f"SELECT * WHERE {{ SERVICE <{listener}sparql> {{ ?s ?p ?o }} }}")
    assert status == 400 and b"SERVICE" in body


def test_without_the_sandbox_a_query_the_checker_cannot_parse_is_refused(listener: str) -> None:
    """Where the workers cannot be kept off the network, spellings rdflib's parser reads differently from
    Oxigraph's are refused before Oxigraph runs them."""
    SparqlListener.hits = []
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), ox.NamedNode("http://x/g")))
    for template in SPELLINGS:
        reply = execute(store, Job(spell(template, listener, "1"), "application/json", 10), sandboxed=False)
        assert reply.status == 400 and SECRET not in reply.body, template
    assert SparqlListener.hits == []


SANDBOXED_CLIENT = """
import socket, sys
from diplograph.serve.sandbox import deny_network
assert deny_network() is None
a, b = socket.socketpair()  # the worker's own pipe to the server still works
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
except PermissionError:
    print("refused")
local = socket.socket(socket.AF_UNIX)
try:  # nor a local daemon (a name resolver, say) over a Unix socket
    local.connect("/run/nscd/socket")
except PermissionError:
    print("refused")
except OSError as exc:
    print("reached connect:", exc)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
def test_a_sandboxed_process_cannot_open_a_network_socket(listener: str) -> None:
    port = urlsplit(listener).port
    result = subprocess.run([sys.executable, "-c", SANDBOXED_CLIENT, str(port)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.stdout.split() == ["refused", "refused"], (result.stdout, result.stderr)


def test_service_description_says_service_is_unavailable(server: Server) -> None:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.request("GET", "/sparql", headers={"Accept": "application/n-triples"})
    body = conn.getresponse().read().decode()
    conn.close()
    assert "SERVICE is not available" in body


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
def test_the_servers_workers_are_sandboxed(server: Server) -> None:
    """On Linux the workers run under the filter (a failure to install it would only be logged, and the server
    would fall back to refusing what the checker cannot parse)."""
    assert server.app.pool.sandbox_error is None
    assert server.app.pages.sandbox_error is None
