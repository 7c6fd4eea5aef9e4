"""Loading a real build into an embedded on-disk Oxigraph store: bulk into an empty store, one transaction per
graph afterwards, convergence on re-load, exact replacement of a changed document, failures that leave every
graph whole, pruning, and querying the store with the canned queries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from diplograph.errors import InputError
from diplograph.queries import list_queries, open_store, run_query
from diplograph.store import EmbeddedStore, GraphUnit, LoadFailed, load_graphs, read_units
from diplograph.store.embedded import BULK, TRANSACTION
from diplograph.store.source import triples_graph_name

from .clirun import run
from .servers import comparable

BASE = "https://w3id.org/diplograph/"
FOREIGN_UNDER_BASE = "https://w3id.org/diplograph/id/graph/stale-document"
FOREIGN_ELSEWHERE = "http://example.org/not-ours"




def canonical(quads: list[ox.Quad]) -> set[str]:
    return comparable(quads)


def graph_in_store(store: ox.Store, name: str) -> set[str]:
    return canonical(list(store.quads_for_pattern(None, None, None, ox.NamedNode(name))))


def unit_quads(unit: GraphUnit) -> set[str]:
    return canonical(unit.quads())


def assert_store_holds(store: ox.Store, units: list[GraphUnit]) -> None:
    for unit in units:
        assert graph_in_store(store, unit.name.value) == unit_quads(unit), unit.name.value


def write_nquads(units: list[GraphUnit], path: Path) -> Path:
    path.write_text("".join(f"{q} .\n" for u in units for q in u.quads()), encoding="utf-8")
    return path


def edited(units: list[GraphUnit], index: int) -> list[GraphUnit]:
    """The same graphs with one changed: its title removed, a new statement added."""
    unit = units[index]
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    kept = tuple(t for t in unit.triples if t.predicate != title)
    assert len(kept) < len(unit.triples), "the document graph has a title to remove"
    added = ox.Triple(unit.name, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                      ox.Literal('edited "in place" } ; DROP ALL #', language="en"))
    changed = list(units)
    changed[index] = GraphUnit(unit.name, (*kept, added))
    return changed


def document_index(units: list[GraphUnit]) -> int:
    return next(i for i, u in enumerate(units) if "/id/document/" in u.name.value)


class FlakyStore:
    """A real store whose Nth update fails as a full disk would: fault injection at the I/O boundary."""

    def __init__(self, real: ox.Store, fail_on: int) -> None:
        self.real = real
        self.fail_on = fail_on
        self.updates = 0

    def update(self, text: str) -> None:
        self.updates += 1
        if self.updates == self.fail_on:
            raise OSError("No space left on device (injected)")
        self.real.update(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture(scope="module")
def units(corpus_build: Path) -> list[GraphUnit]:
    return read_units(corpus_build)


def test_build_has_several_named_graphs(units: list[GraphUnit]) -> None:
    names = [u.name.value for u in units]
    assert len(names) == len(set(names)) >= 3
    assert "https://w3id.org/diplograph/id/graph/reference" in names
    assert sum("/id/document/" in n for n in names) == 2


def test_load_into_empty_store_is_bulk_and_reload_is_transactional_and_converges(
    tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    folder = tmp_path / "store"
    first = load_graphs(corpus_build, EmbeddedStore(folder))
    assert first.ok and first.method == BULK
    assert [n for n, _ in first.loaded] == [u.name.value for u in units]
    assert first.triples == sum(len(u) for u in units)

    second = load_graphs(corpus_build, EmbeddedStore(folder))
    assert second.ok and second.method == TRANSACTION and second.triples == first.triples

    store = ox.Store(str(folder))
    assert_store_holds(store, units)
    assert len(store) == sum(len(u) for u in units)
    assert {g.value for g in store.named_graphs()} == {u.name.value for u in units}


def test_changing_one_document_replaces_exactly_that_graph(
    tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    folder = tmp_path / "store"
    load_graphs(corpus_build, EmbeddedStore(folder))
    index = document_index(units)
    changed = edited(units, index)
    report = load_graphs(write_nquads(changed, tmp_path / "changed.nq"), EmbeddedStore(folder))
    assert report.ok and report.method == TRANSACTION

    store = ox.Store(str(folder))
    assert_store_holds(store, changed)
    assert graph_in_store(store, units[index].name.value) != unit_quads(units[index])
    assert len(store) == sum(len(u) for u in changed)


def test_failure_mid_load_leaves_every_graph_whole_and_a_rerun_converges(
    tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    folder = tmp_path / "store"
    old = edited(units, document_index(units))
    load_graphs(write_nquads(old, tmp_path / "old.nq"), EmbeddedStore(folder))

    target = EmbeddedStore(folder)
    target.store = FlakyStore(target.store, fail_on=2)  # type: ignore[assignment]
    with pytest.raises(LoadFailed) as caught:
        load_graphs(corpus_build, target)
    report = caught.value.report
    assert [n for n, _ in report.loaded] == [units[0].name.value]
    assert [n for n, _ in report.failed] == [units[1].name.value]
    assert "No space left on device" in report.failed[0][1]
    assert report.not_attempted == [u.name.value for u in units[2:]]
    text = report.failure_text()
    assert "FAILED" in text and "not loaded" in text and units[0].name.value in text

    store = ox.Store(str(folder))
    assert graph_in_store(store, units[0].name.value) == unit_quads(units[0])  # loaded: new
    for before in old[1:]:  # failed and not attempted: exactly as before
        assert graph_in_store(store, before.name.value) == unit_quads(before)
    del store

    assert load_graphs(corpus_build, EmbeddedStore(folder)).ok
    store = ox.Store(str(folder))
    assert_store_holds(store, units)
    assert len(store) == sum(len(u) for u in units)


def test_graphs_absent_from_the_input_stay_unless_pruned_and_only_under_base(
    tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    for name in (FOREIGN_UNDER_BASE, FOREIGN_ELSEWHERE):
        node = ox.NamedNode(name)
        store.add(ox.Quad(node, ox.NamedNode("http://example.org/p"), ox.Literal("x"), node))
    del store

    code, out = run("load", "--graph", str(corpus_build), "--store", str(folder))
    assert code == 0, out
    store = ox.Store(str(folder))
    names = {g.value for g in store.named_graphs()}
    assert {FOREIGN_UNDER_BASE, FOREIGN_ELSEWHERE} <= names
    del store

    code, out = run("load", "--graph", str(corpus_build), "--store", str(folder), "--prune", "--base", BASE)
    assert code == 0, out
    assert "pruned 1 graph(s)" in out
    store = ox.Store(str(folder))
    assert {g.value for g in store.named_graphs()} == {u.name.value for u in units} | {FOREIGN_ELSEWHERE}
    assert_store_holds(store, units)


def test_cli_load_prints_a_summary_and_queries_on_the_store_match_the_build(
    tmp_path: Path, corpus_build: Path, units: list[GraphUnit],
) -> None:
    folder = tmp_path / "store"
    code, out = run("load", "--graph", str(corpus_build), "--store", str(folder))
    assert code == 0, out
    total = sum(len(u) for u in units)
    assert f"loaded {len(units)} graph(s), {total} triples in " in out and "triples/s" in out
    assert "bulk load" in out
    code, out = run("load", "--graph", str(corpus_build), "--store", str(folder))
    assert code == 0 and "one transaction per graph" in out

    needed = {"date": "date=2021-03-26", "entity": "entity=https://w3id.org/diplograph/id/instrument/a-res-53-70",
              "office": "office=https://w3id.org/diplograph/id/office/president-of-russia", "item": "item=65231"}
    for query in list_queries():
        params = [arg for p in query.parameters for arg in ("--param", needed[p.name])]  # every one is needed
        for fmt in ("csv", "json", "table"):
            code_graph, from_graph = run("query", query.name, "--graph", str(corpus_build), "--format", fmt, *params)
            code_store, from_store = run("query", query.name, "--store", str(folder), "--format", fmt, *params)
            assert code_graph == code_store == 0, from_store
            assert from_store == from_graph, (query.name, fmt)
    code, out = run("query", "office-holders", "--store", str(folder), "--param", "date=2021-03-26", "--format", "json")
    assert code == 0 and json.loads(out)["results"]["bindings"]


def test_one_turtle_file_is_one_graph_named_by_its_document_or_file(tmp_path: Path, corpus_build: Path) -> None:
    turtle = next((corpus_build / "documents").glob("*.ttl"))
    folder = tmp_path / "store"
    report = load_graphs(turtle, EmbeddedStore(folder))
    assert [n for n, _ in report.loaded] == [triples_graph_name(turtle).value]
    store = ox.Store(str(folder))
    expected = open_store(turtle)  # how `diplograph query --graph FILE.ttl` reads the same file
    assert len(store) == len(expected) == report.triples
    assert graph_in_store(store, triples_graph_name(turtle).value) == canonical(list(expected))


def test_bad_input_is_refused_before_the_store_is_touched(tmp_path: Path, corpus_build: Path) -> None:
    folder = tmp_path / "store"
    assert run("load", "--graph", str(corpus_build), "--store", str(folder))[0] == 0
    before = canonical(list(ox.Store(str(folder))))

    broken = tmp_path / "broken.nq"
    lines = (corpus_build / "diplograph.nq").read_text(encoding="utf-8").splitlines()
    lines.insert(len(lines) // 2, "<http://example.org/s> <http://example.org/p> \"unterminated .")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run("load", "--graph", str(broken), "--store", str(folder))
    assert code == 2 and "broken.nq" in out and "cannot parse" in out

    default_graph = tmp_path / "default.nq"
    default_graph.write_text("<http://example.org/s> <http://example.org/p> \"o\" .\n", encoding="utf-8")
    code, out = run("load", "--graph", str(default_graph), "--store", str(folder))
    assert code == 2 and "default graph" in out

    code, out = run("load", "--graph", str(tmp_path / "missing"), "--store", str(folder))
    assert code == 2 and "missing" in out
    assert canonical(list(ox.Store(str(folder)))) == before


def test_a_store_in_use_gives_a_clear_error(tmp_path: Path, corpus_build: Path) -> None:
    folder = tmp_path / "store"
    holder = ox.Store(str(folder))
    code, out = run("load", "--graph", str(corpus_build), "--store", str(folder))
    assert code == 4 and "cannot open the store" in out and str(folder) in out
    del holder


def test_query_on_a_missing_store_says_how_to_fill_it(tmp_path: Path) -> None:
    code, out = run("query", "documents", "--store", str(tmp_path / "nothing"))
    assert code == 2 and "diplograph load" in out


def test_read_units_rejects_unknown_extensions(tmp_path: Path) -> None:
    odd = tmp_path / "data.xyz"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        read_units(odd)


def test_local_queries_match_store_queries_row_for_row(tmp_path: Path, corpus_build: Path) -> None:
    folder = tmp_path / "store"
    load_graphs(corpus_build, EmbeddedStore(folder))
    store = ox.Store(str(folder))
    from_build = open_store(corpus_build)
    for query in list_queries():
        assert run_query(query, store) == run_query(query, from_build), query.name


def test_canned_queries_do_not_depend_on_the_default_graph(corpus_build: Path, units: list[GraphUnit]) -> None:
    """The same rows when a store also holds every triple in its default graph (as a union-default-graph store
    or a store that copies named graphs into its default graph would show them)."""
    named_only = open_store(corpus_build)
    doubled = open_store(corpus_build)
    doubled.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for u in units for t in u.triples])
    assert len(doubled) == len(named_only) + len({t for u in units for t in u.triples})
    for query in list_queries():
        assert run_query(query, doubled) == run_query(query, named_only), query.name
