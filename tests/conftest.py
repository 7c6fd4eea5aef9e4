"""Shared fixtures: builds are slow enough (SHACL) to do once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph import paths
from diplograph.pipeline import build
from diplograph.queries import open_store

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold"  # the seeds' expected facts, kept with the tests
CASES = ROOT / "tests" / "cases"
ONE_DOCUMENT = sorted((ROOT / "corpus").glob("*.txt"))[0]
# The inputs of a golden case that are one document each: a page saved as text, or saved as HTML.
DOCUMENT_INPUTS = (".txt", ".html")


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
        for suffix in DOCUMENT_INPUTS:  # a table (input.csv, input.jsonl) is a corpus of its own: test_cases.py
            if (case / f"input{suffix}").exists():
                shutil.copy(case / f"input{suffix}", corpus / f"{case.name}{suffix}")
    out = tmp_path_factory.mktemp("cases-build") / "graph"
    build(corpus, out)
    return open_store(out)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus folder of one document of the bundled corpus."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ONE_DOCUMENT, folder)
    return folder
