"""Results that were silently wrong (issues 12 and 13): Turtle inputs, the parameter rule shared by the command line
and the server, dates that are not YYYY-MM-DD, and a table that cut its cells."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplograph.queries import get_query, list_queries, open_store, run_query, table_text
from diplograph.serve.canned import CannedQueries

from .clirun import run


def rows_of(graph: Path, name: str, *params: str) -> list[dict[str, str]]:
    args = ["query", name, "--graph", str(graph), "--format", "csv"]
    for p in params:
        args += ["--param", p]
    code, out = run(*args)
    assert code == 0, out
    return list(csv.DictReader(io.StringIO(out)))


DOCUMENT_QUERIES = ["documents", "participants", "speakers", "organisations", "instruments", "proposals"]


@pytest.mark.parametrize("name", DOCUMENT_QUERIES)
def test_query_on_a_document_turtle_prints_only_the_header(corpus_build: Path, name: str) -> None:
    answered = 0
    for turtle in sorted((corpus_build / "documents").glob("kremlin-*.ttl")):
        document = f"https://w3id.org/diplograph/id/document/{turtle.stem}"
        from_nquads = [r for r in rows_of(corpus_build, name) if r["document"] == document]
        answered += len(from_nquads)
        assert rows_of(turtle, name) == from_nquads
    assert answered, f"{name} has no rows at all"


def test_query_on_the_whole_turtle_prints_only_the_header(corpus_build: Path) -> None:
    code, message = run("query", "documents", "--graph", str(corpus_build / "diplograph.ttl"))
    assert code == 2 and "diplograph.ttl" in message and "several documents" in message
    assert "diplograph.nq" in message  # what to give instead


def test_load_of_a_document_turtle_answers_like_the_nquads(corpus_build: Path, tmp_path: Path) -> None:
    turtle = sorted((corpus_build / "documents").glob("kremlin-*.ttl"))[0]
    folder = tmp_path / "store"
    code, out = run("load", "--graph", str(turtle), "--store", str(folder))
    assert code == 0, out
    code, out = run("query", "participants", "--store", str(folder), "--format", "csv")
    assert code == 0
    document = f"https://w3id.org/diplograph/id/document/{turtle.stem}"
    assert list(csv.DictReader(io.StringIO(out))) == [
        r for r in rows_of(corpus_build, "participants") if r["document"] == document]
    code, message = run("load", "--graph", str(corpus_build / "diplograph.ttl"), "--store", str(tmp_path / "s2"))
    assert code == 2 and "several documents" in message and not (tmp_path / "s2").exists()


def server_answer(store: ox.Store, name: str, params: dict[str, list[str]]) -> tuple[int, str]:
    response = CannedQueries(store).run(None, name, "csv", params)  # type: ignore[arg-type]  # no page is made
    return response.status, response.body.decode("utf-8")


def test_office_holders_without_date_cli_returns_everyone_server_400(corpus_build: Path) -> None:
    code, message = run("query", "office-holders", "--graph", str(corpus_build))
    assert code == 2 and "needs the parameter(s) date" in message
    status, text = server_answer(open_store(corpus_build), "office-holders", {})
    assert status == 400 and "needs the parameter(s) date" in text


def test_repeated_parameter_cli_returns_nothing_server_takes_the_first(corpus_build: Path) -> None:
    code, message = run("query", "office-holders", "--graph", str(corpus_build),
                        "--param", "date=2021-03-26", "--param", "date=2020-09-25")
    assert code == 2 and "date is given 2 times" in message
    status, text = server_answer(open_store(corpus_build), "office-holders",
                                 {"date": ["2021-03-26", "2020-09-25"]})
    assert status == 400 and "date is given 2 times" in text
    status, text = server_answer(open_store(corpus_build), "office-holders", {"date": ["2021-03-26"]})
    rows = text.splitlines()[1:]
    assert status == 200 and len(rows) > 10 and all(",2021-03-26," in row for row in rows)  # holders on that date


@pytest.mark.parametrize("value", ["20210326", "2021-W12-5", "2021-085", "2021-03-26T00:00", "21-03-26"])
def test_date_not_yyyy_mm_dd_is_accepted_and_returns_nothing(corpus_build: Path, value: str) -> None:
    code, message = run("query", "office-holders", "--graph", str(corpus_build), "--param", f"date={value}")
    assert code == 2 and "YYYY-MM-DD" in message and repr(value) in message
    status, text = server_answer(open_store(corpus_build), "office-holders", {"date": [value]})
    assert status == 400 and "YYYY-MM-DD" in text


def test_table_cuts_cells_at_60_characters(corpus_build: Path) -> None:
    store = open_store(corpus_build)
    variables, rows = run_query(get_query("proposals"), store)
    for width in (None, 80, 200):
        text = table_text(variables, rows, width)
        for row in rows:  # every IRI whole, on one line, whatever the width
            for value in (row["document"], row["proposal"]):
                assert value and value in text
        words = set(text.split())
        for row in rows:  # running text wrapped, never cut: every word of it is there
            assert set((row["text"] or "").split()) <= words
    narrow = table_text(variables, rows, 120)
    assert max(len(line) for line in narrow.splitlines()) < max(len(line) for line in table_text(variables, rows)
                                                               .splitlines())


def test_every_canned_query_still_prints_a_table(corpus_build: Path) -> None:
    for q in list_queries():
        params = {"date": "2021-03-26"} if q.name == "office-holders" else {}
        if q.name == "mentions":
            params = {"entity": "https://w3id.org/diplograph/id/instrument/a-res-53-70"}
        variables, rows = run_query(q, open_store(corpus_build), params)
        text = table_text(variables, rows, 100)
        assert text.splitlines()[0].split(" | ")[0].strip() == variables[0]
        assert json.dumps(rows)  # plain values
