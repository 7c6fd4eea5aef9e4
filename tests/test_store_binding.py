"""Parameters bound for remote stores: terms in a VALUES block placed by a SPARQL-aware scan, giving the same
rows as pyoxigraph's substitution; and the bounded retry schedule."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from diplograph.errors import QueryError
from diplograph.queries import bound_terms, get_query, list_queries, run_query
from diplograph.store.binding import bind_values, where_group_start
from diplograph.store.retry import GaveUp, RetryPolicy, Transient, with_retries

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def select_values(store: ox.Store, text: str) -> list[dict[str, str | None]]:
    solutions = store.query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def test_values_go_first_in_the_where_group_past_comments_strings_and_iris() -> None:
    text = (
        "# title: a { tricky } header #\n"
        "PREFIX ex: <http://example.org/#{not-a-brace}>\n"
        "SELECT ?x (CONCAT(\"{\", '}', \"\"\"{ \"\"\") AS ?y) WHERE { ?x ex:p ?v } ORDER BY ?x"
    )
    at = where_group_start(text)
    assert text[at - len("WHERE {"):at] == "WHERE {"
    bound = bind_values(text, {"v": ox.Literal("1")})
    assert 'WHERE {\n  VALUES (?v) { ("1") } ?x ex:p ?v }' in bound


def test_construct_template_is_skipped() -> None:
    text = "CONSTRUCT { ?s <http://e/p> ?o } WHERE { ?s <http://e/q> ?o }"
    bound = bind_values(text, {"s": ox.NamedNode("http://e/a")})
    assert bound.startswith("CONSTRUCT { ?s <http://e/p> ?o } WHERE {\n  VALUES (?s) { (<http://e/a>) }")
    assert "VALUES" in bind_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://e/a")})


def test_hostile_text_stays_inside_its_literal() -> None:
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?a ?b ?c } # \n\\ «'
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("keep"),
                      ox.NamedNode("http://e/g")))
    text = bind_values("SELECT ?v ?n WHERE { BIND(STRLEN(?v) AS ?n) }", {"v": ox.Literal(hostile)})
    assert select_values(store, text) == [{"v": hostile, "n": str(len(hostile))}]
    assert len(store) == 1


def test_bad_names_and_non_queries_are_refused() -> None:
    with pytest.raises(QueryError):
        bind_values("SELECT * WHERE { }", {"v } ": ox.Literal("x")})
    with pytest.raises(QueryError):
        bind_values("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", {"v": ox.Literal("x")})
    with pytest.raises(QueryError):
        bind_values('SELECT * WHERE { "unterminated }', {"v": ox.Literal("x")})


@pytest.mark.parametrize(("name", "params"), [
    ("office-holders", {"date": "2021-03-26"}),
    ("office-holders", {"date": "1999-01-01"}),
    ("mentions", {"entity": "https://w3id.org/diplograph/id/instrument/a-res-53-70"}),
    ("mentions", {"entity": "https://w3id.org/diplograph/id/person/vladimir-putin"}),
])
def test_values_binding_gives_the_rows_substitution_gives(
    name: str, params: dict[str, str], corpus_store: ox.Store,
) -> None:
    query = get_query(name)
    expected = run_query(query, corpus_store, params)
    rows = select_values(corpus_store, bind_values(query.text, bound_terms(query, params)))
    assert rows == expected[1]


def test_every_canned_query_has_a_where_group_and_names_its_graphs() -> None:
    for query in list_queries():
        where_group_start(query.text)
        assert "GRAPH ?" in query.text, query.name


def test_retries_are_bounded_and_back_off() -> None:
    assert RetryPolicy(attempts=5, first_delay=0.5, max_delay=3).delays() == [0.5, 1, 2, 3]
    waits: list[float] = []
    calls = 0

    def always_down() -> None:
        nonlocal calls
        calls += 1
        raise Transient("connection refused")

    with pytest.raises(GaveUp) as caught:
        with_retries(always_down, RetryPolicy(attempts=4), sleep=waits.append)
    assert calls == 4 and caught.value.attempts == 4 and waits == [0.5, 1, 2]

    outcomes = iter([Transient("503"), "ok"])

    def flaky() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert with_retries(flaky, RetryPolicy(attempts=2), sleep=waits.append) == "ok"
