"""Pages of the canned queries: whatever way the answer is cut (cursor, offset, stream), the pages put together are
the whole answer, the same rows in the same order, on the bundled corpus and on tests/cases; and a page of a query
that pages by document is computed from the documents it shows only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from diplograph import paging
from diplograph.cli import cli
from diplograph.errors import QueryError
from diplograph.queries import CannedQuery, Row, get_query, list_queries, open_store, render, run_query

QUERIES = list_queries()


def parameters(store: ox.Store, query: CannedQuery) -> dict[str, str]:
    """A value with an answer for each parameter: the first date with office holders, the most mentioned entity."""
    values: dict[str, str] = {}
    rows = run_query(query, store)[1]  # a parameter left out is unbound: every value
    for p in query.parameters:
        counts: dict[str, int] = {}
        for row in rows:
            value = row[p.name]
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        assert counts, f"{query.name} has no rows to take a {p.name} from"
        values[p.name] = max(sorted(counts), key=counts.__getitem__)
    return values


def by_cursor(query: CannedQuery, store: ox.Store, params: dict[str, str], size: int) -> list[Row]:
    cache: dict[str, list[str]] = {}
    page = paging.run_page(query, store, params, limit=size, cache=cache)
    rows = list(page.rows)
    while page.next is not None:
        assert len(page.rows) == size  # only the last page is short
        page = paging.run_page(query, store, params, limit=size, cursor=page.next, cache=cache)
        assert page.rows, "a cursor was given for a page with no rows"
        rows.extend(page.rows)
    return rows


def by_offset(query: CannedQuery, store: ox.Store, params: dict[str, str], size: int) -> list[Row]:
    rows: list[Row] = []
    while True:
        page = paging.run_page(query, store, params, limit=size, offset=len(rows))
        rows.extend(page.rows)
        if page.next is None:
            return rows


@pytest.fixture(scope="module", params=["corpus", "cases"])
def store(request: pytest.FixtureRequest) -> ox.Store:
    return request.getfixturevalue(f"{request.param}_store")


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_pages_put_together_are_the_whole_answer(store: ox.Store, query: CannedQuery) -> None:
    for params in ([parameters(store, query)] + ([{}] if query.parameters else [])):
        variables, whole = run_query(query, store, params)
        assert whole, f"{query.name} has no rows here: nothing would be compared"
        for size in (1, 7):
            assert by_cursor(query, store, params, size) == whole
        assert by_offset(query, store, params, 5) == whole
        streamed_variables, streamed = paging.iter_rows(query, store, params)
        assert streamed_variables == variables and list(streamed) == whole
        assert paging.run_page(query, store, params, limit=3).variables == variables


def record_documents_asked(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Callable[..., list[Row]]]:
    """The documents paging asks for their rows, in order as it asks, and the unrecorded way to ask."""
    asked: list[str] = []
    real = paging._document_rows

    def recording(query: CannedQuery, store: ox.Store, document: str,
                  params: dict[str, str] | None = None) -> list[Row]:
        asked.append(document)
        return real(query, store, document, params)

    monkeypatch.setattr(paging, "_document_rows", recording)
    return asked, real


def test_a_page_asks_only_for_the_documents_it_shows(corpus_store: ox.Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    asked, real = record_documents_asked(monkeypatch)
    query = get_query("instruments")
    documents = paging.documents_in_order(corpus_store, "document")
    first = real(query, corpus_store, documents[0])
    assert len(documents) > 1 and len(first) > 2
    page = paging.run_page(query, corpus_store, limit=2)
    assert asked == [documents[0]] and page.rows == first[:2] and page.next == f"2,{documents[0]}"


def test_documents_with_two_dates_are_paged_from_the_whole_answer(corpus_build: Path) -> None:
    store = open_store(corpus_build)
    documents = paging.documents_in_order(store, "document-date")
    first = ox.NamedNode(documents[0])
    store.add(ox.Quad(first, paging.DCTERMS_DATE,
                      ox.Literal("2100-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), first))
    query = get_query("documents")
    whole = run_query(query, store)[1]
    assert len(whole) == len(documents) + 1
    assert by_cursor(query, store, {}, 1) == whole
    assert list(paging.iter_rows(query, store)[1]) == whole


def test_bad_cursors_and_limits_are_refused(corpus_store: ox.Store) -> None:
    with pytest.raises(QueryError, match="not one this query gave"):
        paging.run_page(get_query("instruments"), corpus_store, limit=5, cursor="x,y")
    with pytest.raises(QueryError, match="is not in this store"):
        paging.run_page(get_query("instruments"), corpus_store, limit=5, cursor="0,https://example.org/nothing")
    with pytest.raises(QueryError, match="not one this query gave"):  # a document cursor for a LIMIT-cut query
        paging.run_page(get_query("timeline"), corpus_store, limit=5, cursor="0,https://example.org/nothing")
    with pytest.raises(QueryError, match="out of range"):
        paging.run_page(get_query("timeline"), corpus_store, limit=0)


def test_query_command_pages_and_streams(corpus_build: Path) -> None:
    runner = CliRunner()
    base = ["query", "proposals", "--graph", str(corpus_build), "--format", "csv"]
    whole = runner.invoke(cli, base)
    assert whole.exit_code == 0, whole.output
    expected = list(csv.reader(io.StringIO(whole.stdout)))
    first = runner.invoke(cli, [*base, "--limit", "3"])
    assert first.exit_code == 0, first.output
    assert list(csv.reader(io.StringIO(first.stdout))) == expected[:4]
    cursor = first.stderr.split("--cursor ", 1)[1].strip()
    second = runner.invoke(cli, [*base, "--limit", "3", "--cursor", cursor])
    assert list(csv.reader(io.StringIO(second.stdout)))[1:] == expected[4:7]
    skipped = runner.invoke(cli, [*base, "--offset", "2"])
    assert list(csv.reader(io.StringIO(skipped.stdout)))[1:] == expected[3:]
    bad = runner.invoke(cli, [*base, "--cursor", cursor])
    assert bad.exit_code == 2 and "--cursor goes with --limit" in bad.output


def test_streamed_json_is_the_rendered_json(corpus_store: ox.Store, corpus_build: Path) -> None:
    variables, rows = run_query(get_query("speakers"), corpus_store)
    done = CliRunner().invoke(cli, ["query", "speakers", "--graph", str(corpus_build), "--format", "json"])
    assert done.exit_code == 0 and done.stdout == render(variables, rows, "json")


def test_mentions_of_a_rare_entity_scanned_every_document(corpus_store: ox.Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """With the entity bound, only the documents that name it are asked for their rows."""
    asked, _ = record_documents_asked(monkeypatch)
    query = get_query("mentions")
    rows = run_query(query, corpus_store)[1]
    by_entity: dict[str, set[str]] = {}
    for row in rows:
        by_entity.setdefault(str(row["entity"]), set()).add(str(row["document"]))
    entity = next(e for e, documents in sorted(by_entity.items()) if len(documents) == 1)
    page = paging.run_page(query, corpus_store, {"entity": entity}, limit=100)
    assert page.rows == [r for r in rows if r["entity"] == entity] and page.next is None
    assert asked == sorted(by_entity[entity])
