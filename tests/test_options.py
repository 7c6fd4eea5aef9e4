"""Options that were accepted or misreported (issue 12): a missing folder, an invalid IRI or a malformed reference
entry is a usage error (exit 2) naming the option or file, the value and what is expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph import paths

from .clirun import run

ROOT = Path(__file__).resolve().parents[1]
ONE_DOCUMENT = sorted((ROOT / "corpus").glob("*.txt"))[0]






def test_reference_nosuch_builds_silently_with_a_tenth_of_the_triples(corpus: Path, tmp_path: Path) -> None:
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--reference", "nosuch")
    assert code == 2 and "--reference 'nosuch'" in message and "no such folder" in message
    assert "reference-data YAML files" in message
    assert not (tmp_path / "g").exists()
    (tmp_path / "empty").mkdir()
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--reference", str(tmp_path / "empty"))
    assert code == 2 and "holds no *.yaml file" in message


def test_shapes_nosuch_is_an_internal_error(corpus: Path, tmp_path: Path) -> None:
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--shapes", "nosuch")
    assert code == 2 and "--shapes 'nosuch'" in message and "SHACL shapes" in message
    assert "internal error" not in message


@pytest.mark.parametrize("base", ["not an iri", "ftp://example.org/", "https:///no-host/", "https://x.org/a?b=c",
                                  "https://exa mple.org/", "https://x.org/#frag", "HTTPS://X.ORG/"])
def test_invalid_base_is_an_internal_error(corpus: Path, tmp_path: Path, base: str) -> None:
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--base", base)
    assert code == 2 and f"--base {base!r}" in message and "https://w3id.org/diplograph/" in message
    assert "internal error" not in message
    code, message = run("load", "--graph", str(ROOT / "graph"), "--store", str(tmp_path / "s"), "--prune",
                        "--base", base)
    assert code == 2 and f"--base {base!r}" in message
    assert not (tmp_path / "s").exists()


def test_serve_accepts_an_invalid_base_silently(tmp_path: Path) -> None:
    code, message = run("serve", "--graph", str(ROOT / "graph"), "--port", "0", "--base", "nope")
    assert code == 2 and "--base 'nope'" in message


def test_base_without_a_final_slash_is_completed(corpus: Path, tmp_path: Path) -> None:
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--no-cache",
                        "--base", "https://example.org/ds")
    assert code == 0, message
    assert "<https://example.org/ds/id/document/" in (tmp_path / "g" / "diplograph.nq").read_text(encoding="utf-8")


MALFORMED_LABELS = [
    ("label: {}", "the label is empty"),
    ('label: ""', "the label is empty"),
    ('label: {en: "", ru: ""}', "the label is empty"),
    ("label: {en: {x: 1}}", "label en must be text"),
    ("label: [a, b]", "label: expected {en: …, ru: …}"),
]


@pytest.mark.parametrize(("entry", "problem"), MALFORMED_LABELS)
def test_empty_label_raises_generator_stopiteration(corpus: Path, tmp_path: Path, entry: str, problem: str) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(paths.REFERENCE, reference)
    persons = reference / "persons.yaml"
    text = persons.read_text(encoding="utf-8")
    first = "  label: {en: Vladimir Putin, ru: Владимир Путин}"
    assert first in text
    persons.write_text(text.replace(first, "  " + entry, 1), encoding="utf-8")
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--reference", str(reference))
    assert code == 2, message
    assert str(persons) in message and "entry 1 (id vladimir-putin)" in message and problem in message
    assert "StopIteration" not in message


@pytest.mark.parametrize(("entry", "problem"), [
    ("  holders: [nobody]\n", "each of 'holders' needs a 'person'"),
    ("  year: soon\n", "year 'soon' is not a year"),
    ("  parties: [{x: 1}]\n", "parties must be text"),
    ("  date: {x: 1}\n", "is not a date (YYYY-MM-DD)"),
])
def test_malformed_reference_entries_name_file_entry_and_problem(corpus: Path, tmp_path: Path, entry: str,
                                                                 problem: str) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(paths.REFERENCE, reference)
    persons = reference / "persons.yaml"
    text = persons.read_text(encoding="utf-8")
    anchor = "- id: vladimir-putin\n"
    persons.write_text(text.replace(anchor, anchor + entry, 1), encoding="utf-8")
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--reference", str(reference))
    assert code == 2 and str(persons) in message and "(id vladimir-putin)" in message and problem in message


def test_graph_and_store_together_are_not_refused(tmp_path: Path) -> None:
    code, message = run("query", "documents", "--graph", str(ROOT / "graph"), "--store", str(tmp_path / "s"))
    assert code == 2 and "--graph and --store" in message


def test_locked_store_is_exit_4_from_load_but_2_from_query(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    assert run("load", "--graph", str(ROOT / "graph"), "--store", str(folder))[0] == 0
    holder = ox.Store(str(folder))  # holds the lock, as a running load or server does
    try:
        load_code, load_message = run("load", "--graph", str(ROOT / "graph"), "--store", str(folder))
        query_code, query_message = run("query", "documents", "--store", str(folder))
    finally:
        del holder
    assert load_code == query_code == 4, (load_message, query_message)
    assert str(folder) in query_message and "using it" in query_message


def test_load_with_a_bad_graph_creates_an_empty_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    code, message = run("load", "--graph", str(tmp_path / "nosuch.nq"), "--store", str(folder))
    assert code == 2 and "nosuch.nq" in message
    broken = tmp_path / "broken.nq"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    code, message = run("load", "--graph", str(broken), "--store", str(folder))
    assert code == 2 and "broken.nq" in message
    assert not folder.exists()
