"""Faults: a build killed at any moment, an Oxigraph server killed in the middle of a load, a store that is down.

- A build (`diplograph build`, its own process) is SIGKILLed at seeded random moments. Each time, graph/ must be,
  byte for byte, either the previous build or the complete new one — never a mix, never missing — and nothing may
  be left beside it but temporaries named `.graph.*.tmp` (or the swap's `.graph.old`). A build after all that, from
  whatever the killed builds left in the cache, publishes exactly what a clean build does.
- A load into a real Oxigraph server (tests/servers.py) is cut by SIGKILLing the server at seeded random moments.
  At that moment — checked after a restart, before anything is loaded again — every named graph must be entirely
  the old version or entirely the new one, compared triple by triple with its source; then a re-run converges.
  tests/test_store_remote.py kills the server between two graphs; here the kill lands anywhere, inside a request.
- A store that goes away mid-load gives a clear error (exit 4, the URL, which graphs went in) after bounded retries.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph import paths
from diplograph.publish.files import recover
from diplograph.store import GraphUnit, read_units

from .servers import OxigraphServer, comparable, remote_graph

ROOT = Path(__file__).resolve().parents[1]
KILL_SEEDS = [1, 2, 3, 4, 5, 6]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "diplograph.cli", *args]


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


# -- builds killed --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An old corpus (the bundled two documents) and a new, larger one (plus the ten test cases)."""
    old = tmp_path_factory.mktemp("old-corpus")
    for path in paths.CORPUS.glob("*.txt"):
        shutil.copy(path, old / path.name)
    new = tmp_path_factory.mktemp("new-corpus")
    shutil.copytree(old, new, dirs_exist_ok=True)
    for case in sorted((ROOT / "tests" / "cases").iterdir()):
        if (case / "input.txt").exists():
            shutil.copy(case / "input.txt", new / f"{case.name}.txt")
    return old, new


