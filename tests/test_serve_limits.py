"""`diplograph serve` under hostile load: every cost a request can impose is bounded — time and concurrency for
pages and canned queries as for SPARQL, memory per worker, bytes per answer, query nesting, connections and slow
headers — and files are streamed with ranges and validators. Also the small 500s and headers of issue 13."""

from __future__ import annotations

import http.client
import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest

from diplograph.serve import DataSource, Limits, ServeConfig, Server
from diplograph.serve.render import literal_html, text_html
from diplograph.serve.textmarkup import Span, markup
from diplograph.serve.web import loggable
from diplograph.serve.workers import PoolBusy, QueryPool, QueryTimeout

from .worker_tasks import Sleep, Started

BASE = "https://w3id.org/diplograph/"
NESTED = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "?o" + ")" * 10_000 + ") } LIMIT 1"
SIMPLE = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes


def request(server: Server, path: str, *, method: str = "GET", headers: dict[str, str] | None = None,
            body: bytes | None = None) -> Reply:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def sparql(server: Server, query: str, accept: str = "application/json") -> Reply:
    return request(server, "/sparql", method="POST", body=urlencode({"query": query}).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


@pytest.fixture(scope="module")
def server(corpus_build: Path) -> Iterator[Server]:
    limits = Limits(timeout=30, max_bytes=8_000, max_memory=512 << 20, max_connections=4, header_timeout=1.0)
    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1, limits=limits), port=0) as running:
        yield running


# -- nesting, memory, bytes -------------------------------------------------------------------------------------

def test_deeply_nested_query_is_refused_before_parsing_and_kills_no_worker(server: Server) -> None:
    pids = server.app.pool.pids()
    reply = sparql(server, NESTED)
    assert reply.status == 400 and b"nests brackets more than 100 deep" in reply.body
    assert sparql(server, SIMPLE).status == 200
    assert server.app.pool.pids() == pids


def test_brackets_inside_strings_iris_and_comments_do_not_count() -> None:
    from diplograph.serve.querycheck import nesting_depth

    query = 'SELECT * WHERE { ?s ?p "((((((((" . ?s <http://x/((((((> ?o # ((((((((\r FILTER((?o)) }'
    assert nesting_depth(query, 5) == 3


def test_a_query_that_takes_too_much_memory_kills_only_its_worker(server: Server) -> None:
    """GROUP_CONCAT of a document's whole text once per pair of triples grows a string by gigabytes: the worker
    hits its memory cap (512 MiB here) long before the 30 s deadline, the client gets 503 naming memory, and the
    next query runs."""
    hog = ("SELECT (STRLEN(GROUP_CONCAT(?t)) AS ?n) WHERE { GRAPH ?g { ?d <https://w3id.org/diplograph/ontology#"
           "normalisedText> ?t } ?a ?b ?c . ?x ?y ?z }")
    reply = sparql(server, hog)
    assert reply.status == 503 and b"memory" in reply.body, reply.body[:300]
    assert sparql(server, SIMPLE).status == 200


def test_results_are_cut_at_the_byte_limit_not_only_the_row_limit(server: Server) -> None:
    reply = sparql(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5000")
    assert reply.status == 200 and len(reply.body) <= 8_000
    assert reply.headers["Diplograph-Truncated"] == "true"
    rows = json.loads(reply.body)["results"]["bindings"]
    assert 0 < len(rows) < 5000
    triples = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5000", accept="application/n-triples")
    assert triples.status == 200 and len(triples.body) <= 8_000 and triples.headers["Diplograph-Truncated"]


def test_canned_query_data_is_cut_at_the_byte_limit(server: Server) -> None:
    reply = request(server, "/queries/timeline.csv")
    assert reply.status == 200 and len(reply.body) <= 8_000
    assert reply.headers["Diplograph-Truncated"] == "true"
    assert reply.body.decode().endswith("\r\n")  # whole rows


def test_a_page_over_the_byte_limit_is_refused_not_sent(server: Server) -> None:
    reply = request(server, "/id/document/kremlin-en-65231.html")
    assert reply.status == 503 and b"--max-bytes" in reply.body


# -- pages and canned queries run in bounded workers -----------------------------------------------------------

def test_pages_and_canned_queries_have_a_deadline(corpus_build: Path) -> None:
    """The home page, a search, a canned query and a 404 page run in the page workers under the deadline: with
    every page worker frozen (SIGSTOP), each answers 503 at the 1 s deadline, where before they ran in the
    server's own thread with no deadline at all (and answered, since nothing froze that thread)."""
    limits = Limits(timeout=1)
    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1, limits=limits), port=0) as running:
        pages = running.app.pages
        for path in ("/", "/search?q=lavrov", "/queries/timeline.csv", "/id/person/nobody-at-all"):
            for _ in range(600):  # the spare and the replacement of the last killed worker are ready
                if pages.idle() == 2:
                    break
                time.sleep(0.1)
            for pid in pages.pids():
                os.kill(pid, signal.SIGSTOP)
            reply = request(running, path, headers={"Accept": "text/html"})
            assert reply.status == 503 and b"time limit" in reply.body, path
        for pid in pages.pids():
            os.kill(pid, signal.SIGCONT)


