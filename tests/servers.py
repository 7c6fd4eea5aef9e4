"""Real SPARQL servers for tests, each started on free loopback ports in its own temporary folder.

`oxigraph_server(folder)` runs the `oxigraph` binary from the PyPI package `oxigraph`; `virtuoso_server(folder)`
runs Debian's `virtuoso-t` (package virtuoso-opensource, see scripts/system-packages.txt) with its own
virtuoso.ini, and creates a user allowed to write (SPARQL_UPDATE). Both are context managers that yield a handle
with the base URL and the endpoint URLs, and stop the server on exit; a handle can also be killed and started
again on the same port and data folder, to test a store that dies mid-load.

`comparable` and `remote_graph` compare what a store holds with the source graphs.

Use the servers from pytest fixtures, e.g.:

    @pytest.fixture(scope="module")
    def oxigraph(tmp_path_factory):
        with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
            yield server
"""

from __future__ import annotations

import http.server
import json
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

HOST = "127.0.0.1"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
READY_SECONDS = 120.0  # first start of Virtuoso creates its database; a busy 2-core machine is slow


class ServerError(RuntimeError):
    """A test server that is not installed or did not come up."""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback test server
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_until_answers(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = READY_SECONDS) -> None:
    """Poll `url` until it answers 200; fail at once if the process exits, and after `seconds` at most."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the server exited with code {process.returncode}; log {log}:\n{_tail(log)}")
        if _answers(url):
            return
        time.sleep(0.2)
    raise ServerError(f"{url} did not answer within {seconds:g} s; log {log}:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes] | None, grace: float = 30.0) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)


def _require(command: str, how: str) -> str:
    path = shutil.which(command)
    if path is None:
        raise ServerError(f"{command} is not installed ({how})")
    return path


@dataclass
class OxigraphServer:
    """`oxigraph serve` on a data folder: /query, /update and /store (Graph Store protocol)."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base_url}/store"

    def start(self) -> None:
        binary = _require("oxigraph", "pip install oxigraph")
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        log = self.folder / "oxigraph.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [binary, "serve", "--location", str(data), "--bind", f"{HOST}:{self.port}"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        ask = urllib.parse.quote("ASK {}")
        try:
            wait_until_answers(f"{self.query_url}?query={ask}", self.process, log)
        except BaseException:
            self.kill()
            raise

    def kill(self) -> None:
        """SIGKILL: the server dies as in a crash, with no chance to finish what it was doing."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        _stop(self.process)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxClientConnections = 10

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}/vsp
ServerThreads = 4
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@dataclass
class VirtuosoServer:
    """Virtuoso Open Source 7 on a data folder.

    Endpoints: /sparql (queries, anonymous), /sparql-auth (queries and SPARQL Update, HTTP Digest),
    /sparql-graph-crud-auth (Graph Store protocol, HTTP Digest). `user` / `password` may write (SPARQL_UPDATE);
    the dba password is changed from its default to a random one.
    """

    folder: Path
    http_port: int = field(default_factory=free_port)
    sql_port: int = field(default_factory=free_port)
    user: str = "diplograph"
    password: str = field(default_factory=lambda: secrets.token_hex(8))
    dba_password: str = field(default_factory=lambda: secrets.token_hex(8))
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base_url}/sparql-graph-crud-auth"

    def start(self) -> None:
        binary = _require("virtuoso-t", "bash scripts/install-system-deps.sh")
        first_start = not (self.folder / "virtuoso.db").exists()
        (self.folder / "vsp").mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=self.folder, host=HOST, sql_port=self.sql_port,
                                           http_port=self.http_port), encoding="utf-8")
        log = self.folder / "virtuoso-stdout.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        ask = urllib.parse.quote("ASK {}")
        try:
            wait_until_answers(f"{self.query_url}?query={ask}", self.process, self.folder / "virtuoso.log")
            if first_start:
                self._create_user()
        except BaseException:
            self.kill()
            raise

    def isql(self, sql: str, password: str) -> str:
        """Run SQL through isql-vt as dba, once the SQL port accepts connections."""
        binary = _require("isql-vt", "bash scripts/install-system-deps.sh")
        deadline = time.monotonic() + READY_SECONDS
        while True:
            try:
                socket.create_connection((HOST, self.sql_port), timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ServerError(f"Virtuoso's SQL port {self.sql_port} did not open") from None
                time.sleep(0.2)
        done = subprocess.run(
            [binary, f"{HOST}:{self.sql_port}", "dba", password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
             "ECHO=OFF", f"EXEC={sql}"],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise ServerError(f"isql failed: {sql}\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _create_user(self) -> None:
        self.isql(f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); "
                  f"GRANT SPARQL_UPDATE TO \"{self.user}\"; "
                  f"USER_SET_PASSWORD('dba', '{self.dba_password}');", "dba")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        _stop(self.process, grace=60)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# Comparing what a store holds with the source graphs. Stores may rewrite a literal's datatype within its value
# space — Oxigraph keeps xsd:nonNegativeInteger as xsd:integer, Virtuoso rewrites some lexical forms — so
# literals with a datatype are compared by value (as rdflib reads them), everything else exactly.

def literal_value_key(literal: ox.Literal) -> ox.Literal:
    """A literal with a datatype, replaced by one naming its value's kind and canonical form."""
    if literal.language or literal.datatype.value == XSD_STRING:
        return literal
    value = rdflib.Literal(literal.value, datatype=rdflib.URIRef(literal.datatype.value)).toPython()
    if isinstance(value, rdflib.Literal):  # a datatype rdflib does not map: keep it as it is
        return literal
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return ox.Literal(text, datatype=ox.NamedNode(f"urn:diplograph-test:value:{type(value).__name__}"))


def comparable(quads: Iterable[ox.Quad]) -> set[str]:
    """Quads as N-Quads lines, literals by value and blank nodes canonicalised, so equal graphs compare equal."""
    normal = [
        ox.Quad(q.subject, q.predicate, literal_value_key(q.object) if isinstance(q.object, ox.Literal) else q.object,
                q.graph_name)
        for q in quads
    ]
    dataset = ox.Dataset(normal)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def remote_graph(query_url: str, graph: str, timeout: float = 60) -> list[ox.Quad]:
    """Every triple of one named graph of a SPARQL endpoint, via a SELECT (JSON results) every store supports."""
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(query_url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — loopback test server
        results = json.load(response)
    name = ox.NamedNode(graph)
    return [ox.Quad(_term(b["s"]), _term(b["p"]), _term(b["o"]), name)  # type: ignore[arg-type]
            for b in results["results"]["bindings"]]


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = binding["type"]
    if kind == "uri":
        return ox.NamedNode(binding["value"])
    if kind == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


class SparqlListener(http.server.BaseHTTPRequestHandler):
    """A listener that answers like a SPARQL endpoint holding a secret ('internal-only') and records every request
    path in `hits`: the tests check that no query sent to diplograph reaches it."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 — the base class's name
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[{"s":{"type":"literal",'
                         b'"value":"internal-only"}}]}}')

    do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