@pytest.fixture(scope="module")
def reference_builds(corpora: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Clean builds of both corpora (their bytes) and how long the new one takes, to place the kills in."""
    old, new = corpora
    site = tmp_path_factory.mktemp("reference-builds")
    assert run_cli("build", str(old), "--out", str(site / "old"), "--no-cache").returncode == 0
    started = time.monotonic()
    done = run_cli("build", str(new), "--out", str(site / "new"), "--no-cache")
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    return {"old": snapshot(site / "old"), "new": snapshot(site / "new"), "seconds": seconds, "old_dir": site / "old"}


def leftovers(site: Path) -> list[str]:
    """What is beside graph/ other than graph/ itself and the build cache."""
    return sorted(p.name for p in site.iterdir() if p.name not in ("graph", ".graph.cache"))


def test_a_build_killed_at_any_moment_leaves_the_previous_graph(
    corpora: tuple[Path, Path], reference_builds: dict[str, object], tmp_path: Path,
) -> None:
    _, new = corpora
    old_bytes, new_bytes = reference_builds["old"], reference_builds["new"]
    seconds = float(reference_builds["seconds"])  # type: ignore[arg-type]
    site = tmp_path / "site"
    site.mkdir()
    shutil.copytree(reference_builds["old_dir"], site / "graph")  # type: ignore[arg-type]
    outcomes = []
    for seed in KILL_SEEDS:
        delay = random.Random(seed).uniform(0.2, seconds * 1.1)
        process = subprocess.Popen(cli("build", str(new), "--out", str(site / "graph")), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the build and any worker processes it started
        process.wait(timeout=60)
        now = snapshot(site / "graph")
        assert now in (old_bytes, new_bytes), f"seed {seed}: graph/ is neither the previous build nor the new one"
        outcomes.append("old" if now == old_bytes else "new")
        for name in leftovers(site):
            assert name.startswith(".graph.") and name.endswith((".tmp", ".old")), name
        if now == new_bytes:  # the kill came after the swap: start again from the previous graph
            shutil.rmtree(site / "graph")
            shutil.copytree(reference_builds["old_dir"], site / "graph")  # type: ignore[arg-type]
    print(f"\nbuild kills: {dict(zip(KILL_SEEDS, outcomes, strict=True))}")
    assert "old" in outcomes  # at least one kill landed inside the build
    # Whatever the killed builds left in the cache, a finished build publishes what a clean build does.
    done = run_cli("build", str(new), "--out", str(site / "graph"))
    assert done.returncode == 0, done.stderr
    assert snapshot(site / "graph") == new_bytes


KILL_AFTER_EXCHANGE = """
import os, signal, sys
from pathlib import Path
import diplograph.publish.files as files
real_exchange = files.exchange
def exchange(a, b):
    assert real_exchange(a, b), "this system has no atomic exchange"
    os.kill(os.getpid(), signal.SIGKILL)  # swapped in; the previous build not yet removed
files.exchange = exchange
from diplograph.pipeline import build
build(Path(sys.argv[1]), Path(sys.argv[2]))
"""

KILL_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
import diplograph.publish.files as files
files.exchange = lambda a, b: False  # a system without renameat2: the swap is two renames
real_replace = os.replace
def replace(src, dst):
    real_replace(src, dst)
    os.kill(os.getpid(), signal.SIGKILL)  # graph/ has just been moved aside; the new folder is not in place yet
files.os.replace = replace
from diplograph.pipeline import build
build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _build_killed_mid_swap(script: str, corpus: Path, reference_builds: dict[str, object], tmp_path: Path) -> None:
    """Put the old build in tmp_path/graph, then build `corpus` over it in a process that `script` kills mid-swap."""
    shutil.copytree(reference_builds["old_dir"], tmp_path / "graph")  # type: ignore[arg-type]
    done = subprocess.run([sys.executable, "-c", script, str(corpus), str(tmp_path / "graph")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_the_swap_is_one_atomic_step(
    corpora: tuple[Path, Path], reference_builds: dict[str, object], tmp_path: Path,
) -> None:
    old, new = corpora
    _build_killed_mid_swap(KILL_AFTER_EXCHANGE, new, reference_builds, tmp_path)
    assert snapshot(tmp_path / "graph") == reference_builds["new"]
    assert leftovers(tmp_path), "the previous build, swapped out, is still beside graph/ after the kill"
    assert run_cli("build", str(old), "--out", str(tmp_path / "graph"), "--no-cache").returncode == 0
    assert leftovers(tmp_path) == []


def test_without_an_atomic_exchange_the_next_build_repairs_a_kill_between_the_renames(
    corpora: tuple[Path, Path], reference_builds: dict[str, object], tmp_path: Path,
) -> None:
    _, new = corpora
    _build_killed_mid_swap(KILL_BETWEEN_RENAMES, new, reference_builds, tmp_path)
    assert not (tmp_path / "graph").exists() and (tmp_path / ".graph.old").is_dir()
    recover(tmp_path / "graph")  # what every build does first
    assert snapshot(tmp_path / "graph") == reference_builds["old"]
    assert leftovers(tmp_path) == []


def test_a_later_build_removes_stale_temporaries(corpora: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = corpora
    stale = tmp_path / ".graph.k1ll3d.tmp"
    (stale / "documents").mkdir(parents=True)
    (stale / "documents" / "half-written.ttl").write_text("<x:a> <x:b> ", encoding="utf-8")
    assert run_cli("build", str(old), "--out", str(tmp_path / "graph"), "--no-cache").returncode == 0
    assert leftovers(tmp_path) == []


# -- loads killed ---------------------------------------------------------------------------------------------

GRAPHS = 10
TRIPLES = 4_000


def synthetic(version: str) -> list[GraphUnit]:
    """GRAPHS graphs of TRIPLES triples; every triple of the 'new' version differs from every 'old' one, so a graph
    that is neither wholly old nor wholly new cannot pass for either."""
    units = []
    p = ox.NamedNode("https://w3id.org/diplograph/ontology#fault-test")
    for g in range(GRAPHS):
        name = ox.NamedNode(f"https://w3id.org/diplograph/id/document/fault-{g:02d}")
        triples = tuple(ox.Triple(ox.NamedNode(f"{name.value}/item/{i}"), p, ox.Literal(f"{version} {g}/{i}"))
                        for i in range(TRIPLES))
        units.append(GraphUnit(name, triples))
    return units


def write_nquads(units: list[GraphUnit], path: Path) -> Path:
    path.write_text("".join(f"{q} .\n" for u in units for q in u.quads()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def versions(corpus_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Old and new versions of the same named graphs (the corpus build's, with the titles changed in the old
    version, and large synthetic ones), as N-Quads files and as units."""
    folder = tmp_path_factory.mktemp("load-versions")
    real = read_units(corpus_build)
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    old_real = [GraphUnit(u.name, tuple(ox.Triple(t.subject, t.predicate, ox.Literal("old title", language="en"))
                                        if t.predicate == title else t for t in u.triples)) for u in real]
    old, new = synthetic("old") + old_real, synthetic("new") + real
    return {"old": old, "new": new, "old_file": write_nquads(old, folder / "old.nq"),
            "new_file": write_nquads(new, folder / "new.nq")}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    running = OxigraphServer(tmp_path / "oxigraph")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def load_args(server: OxigraphServer, nquads: Path, method: str) -> list[str]:
    args = ["load", "--graph", str(nquads), "--endpoint", server.query_url, "--retries", "2", "--timeout", "10"]
    if method == "graph-store":
        return [*args, "--graph-store", server.graph_store_url]
    return [*args, "--update-endpoint", server.update_url]


def classify(server: OxigraphServer, old: list[GraphUnit], new: list[GraphUnit]) -> dict[str, str]:
    """Each graph on the server: 'old', 'new', or what else it holds."""
    states = {}
    for before, after in zip(old, new, strict=True):
        held = comparable(remote_graph(server.query_url, after.name.value))
        if held == comparable(after.quads()):
            states[after.name.value] = "new"
        elif held == comparable(before.quads()):
            states[after.name.value] = "old"
        else:
            states[after.name.value] = f"neither ({len(held)} triples)"
    return states


def holds_new(server: OxigraphServer, unit: GraphUnit) -> bool:
    """Whether the server already holds the new version's first triple of this graph (polled from the side)."""
    first = unit.triples[0]
    query = urllib.parse.urlencode({"query": f"ASK {{ GRAPH {unit.name} {{ {first.subject} {first.predicate} "
                                             f"{first.object} }} }}"})
    request = urllib.request.Request(f"{server.query_url}?{query}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback test server
        return b"true" in response.read()


def kill_during_load(server: OxigraphServer, versions: dict[str, object], method: str, seed: int) -> str:
    """Start a load of the new version; once the seed's chosen graph is in, wait the seed's extra moment (up to a
    quarter of a second, so the kill lands inside a later request or between two) and SIGKILL the server; then
    wait for the loader to give up on its own."""
    rng = random.Random(seed)
    watched = versions["new"][rng.randrange(GRAPHS - 2)]  # type: ignore[index]
    loader = subprocess.Popen(cli(*load_args(server, versions["new_file"], method)),  # type: ignore[arg-type]
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not holds_new(server, watched) and loader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.25))
    server.kill()
    out, err = loader.communicate(timeout=300)  # bounded retries: the loader stops on its own
    return f"exit {loader.returncode}\n{out}{err}"


LOAD_KILLS = [("graph-store", 21), ("graph-store", 22), ("graph-store", 23), ("update", 11), ("update", 12),
              ("update", 13)]


@pytest.mark.parametrize(("method", "seed"), LOAD_KILLS, ids=[f"{m}-{s}" for m, s in LOAD_KILLS])
def test_oxigraph_killed_mid_load_leaves_each_graph_old_or_new(
    server: OxigraphServer, versions: dict[str, object], method: str, seed: int,
) -> None:
    old, new = versions["old"], versions["new"]
    assert run_cli(*load_args(server, versions["old_file"], method)).returncode == 0  # type: ignore[arg-type]
    outcome = kill_during_load(server, versions, method, seed)
    server.start()  # same port, same data folder: what the crash left
    states = classify(server, old, new)  # type: ignore[arg-type]
    counts = {k: list(states.values()).count(k) for k in ("new", "old")}
    print(f"\n{method} seed {seed}: {counts['new']} graph(s) new, {counts['old']} old; loader {outcome.split()[1]}")
    assert all(state in ("old", "new") for state in states.values()), states
    if outcome.startswith("exit 4"):
        url = server.graph_store_url if method == "graph-store" else server.update_url
        assert url in outcome and "not loaded" in outcome, outcome
    else:
        assert outcome.startswith("exit 0"), outcome  # the kill came after the last graph went in
    assert run_cli(*load_args(server, versions["new_file"], method)).returncode == 0  # type: ignore[arg-type]
    assert set(classify(server, old, new).values()) == {"new"}  # type: ignore[arg-type]


def test_a_store_that_dies_mid_load_gives_a_clear_error_not_a_hang(
    server: OxigraphServer, versions: dict[str, object],
) -> None:
    outcome = kill_during_load(server, versions, "update", 7)
    assert outcome.startswith("exit 4"), outcome
    assert server.update_url in outcome and "after 2 attempt(s)" in outcome and "retrying in" in outcome
    assert "graph(s) loaded" in outcome and "not loaded" in outcome
