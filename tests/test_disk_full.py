"""A full disk (issue 13): build and load say "no space left on device while writing PATH" and exit with their
documented codes (2 for build, 4 for load, which lists what loaded and what did not); a failed build takes out of the
cache what it wrote, and a load writes the dataset description last.

The full disk is injected as OSError(ENOSPC) at the write, so the tests need no file system of their own; the same
paths were checked by hand on a 1 MiB tmpfs."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from diplograph import cache as cache_module
from diplograph.publish.bundle import BundleWriter
from diplograph.store import embedded
from diplograph.store.source import iter_units

from .clirun import run

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted((ROOT / "corpus").glob("*.txt"))




def enospc(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(DOCUMENTS[0], folder)
    return folder


def test_full_disk_during_build_is_internal_error_without_a_path(corpus: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph"
    monkeypatch.setattr(BundleWriter, "add_reference", enospc)
    code, message = run("build", str(corpus), "--out", str(out))
    assert code == 2, message
    assert "no space left on device while writing" in message and str(tmp_path / ".graph.") in message
    assert "internal error" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # no output, no temporary folder, no cache


def test_failed_build_leaves_its_cache_behind(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "graph", tmp_path / "cache"
    assert run("build", str(corpus), "--out", str(out), "--cache", str(cache))[0] == 0
    before_cache, before_out = files(cache), (out / "diplograph.nq").read_bytes()
    shutil.copy(DOCUMENTS[1], corpus)  # a new document: the next build caches it before it fails
    monkeypatch.setattr(BundleWriter, "add_reference", enospc)
    code, message = run("build", str(corpus), "--out", str(out), "--cache", str(cache))
    assert code == 2 and "no space left on device" in message
    assert files(cache) == before_cache
    assert (out / "diplograph.nq").read_bytes() == before_out


def test_full_disk_in_the_cache_names_the_cache_file(corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setattr(cache_module.os, "replace", enospc)
    code, message = run("build", str(corpus), "--out", str(tmp_path / "graph"), "--cache", str(cache))
    assert code == 2, message
    assert f"no space left on device while writing {cache}" in message
    assert not cache.exists() and not (tmp_path / "graph").exists()


REAL_STORE = ox.Store


class FillingStore:
    """A real store whose second write fails as a full disk does (Oxigraph's message, no errno)."""

    def __init__(self, path: str) -> None:
        self.real = REAL_STORE(path)
        self.writes = 0

    def _write(self, method: str, *args: Any) -> None:
        self.writes += 1
        if self.writes == 2:
            raise OSError("IO error: No space left on device: While appending to file: 000010.sst")
        getattr(self.real, method)(*args)

    def bulk_extend(self, quads: Any) -> None:
        self._write("bulk_extend", quads)

    def update(self, text: str) -> None:
        self._write("update", text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_full_disk_during_load_does_not_list_what_loaded(corpus_build: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "store"
    monkeypatch.setattr(embedded.ox, "Store", FillingStore)
    code, message = run("load", "--graph", str(corpus_build), "--store", str(folder))
    assert code == 4, message
    assert f"no space left on device while writing {folder}" in message
    names = [u.name.value for u in iter_units(corpus_build)]
    assert f"loaded      {names[0]}" in message and f"FAILED      {names[1]}" in message
    assert all(f"not loaded  {name} (not attempted)" in message for name in names[2:])


def write_build_in_parts(folder: Path) -> None:
    """A build folder as a corpus in parts lays it out: the reference and metadata graphs in diplograph.nq, the
    documents' graphs in parts/."""
    base = "https://w3id.org/diplograph/id/"
    (folder / "parts").mkdir(parents=True)
    (folder / "diplograph.nq").write_text(
        f'<{base}x> <{base}p> "r" <{base}graph/reference> .\n'
        f'<{base}x> <{base}p> "m" <{base}graph/metadata> .\n', encoding="utf-8")
    for key in ("a", "b"):
        (folder / "parts" / f"{key}.nq").write_text(
            f'<{base}document/{key}> <{base}p> "d" <{base}document/{key}> .\n', encoding="utf-8")


def test_killed_load_writes_the_metadata_graph_first(tmp_path: Path, corpus_build: Path) -> None:
    write_build_in_parts(tmp_path / "graph")
    names = [u.name.value for u in iter_units(tmp_path / "graph")]
    assert names == ["https://w3id.org/diplograph/id/graph/reference", "https://w3id.org/diplograph/id/document/a",
                     "https://w3id.org/diplograph/id/document/b", "https://w3id.org/diplograph/id/graph/metadata"]
    assert [u.name.value for u in iter_units(corpus_build)][-1].endswith("/id/graph/metadata")
