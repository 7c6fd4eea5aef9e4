"""Loading into real SPARQL servers (Oxigraph server, Virtuoso 7) started by the tests, and the canned queries
run remotely: the same rows on the embedded store, the Oxigraph server and Virtuoso. Also what a load does when
the server is down, never answers, refuses the credentials, or dies half-way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.queries import get_query, render, run_query, run_remote_query
from diplograph.store import EmbeddedStore, GraphUnit, LoadFailed, RetryPolicy, load_graphs, open_target, read_units
from diplograph.store.http import PASSWORD_VARIABLE, USER_VARIABLE
from diplograph.store.loader import Target

from .servers import (
    HOST,
    OxigraphServer,
    VirtuosoServer,
    comparable,
    free_port,
    oxigraph_server,
    remote_graph,
    virtuoso_server,
)

Server = OxigraphServer | VirtuosoServer
QUICK = ("--retries", "2", "--timeout", "10")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def credentials(server: Server) -> dict[str, str]:
    if isinstance(server, VirtuosoServer):
        return {USER_VARIABLE: server.user, PASSWORD_VARIABLE: server.password}
    return {}


def load_args(server: Server, graph: Path) -> list[str]:
    return ["load", "--graph", str(graph), "--endpoint", server.query_url, "--graph-store", server.graph_store_url]


def assert_server_holds(server: Server, units: list[GraphUnit]) -> None:
    for unit in units:
        assert comparable(remote_graph(server.query_url, unit.name.value)) == comparable(unit.quads()), unit.name


def edited(units: list[GraphUnit]) -> list[GraphUnit]:
    """The graphs with the first document's title replaced, so a load visibly changes exactly one graph."""
    index = next(i for i, u in enumerate(units) if "/id/document/" in u.name.value)
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    unit = units[index]
    old_title = ox.Literal("Old «title» \"x\"", language="en")
    triples = tuple(t if t.predicate != title else ox.Triple(t.subject, t.predicate, old_title) for t in unit.triples)
    changed = list(units)
    changed[index] = GraphUnit(unit.name, triples)
    return changed


def write_nquads(units: list[GraphUnit], path: Path) -> Path:
    path.write_text("".join(f"{q} .\n" for u in units for q in u.quads()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def units(corpus_build: Path) -> list[GraphUnit]:
    return read_units(corpus_build)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, corpus_build: Path) -> Iterator[OxigraphServer]:
    """An Oxigraph server loaded with the corpus build through the CLI (read-only for the tests that use it)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        code, out = run(*load_args(server, corpus_build))
        assert code == 0, out
        assert "graph store protocol" in out
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, corpus_build: Path) -> Iterator[VirtuosoServer]:
    """A Virtuoso server loaded with the corpus build through the CLI (read-only for the tests that use it)."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        code, out = run(*load_args(server, corpus_build), env=credentials(server))
        assert code == 0, out
        assert "graph store protocol" in out
        yield server


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, corpus_build: Path) -> ox.Store:
    folder = tmp_path_factory.mktemp("embedded") / "store"
    assert load_graphs(corpus_build, EmbeddedStore(folder)).ok
    return ox.Store(str(folder))


@pytest.fixture(params=["oxigraph", "virtuoso"])
def fresh_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    """An empty server of each kind, for tests that change what it holds."""
    start = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with start(tmp_path / request.param) as server:
        yield server


# --- loading ------------------------------------------------------------------------------------------------------

def test_every_graph_on_the_servers_equals_its_source(
    oxigraph: OxigraphServer, virtuoso: VirtuosoServer, units: list[GraphUnit],
) -> None:
    assert_server_holds(oxigraph, units)
    assert_server_holds(virtuoso, units)


