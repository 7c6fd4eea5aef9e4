"""A large corpus is published in parts, and a rebuild after an edit rewrites only the part the edit falls in.

The part size is lowered (PART_SPAN 4 instead of 256) so a 24-document generated corpus has several parts. The
tests check that the parts layout holds exactly the dataset the single-file layout holds; that a rebuild from the
cache gives the same bytes as a build without it, after an edit, an addition and a removal; that unchanged parts are
linked from the cache, not written again; and that a part with an unreadable document is never taken from the cache.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph.errors import InputError
from diplograph.pipeline import build
from diplograph.publish import parts as parts_module
from diplograph.publish.files import DATASET_NQUADS, PARTS_DIR, dataset_files
from diplograph.publish.parts import plan_parts
from diplograph.queries import get_query, open_store, run_query
from diplograph.store import read_units

ROOT = Path(__file__).resolve().parents[1]
METADATA = "https://w3id.org/diplograph/id/graph/metadata"
DOC = "https://w3id.org/diplograph/id/document/"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parts") / "corpus"
    _generator().generate_corpus(folder, 24, 5)
    return folder


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts_module, "PART_SPAN", 4)


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _quads(files: list[Path]) -> set[ox.Quad]:
    found: set[ox.Quad] = set()
    for path in files:
        found |= set(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    return found


def _copy(corpus: Path, to: Path) -> Path:
    to.mkdir(parents=True)
    for path in corpus.glob("*.txt"):
        (to / path.name).write_bytes(path.read_bytes())
    return to


# -- planning -----------------------------------------------------------------------------------------------------


def test_an_edit_to_the_file_list_moves_only_the_parts_around_it(small_parts: None) -> None:
    rng = random.Random(3)
    names = sorted(f"doc-{rng.randrange(10**9):09d}.txt" for _ in range(400))
    before = [tuple(names[i] for i in part) for part in plan_parts(names)]
    assert len(before) > 40 and sum(len(p) for p in before) == len(names)
    for _ in range(30):
        edited = list(names)
        if rng.random() < 0.5:
            edited.pop(rng.randrange(len(edited)))
        else:
            edited.insert(rng.randrange(len(edited)), f"doc-new-{rng.randrange(10**9)}.txt")
            edited.sort()
        after = [tuple(edited[i] for i in part) for part in plan_parts(edited)]
        changed = set(after) - set(before)
        assert 1 <= len(changed) <= 2, changed  # the part the edit is in (and the next, if it removed a boundary)


def test_a_corpus_smaller_than_a_part_is_one_part() -> None:
    names = [f"{i:04d}.txt" for i in range(parts_module.PART_SPAN - 1)]
    assert plan_parts(names) == [range(len(names))]
    assert plan_parts([]) == []


# -- the published layout ------------------------------------------------------------------------------------------


def test_the_parts_hold_the_same_dataset_as_one_file(corpus: Path, tmp_path: Path, small_parts: None) -> None:
    parts_out = tmp_path / "parts" / "graph"
    build(corpus, parts_out, cache=None)
    parts_module.PART_SPAN = 10**6  # restored by the fixture
    single_out = tmp_path / "single" / "graph"
    build(corpus, single_out, cache=None)
    assert not (single_out / PARTS_DIR).exists()
    part_files = dataset_files(parts_out)
    assert len(part_files) > 3 and part_files[0].name == DATASET_NQUADS

    data = {q for q in _quads(part_files) if q.graph_name.value != METADATA}
    assert data == {q for q in _quads([single_out / DATASET_NQUADS]) if q.graph_name.value != METADATA}
    # Every named graph lies whole in one file (the metadata graph in the first), and each part's files are
    # complete RDF on their own.
    seen: set[str] = set()
    for path in part_files:
        graphs = {q.graph_name.value for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}
        assert graphs and not graphs & seen
        seen |= graphs
        if path != part_files[0]:
            assert all(g.startswith(DOC) for g in graphs)
        for ext, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".jsonld", ox.RdfFormat.JSON_LD)):
            assert list(ox.parse(path=str(path.with_suffix(ext)), format=fmt))
    # The metadata graph, spread over the files, describes every document graph and every part file.
    meta = ox.Store()
    meta.extend(q for q in _quads(part_files) if q.graph_name.value == METADATA)
    described = {r["g"].value for r in meta.query(
        "SELECT ?g WHERE { GRAPH ?m { ?g <http://rdfs.org/ns/void#triples> ?n ; "
        "<http://spdx.org/rdf/terms#checksum> ?c } }")}
    assert described == {g.value for g in {q.graph_name for q in data}} - {
        "https://w3id.org/diplograph/id/graph/reference"}
    sizes = {r["u"].value.rsplit("/graph/", 1)[1]: int(r["s"].value) for r in meta.query(
        "SELECT ?u ?s WHERE { GRAPH ?m { ?d <http://www.w3.org/ns/dcat#downloadURL> ?u ; "
        "<http://www.w3.org/ns/dcat#byteSize> ?s } }")}
    on_disk = {p.relative_to(parts_out).as_posix(): p.stat().st_size
               for p in parts_out.rglob("*") if p.parent.name in (PARTS_DIR, parts_out.name) and p.is_file()}
    assert sizes and all(on_disk[name] == size for name, size in sizes.items())
    assert {n for n in on_disk if n.startswith(PARTS_DIR)} <= set(sizes)
    # The loader's units and the query command's store hold the same dataset, and the canned queries see the same
    # rows in both layouts.
    units = read_units(parts_out)
    assert len({u.name for u in units}) == len(units)  # no graph is split across files
    assert {q for u in units for q in u.quads()} == _quads(part_files)
    store, single = open_store(parts_out), open_store(single_out)
    everything = _quads(part_files)  # (the store holds integer subtypes as xsd:integer: compare counts and graphs)
    assert len(store) == len(everything)
    assert set(store.named_graphs()) == {q.graph_name for q in everything}
    query = get_query("participants")
    assert run_query(query, store)[1] == run_query(query, single)[1] != []


# -- rebuilding from the cache ---------------------------------------------------------------------------------------


def test_an_edit_rebuilds_one_part_and_gives_the_bytes_of_a_fresh_build(
    corpus: Path, tmp_path: Path, small_parts: None
) -> None:
    work = _copy(corpus, tmp_path / "corpus")
    out, cache = tmp_path / "graph", tmp_path / "cache"
    first = build(work, out, cache=cache)
    before = {p.name: p.stat().st_ino for p in (out / PARTS_DIR).iterdir()}

    victim = sorted(work.glob("*.txt"))[10]
    victim.write_text(victim.read_text(encoding="utf-8").rstrip("\n") + " \n", encoding="utf-8")
    again = build(work, out, cache=cache)
    assert again.cached == len(first.documents) - 1
    assert _bytes(out) == _bytes(build_fresh(work, tmp_path / "fresh-1"))
    after = {p.name: p.stat().st_ino for p in (out / PARTS_DIR).iterdir()}
    rewritten = {name for name in after if before.get(name) != after[name]}
    assert len(rewritten) == 3, rewritten  # one part's three files; the others are the cache's, linked

    sorted(work.glob("*.txt"))[3].unlink()
    (work / "zz-new.txt").write_bytes(sorted(corpus.glob("*.txt"))[3].read_bytes())  # same text, new place
    build(work, out, cache=cache)
    assert _bytes(out) == _bytes(build_fresh(work, tmp_path / "fresh-2"))
    live = len(list((out / PARTS_DIR).glob("*.nq")))
    for n in range(live + 1):  # enough edits that the replaced parts outnumber the live ones
        victim = sorted(work.glob("*.txt"))[n]
        victim.write_text(victim.read_text(encoding="utf-8") + " ", encoding="utf-8")
        build(work, out, cache=cache)
        kept = list(cache.glob("*/parts/*"))
        assert live <= len(kept) <= 2 * live + 1  # replaced parts are pruned once they outnumber the live ones
    assert _bytes(out) == _bytes(build_fresh(work, tmp_path / "fresh-3"))


def build_fresh(corpus: Path, where: Path) -> Path:
    build(corpus, where / "graph", cache=None)
    return where / "graph"


def test_a_part_with_an_unreadable_document_is_not_cached(corpus: Path, tmp_path: Path, small_parts: None) -> None:
    work = _copy(corpus, tmp_path / "corpus")
    (work / sorted(p.name for p in work.glob("*.txt"))[5]).write_bytes(b"\xff\xfe not a document")
    out, cache = tmp_path / "graph", tmp_path / "cache"
    first = build(work, out, cache=cache, keep_going=True)
    assert len(first.failed) == 1
    again = build(work, out, cache=cache, keep_going=True)
    assert [e.path for e in again.failed] == [e.path for e in first.failed]  # reported again, not hidden by a cache
    with pytest.raises(InputError):
        build(work, out, cache=cache)


def test_the_cache_keeps_a_parts_documents_as_places_in_it(corpus: Path, tmp_path: Path, small_parts: None) -> None:
    """In parts, a document's cache entry says where its part holds its texts instead of holding them again; when
    that part is gone from the cache, the document is made again rather than taken half from nowhere."""
    import shutil

    work = _copy(corpus, tmp_path / "corpus")
    out, cache = tmp_path / "graph", tmp_path / "cache"
    first = build(work, out, cache=cache)
    entries = sorted(cache.glob("*/documents/*/*.z"))
    assert len(entries) == len(first.documents)
    texts = sum(p.stat().st_size for p in (out / PARTS_DIR).iterdir())
    assert sum(p.stat().st_size for p in entries) * 20 < texts  # places, not texts

    victim = sorted(work.glob("*.txt"))[10]
    victim.write_text(victim.read_text(encoding="utf-8").rstrip("\n") + " \n", encoding="utf-8")
    for folder in cache.glob("*/parts"):
        shutil.rmtree(folder)
    again = build(work, out, cache=cache)
    assert again.cached == 0
    assert _bytes(out) == _bytes(build_fresh(work, tmp_path / "fresh"))
