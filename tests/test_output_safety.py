"""A build replaces its output folder whole, so it may only replace a folder an earlier build made (it holds the
marker file), and neither the output nor the cache may be, lie in or hold an input. Regression tests for issue 12's
data-loss findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplograph.publish.guard import BUILD_MARKER

from .clirun import run

ROOT = Path(__file__).resolve().parents[1]
ONE_DOCUMENT = sorted((ROOT / "corpus").glob("*.txt"))[0]






def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_out_equal_to_the_corpus_deletes_nothing(corpus: Path) -> None:
    before = snapshot(corpus)
    code, message = run("build", str(corpus), "--out", str(corpus), "--no-cache")
    assert code == 2 and str(corpus) in message and "is the corpus" in message
    assert snapshot(corpus) == before


def test_build_out_around_the_corpus_is_refused(corpus: Path) -> None:
    before = snapshot(corpus)
    code, message = run("build", str(corpus), "--out", str(corpus.parent), "--no-cache")
    assert code == 2 and "contains the corpus" in message
    assert snapshot(corpus) == before


def test_build_out_inside_the_corpus_builds_and_is_never_read_as_a_document(corpus: Path) -> None:
    """`diplograph build DIR --out DIR/g` (a folder of one document built where it lies) was refused; what a build
    writes is never a document, so the corpus keeps its files and a rebuild reads the same documents."""
    before = snapshot(corpus)
    for _ in range(2):
        code, message = run("build", str(corpus), "--out", str(corpus / "g"), "--no-cache")
        assert code == 0 and "built 1 document(s)" in message, message
    assert {k: v for k, v in snapshot(corpus).items() if not k.startswith("g/")} == before


def test_build_out_dot_deletes_the_folders_own_files(corpus: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.md").write_text("mine\n", encoding="utf-8")
    monkeypatch.chdir(work)
    code, message = run("build", str(corpus), "--out", ".")
    assert code == 2 and "is not a diplograph build" in message and "internal error" not in message
    assert sorted(p.name for p in work.iterdir()) == ["notes.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "work"]  # no '..cache' beside it either


def test_build_out_a_file_turns_it_into_a_folder(corpus: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# read me\n", encoding="utf-8")
    code, message = run("build", str(corpus), "--out", str(readme))
    assert code == 2 and str(readme) in message and "not a folder" in message
    assert readme.read_text(encoding="utf-8") == "# read me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "corpus"]


def test_build_default_out_writes_into_the_checkout(corpus: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, message = run("build", str(corpus))
    assert code == 0, message
    assert (work / "graph" / "diplograph.nq").is_file() and (work / "graph" / BUILD_MARKER).is_file()
    assert (work / ".graph.cache").is_dir()


def test_an_earlier_build_and_an_empty_folder_are_replaced(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph"
    out.mkdir()
    assert run("build", str(corpus), "--out", str(out), "--no-cache")[0] == 0
    assert (out / BUILD_MARKER).is_file()
    (out / "stale.txt").write_text("left by an earlier build\n", encoding="utf-8")
    assert run("build", str(corpus), "--out", str(out), "--no-cache")[0] == 0
    assert not (out / "stale.txt").exists()


def test_the_committed_graph_is_recognised_as_a_build() -> None:
    assert (ROOT / "graph" / BUILD_MARKER).is_file()


def test_cache_inside_the_corpus_or_the_output_is_refused(corpus: Path, tmp_path: Path) -> None:
    before = snapshot(corpus)
    out = tmp_path / "graph"
    for cache, why in ((corpus, "is the corpus"), (out / "c", "inside the output folder"),
                       (tmp_path, "contains the corpus")):
        code, message = run("build", str(corpus), "--out", str(out), "--cache", str(cache))
        assert code == 2 and str(cache) in message and why in message, message
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("mine\n", encoding="utf-8")
    code, message = run("build", str(corpus), "--out", str(out), "--cache", str(tmp_path / "notes"))
    assert code == 2 and "not a diplograph build cache" in message
    code, message = run("build", str(corpus), "--out", str(out), "--cache", str(tmp_path / "notes" / "a.md"))
    assert code == 2 and "not a folder" in message
    assert snapshot(corpus) == before and not out.exists()
