"""Shared fixtures: builds are slow enough (SHACL) to do once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph import paths
from diplograph.pipeline import build
from diplograph.queries import open_store

ROOT = Path(__file__).resolve().parents[1]
# The seeds' gold files: ../shared/gold beside the checkout, or the folder DIPLOGRAPH_GOLD names (a worktree kept
# elsewhere).
GOLD = Path(os.environ.get("DIPLOGRAPH_GOLD") or ROOT.parent / "shared" / "gold")
CASES = ROOT / "tests" / "cases"


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "graph"
    build(paths.CORPUS, out)
    return out


@pytest.fixture(scope="session")
def corpus_store(corpus_build: Path) -> ox.Store:
    return open_store(corpus_build)


@pytest.fixture(scope="session")
def cases_store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    corpus = tmp_path_factory.mktemp("cases")
    for case in sorted(CASES.iterdir()):
        if (case / "input.txt").exists():
            shutil.copy(case / "input.txt", corpus / f"{case.name}.txt")
    out = tmp_path_factory.mktemp("cases-build") / "graph"
    build(corpus, out)
    return open_store(out)