def test_reload_converges_and_replaces_exactly_the_changed_graph(
    fresh_server: Server, tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    env = credentials(fresh_server)
    old = edited(units)
    code, out = run(*load_args(fresh_server, write_nquads(old, tmp_path / "old.nq")), env=env)
    assert code == 0, out
    assert_server_holds(fresh_server, old)
    for _ in range(2):
        code, out = run(*load_args(fresh_server, corpus_build), env=env)
        assert code == 0, out
        assert f"loaded {len(units)} graph(s), {sum(len(u) for u in units)} triples" in out
        assert_server_holds(fresh_server, units)


def test_without_a_graph_store_endpoint_sparql_update_is_used(
    fresh_server: Server, tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    env = credentials(fresh_server)
    old = write_nquads(edited(units), tmp_path / "old.nq")
    # A Graph Store URL that does not exist (Oxigraph answers 404, Virtuoso 501): fall back to SPARQL Update.
    missing = fresh_server.base_url + "/no-graph-store-here"
    args = ["--endpoint", fresh_server.query_url, "--update-endpoint", fresh_server.update_url]
    code, out = run("load", "--graph", str(old), *args, "--graph-store", missing, env=env)
    assert code == 0, out
    assert "SPARQL update" in out
    assert_server_holds(fresh_server, edited(units))
    # No Graph Store URL at all: SPARQL Update straight away.
    code, out = run("load", "--graph", str(corpus_build), *args, env=env)
    assert code == 0 and "SPARQL update" in out, out
    assert_server_holds(fresh_server, units)


def test_prune_drops_only_absent_graphs_under_base(tmp_path: Path, corpus_build: Path, units: list[GraphUnit]) -> None:
    stale, foreign = "https://w3id.org/diplograph/id/document/withdrawn", "http://example.org/someone-else"
    with oxigraph_server(tmp_path / "oxigraph") as server:
        extra = tmp_path / "extra.nq"
        extra.write_text("".join(f"<{g}> <http://example.org/p> \"x\" <{g}> .\n" for g in (stale, foreign)),
                         encoding="utf-8")
        assert run(*load_args(server, extra))[0] == 0
        code, out = run(*load_args(server, corpus_build))
        assert code == 0 and "pruned" not in out
        assert remote_graph(server.query_url, stale)
        code, out = run(*load_args(server, corpus_build), "--prune")
        assert code == 0 and "pruned 1 graph(s)" in out, out
        assert not remote_graph(server.query_url, stale)
        assert remote_graph(server.query_url, foreign)
        assert_server_holds(server, units)


# --- failures -----------------------------------------------------------------------------------------------------

def run_isolated(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, with a generous limit that only guards the test run against a hang."""
    return subprocess.run(
        [sys.executable, "-m", "diplograph.cli", *args], capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )


def test_a_server_that_is_down_gives_a_clear_error_after_bounded_retries(corpus_build: Path) -> None:
    url = f"http://{HOST}:{free_port()}"
    done = run_isolated("load", "--graph", str(corpus_build), "--endpoint", f"{url}/query",
                        "--graph-store", f"{url}/store", "--retries", "3")
    assert done.returncode == 4, done.stderr
    assert f"{url}/store" in done.stderr and "after 3 attempt(s)" in done.stderr
    assert "connection refused" in done.stderr
    assert done.stderr.count("retrying in") == 2
    assert "0 graph(s) loaded" in done.stderr and "not loaded" in done.stderr

    done = run_isolated("query", "documents", "--endpoint", f"{url}/query")
    assert done.returncode == 4 and f"{url}/query" in done.stderr and "attempt(s)" in done.stderr


def test_a_server_that_never_answers_times_out(corpus_build: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind((HOST, 0))
        silent.listen(16)  # connections complete in the kernel's backlog; nothing ever reads or answers
        url = f"http://{HOST}:{silent.getsockname()[1]}"
        done = run_isolated("load", "--graph", str(corpus_build), "--endpoint", f"{url}/query",
                            "--graph-store", f"{url}/store", "--retries", "2", "--timeout", "1")
    assert done.returncode == 4, done.stderr
    assert "no answer within 1 s" in done.stderr and "after 2 attempt(s)" in done.stderr


def test_query_endpoint_timeout_was_fixed_and_named_neither_query_nor_store() -> None:
    """`query --endpoint` waited a fixed 60 s three times over; --timeout sets the wait, a query that runs out of
    it is not tried again, and the error names the query and the store."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind((HOST, 0))
        silent.listen(16)
        url = f"http://{HOST}:{silent.getsockname()[1]}/query"
        done = run_isolated("query", "speakers", "--endpoint", url, "--timeout", "1", "--retries", "3")
    assert done.returncode == 4, done.stderr
    assert f"query 'speakers' on {url}: no answer within 1 s" in done.stderr
    assert "--timeout" in done.stderr and "attempt" not in done.stderr


def test_credentials_come_from_the_environment(tmp_path: Path, corpus_build: Path) -> None:
    with virtuoso_server(tmp_path / "virtuoso") as server:
        code, out = run(*load_args(server, corpus_build), *QUICK, env={USER_VARIABLE: "", PASSWORD_VARIABLE: ""})
        assert code == 4 and "asks for credentials" in out and USER_VARIABLE in out, out
        code, out = run(*load_args(server, corpus_build), *QUICK,
                        env={USER_VARIABLE: server.user, PASSWORD_VARIABLE: "wrong"})
        assert code == 4 and "HTTP 401" in out and "not accepted" in out, out
        code, out = run(*load_args(server, corpus_build), env=credentials(server))
        assert code == 0, out


def test_a_server_killed_mid_load_then_restarted_converges(
    fresh_server: Server, tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    for name, value in credentials(fresh_server).items():
        os.environ[name] = value
    try:
        old = edited(units)
        policy = RetryPolicy(attempts=2, first_delay=0.2, timeout=10)

        def target() -> Target:
            return open_target(endpoint=fresh_server.query_url, graph_store=fresh_server.graph_store_url,
                               policy=policy)

        load_graphs(write_nquads(old, tmp_path / "old.nq"), target())

        def kill_after_first(unit: GraphUnit) -> None:
            if unit.name == units[0].name:
                fresh_server.kill()

        with pytest.raises(LoadFailed) as caught:
            load_graphs(corpus_build, target(), on_loaded=kill_after_first)
        report = caught.value.report
        assert [n for n, _ in report.loaded] == [units[0].name.value]
        assert [n for n, _ in report.failed] == [units[1].name.value]
        assert "cannot connect" in report.failed[0][1]
        assert report.not_attempted == [u.name.value for u in units[2:]]

        fresh_server.start()  # same port, same data folder
        assert_server_holds(fresh_server, [units[0], *old[1:]])  # each graph whole: new, or still old
        report = load_graphs(corpus_build, target())
        assert report.ok
        assert_server_holds(fresh_server, units)
    finally:
        for name in credentials(fresh_server):
            os.environ.pop(name, None)


# --- canned queries -----------------------------------------------------------------------------------------------

QUERY_CASES = [
    ("documents", {}), ("instruments", {}), ("mentions", {}), ("organisations", {}), ("participants", {}),
    ("proposals", {}), ("speakers", {}), ("timeline", {}), ("office-holders", {}),
    ("office-holders", {"date": "2021-03-26"}), ("office-holders", {"date": "1999-01-01"}),
    ("mentions", {"entity": "https://w3id.org/diplograph/id/instrument/a-res-53-70"}),
    ("mentions", {"entity": "https://w3id.org/diplograph/id/person/vladimir-putin"}),
    ("mentions", {"entity": "http://example.org/nobody"}),
]
# Virtuoso 7.2 cannot answer office-holders since it unions the terms of office with the documents' attestations:
# without a date the query takes the server down, and with one it leaves the terms out. A known gap of the query's
# portability (docs/stores.md); the strict expected failure below passes once the query is rewritten.
NOT_ON_VIRTUOSO = {"office-holders"}
# GROUP_CONCAT joins values in no specified order (SPARQL 1.1, 18.5.1.7): compare the joined parts as sets.
UNORDERED_JOINS = {"proposals": ("proposer", "addressee", "precedent")}


def normalised(name: str, rows: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    joined = UNORDERED_JOINS.get(name, ())
    return [{k: "; ".join(sorted(v.split("; "))) if k in joined and v else v for k, v in row.items()} for row in rows]


@pytest.mark.parametrize(("name", "params"), QUERY_CASES, ids=[f"{n}{p}" for n, p in QUERY_CASES])
def test_canned_queries_give_the_same_rows_everywhere(
    name: str, params: dict[str, str], embedded: ox.Store, oxigraph: OxigraphServer, virtuoso: VirtuosoServer,
) -> None:
    query = get_query(name)
    variables, rows = run_query(query, embedded, params)
    if "nobody" not in str(params.values()):
        assert rows, "the corpus gives this query rows to compare"
    else:
        assert rows == []
    for server in (oxigraph,) if name in NOT_ON_VIRTUOSO else (oxigraph, virtuoso):
        remote_variables, remote_rows = run_remote_query(query, server.query_url, params)
        assert remote_variables == variables, server.base_url
        assert normalised(name, remote_rows) == normalised(name, rows), server.base_url


@pytest.mark.xfail(strict=True, reason="Virtuoso 7.2 leaves out the terms of office (11 rows of 34 on 2021-03-26)")
def test_office_holders_on_a_date_on_virtuoso(embedded: ox.Store, virtuoso: VirtuosoServer) -> None:
    query, params = get_query("office-holders"), {"date": "2021-03-26"}
    _, rows = run_query(query, embedded, params)
    _, remote_rows = run_remote_query(query, virtuoso.query_url, params)
    assert remote_rows == rows


@pytest.mark.parametrize("name", ["documents", "participants", "mentions", "timeline"])
def test_cli_renders_remote_rows_as_it_renders_local_ones(
    name: str, corpus_build: Path, oxigraph: OxigraphServer, virtuoso: VirtuosoServer,
) -> None:
    # every declared parameter is needed
    params = ["--param", "entity=https://w3id.org/diplograph/id/instrument/a-res-53-70"] if name == "mentions" else []
    for fmt in ("table", "csv", "json"):
        code, local = run("query", name, "--graph", str(corpus_build), "--format", fmt, *params)
        assert code == 0, local
        for server in (oxigraph, virtuoso):
            code, remote = run("query", name, "--endpoint", server.query_url, "--format", fmt, *params)
            assert code == 0, remote
            assert remote == local, (server.base_url, fmt)


def test_parameters_reach_the_server_as_terms(oxigraph: OxigraphServer, virtuoso: VirtuosoServer) -> None:
    query = get_query("office-holders")
    for server in (oxigraph, virtuoso):
        variables, rows = run_remote_query(query, server.query_url, {"date": "2021-03-26"})
        assert rows and {r["date"] for r in rows} == {"2021-03-26"}
        render(variables, rows, "csv")
    code, out = run("query", "mentions", "--endpoint", oxigraph.query_url,
                    "--param", "entity=http://example.org/x> } ; DROP ALL ; #")
    assert code == 2 and "not a valid iri" in out
    code, out = run("query", "office-holders", "--endpoint", oxigraph.query_url, "--param", 'date=2021-03-26" }')
    assert code == 2 and "not a valid date" in out
