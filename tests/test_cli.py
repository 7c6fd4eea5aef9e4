"""The command line: exit codes, error messages, atomic publishing, deterministic output."""

from __future__ import annotations

import shutil
from pathlib import Path

from .clirun import run

CORPUS = Path(__file__).resolve().parents[1] / "corpus"




def test_build_is_deterministic_and_queryable(tmp_path: Path, corpus_build: Path) -> None:
    code, out = run("build", str(CORPUS), "--out", str(tmp_path / "g"))
    assert code == 0, out
    for name in ("diplograph.ttl", "diplograph.nq"):
        assert (tmp_path / "g" / name).read_bytes() == (corpus_build / name).read_bytes()
    code, out = run("query", "documents", "--graph", str(tmp_path / "g"), "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "document,title,date,language,type,url"
    assert len(out.splitlines()) == 3


def test_bad_document_fails_and_keeps_previous_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "graph"
    assert run("build", str(corpus), "--out", str(out))[0] == 0
    before = (out / "diplograph.nq").read_bytes()
    (corpus / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    code, message = run("build", str(corpus), "--out", str(out))
    assert code == 2 and "broken.txt" in message and "not UTF-8" in message
    assert (out / "diplograph.nq").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    code, message = run("build", str(corpus), "--out", str(out), "--keep-going")
    assert code == 2 and "skipped" in message and "built 2 document(s)" in message


def test_unknown_query_and_bad_parameters(corpus_build: Path) -> None:
    code, message = run("query", "nope", "--graph", str(corpus_build))
    assert code == 2 and "no canned query named 'nope'" in message and "participants" in message
    code, message = run("query", "documents", "--graph", str(corpus_build), "--param", "x=1")
    assert code == 2 and "takes no parameter x" in message
    code, message = run("query", "office-holders", "--graph", str(corpus_build), "--param", "date=yesterday")
    assert code == 2 and "not a valid date" in message


def test_parameters_are_bound_not_pasted(corpus_build: Path) -> None:
    code, out = run("query", "office-holders", "--graph", str(corpus_build), "--param", "date=2021-03-26",
                    "--format", "csv")
    # a header, 23 terms of office that cover the day, 11 holdings attested on it
    assert code == 0 and len(out.splitlines()) == 35
    hostile = 'https://x/"} UNION { ?s ?p ?o } #'
    code, message = run("query", "mentions", "--graph", str(corpus_build), "--param", f"entity={hostile}")
    assert code == 2 and "not a valid iri" in message
    code, out = run("query", "mentions", "--graph", str(corpus_build), "--format", "csv",
                    "--param", "entity=https://w3id.org/diplograph/id/instrument/a-res-53-70")
    assert code == 0 and all("a-res-53-70" in line for line in out.splitlines()[1:]) and len(out.splitlines()) > 1


def test_missing_graph_says_what_to_do(tmp_path: Path) -> None:
    code, message = run("query", "documents", "--graph", str(tmp_path))
    assert code == 2 and "diplograph build" in message