def test_pool_runs_at_most_size_tasks_at_once_even_with_a_spare_idle(corpus_build: Path) -> None:
    pool = QueryPool(DataSource(graph=corpus_build), size=1, timeout=30, queue_wait=0.5, spares=1)
    try:
        pool.wait_ready()
        outcome: list[object] = []
        first = threading.Thread(target=lambda: outcome.append(pool.run(Sleep(3))))
        first.start()
        time.sleep(0.5)
        with pytest.raises(PoolBusy):
            pool.run(Sleep(0))
        first.join()
        assert len(outcome) == 1
    finally:
        pool.close()


def test_a_killed_worker_is_replaced_at_once_by_a_warm_spare(corpus_build: Path) -> None:
    pool = QueryPool(DataSource(graph=corpus_build), size=1, timeout=5, spares=1)
    try:
        pool.wait_ready()
        pool.run(Started())  # each worker imports the tasks' module once
        pool.run(Started())
        with pytest.raises(QueryTimeout):
            pool.run(Sleep(60))
        killed_at = time.time()
        _, started = pool.run(Started())
        assert started < killed_at  # it had loaded the data before the kill, not after
    finally:
        pool.close()


# -- files ------------------------------------------------------------------------------------------------------

def test_graph_files_are_streamed_with_range_etag_and_last_modified(server: Server, corpus_build: Path) -> None:
    data = (corpus_build / "diplograph.nq").read_bytes()
    whole = request(server, "/graph/diplograph.nq")
    assert whole.status == 200 and whole.body == data
    etag, modified = whole.headers["ETag"], whole.headers["Last-Modified"]
    assert etag and modified and whole.headers["Accept-Ranges"] == "bytes"
    part = request(server, "/graph/diplograph.nq", headers={"Range": "bytes=10-29"})
    assert part.status == 206 and part.body == data[10:30]
    assert part.headers["Content-Range"] == f"bytes 10-29/{len(data)}"
    assert request(server, "/graph/diplograph.nq", headers={"Range": "bytes=-5"}).body == data[-5:]
    assert request(server, "/graph/diplograph.nq", headers={"Range": f"bytes={len(data)}-"}).status == 416
    assert request(server, "/graph/diplograph.nq", headers={"If-None-Match": etag}).status == 304
    assert request(server, "/graph/diplograph.nq", headers={"If-Modified-Since": modified}).status == 304
    head = request(server, "/graph/diplograph.nq", method="HEAD")
    assert head.status == 200 and head.headers["Content-Length"] == str(len(data)) and head.body == b""


def test_file_responses_are_not_read_into_memory(corpus_build: Path) -> None:
    from diplograph.serve.files import file_response
    from diplograph.serve.web import Request

    response = file_response(Request({"REQUEST_METHOD": "GET"}), corpus_build / "diplograph.nq", "text/plain")
    assert response.body == b"" and response.stream is not None
    assert response.length == (corpus_build / "diplograph.nq").stat().st_size


# -- connections ------------------------------------------------------------------------------------------------

def test_connections_beyond_the_cap_get_503_at_once(server: Server) -> None:
    parts = urlsplit(server.url)
    idle = [socket.create_connection((parts.hostname, parts.port)) for _ in range(4)]
    try:
        time.sleep(0.3)  # let the server accept them
        reply = request(server, "/sparql")
        assert reply.status == 503 and b"Too many connections" in reply.body
    finally:
        for sock in idle:
            sock.close()


def test_a_client_that_dribbles_its_headers_is_cut_off_at_the_header_deadline(server: Server) -> None:
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        for _ in range(5):  # a header byte every 0.5 s: each read is quick, the whole is not
            time.sleep(0.5)
            try:
                sock.sendall(b"X")
            except OSError:
                break
        sock.settimeout(30)
        try:
            assert sock.recv(100) == b""  # closed by the server (1 s deadline), long before 60 s
        except ConnectionResetError:
            pass


# -- small 500s, logs, headers ----------------------------------------------------------------------------------

def test_non_ascii_prefix_in_a_valid_query_is_answered(server: Server) -> None:
    reply = sparql(server, "PREFIX страна: <http://example.org/> SELECT * WHERE { ?s страна:p ?o } LIMIT 1")
    assert reply.status == 200, reply.body[:300]


@pytest.mark.parametrize("host", ["a<b", 'a"b', "a b", "x/y"])
def test_hosts_that_are_not_hosts_are_400_and_never_copied(server: Server, host: str) -> None:
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(f"GET /sparql HTTP/1.0\r\nHost: {host}\r\nAccept: text/turtle\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 400"), answer[:200]
    assert host.encode() not in answer


@pytest.mark.parametrize("path", ["/graph/a%00b", "/ontology/a%00b", "/graph/%00", "/ontology/x%0a%00"])
def test_nul_bytes_in_file_paths_are_404(server: Server, path: str) -> None:
    assert request(server, path).status == 404


def test_control_characters_in_a_request_cannot_forge_a_log_line(server: Server,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    parts = urlsplit(server.url)
    with caplog.at_level(logging.INFO, logger="diplograph.serve"):
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
            sock.sendall(b"GET /x\rFORGED\x1b[31m HTTP/1.0\r\n\r\n")
            while sock.recv(65536):
                pass
        time.sleep(0.2)
    lines = [record.getMessage() for record in caplog.records]
    assert any("FORGED" in line for line in lines)
    assert not any(c in line for line in lines for c in "\r\n\x1b")


def test_percent_encoded_newline_in_a_path_forges_no_log_line(server: Server,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """`%0a` decodes to a newline in the path; whatever is logged about such a request (the access line, or an
    error with the path, as the NUL byte used to cause) keeps it on one line."""
    with caplog.at_level(logging.INFO, logger="diplograph.serve"):
        for path in ("/graph/a%0aFORGED%00", "/ontology/a%0aFORGED%00", "/id/x%0aFORGED"):
            assert request(server, path).status == 404
        time.sleep(0.2)
    assert not [r.getMessage() for r in caplog.records if "\nFORGED" in r.getMessage()]
    assert loggable("a\nb\x1b[2J\u202ec") == "a\\nb\\x1b[2J\\u202ec"


def test_security_headers_and_no_versions_in_server(server: Server) -> None:
    for path in ("/", "/sparql", "/graph/diplograph.nq", "/nothing-here"):
        reply = request(server, path)
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"], path
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["X-Frame-Options"] == "DENY"
        assert reply.headers["Referrer-Policy"]
        assert "Python" not in reply.headers["Server"] and "/" not in reply.headers["Server"], reply.headers["Server"]


def test_from_in_a_query_is_honoured(server: Server) -> None:
    metadata = BASE + "id/graph/metadata"
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    union = json.loads(sparql(server, count.format("")).body)["results"]["bindings"][0]["n"]["value"]
    only = json.loads(sparql(server, count.format(f"FROM <{metadata}>")).body)["results"]["bindings"][0]["n"]["value"]
    in_graph = json.loads(sparql(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{metadata}> {{ ?s ?p ?o }} }}")
                          .body)["results"]["bindings"][0]["n"]["value"]
    assert int(only) == int(in_graph) < int(union)


def test_bidi_controls_from_documents_are_isolated() -> None:
    assert text_html("abc\u202edef") == "<bdi>abc\u202edef</bdi>"
    assert text_html("a < b") == "a &lt; b"


def test_document_text_with_an_rtl_override_is_isolated_on_the_page() -> None:
    """A document's text and the labels and literals pages show keep an RTL override inside <bdi>: it reverses
    its own words, never the rest of the page."""
    text = "Minister \u202eEvil said: hello."
    html = markup(text, [Span(0, 8, "mention", href="/id/person/x", title="x")])
    assert "<bdi> \u202eEvil said: hello.</bdi>" in html and html.count("\u202e") == 1
    assert literal_html(ox.Literal("a\u2067b", language="en")) == '<span lang="en"><bdi>a\u2067b</bdi></span>'
