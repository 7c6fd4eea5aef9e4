"""The server with the ecosystem's clients and their defaults (issue 12): SPARQLWrapper's `format=` in every return
format it offers, the media-type aliases clients send, CORS preflights with the headers browsers add, and the
SPARQL form in a browser."""

from __future__ import annotations

import io
import json
import urllib.error
import warnings
from urllib.parse import urlencode
from xml.dom.minidom import Document

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from diplograph.serve import Server
from tests import test_serve
from tests.test_serve import BASE, BROWSER, DG, PERSON, request

dataset, server = test_serve.dataset, test_serve.server  # the same module-scoped fixtures

LAVROV = BASE + PERSON.lstrip("/")
QUERIES = {
    # Lavrov's row only: the reference set holds more persons than the test server's 50-row limit.
    "SELECT": f"SELECT ?p WHERE {{ ?p a <{DG}Person> FILTER(CONTAINS(STR(?p), 'lavrov')) }} ORDER BY ?p",
    "ASK": f"ASK {{ <{LAVROV}> a <{DG}Person> }}",
    "CONSTRUCT": f"CONSTRUCT {{ ?p a <{DG}Person> }} WHERE {{ ?p a <{DG}Person> FILTER(CONTAINS(STR(?p), 'lavrov')) }}",
    "DESCRIBE": f"DESCRIBE <{LAVROV}>",
}
# What each SPARQLWrapper return format gets, by query form: the media type answered, or None for a 406 that names
# the query form (Turtle for a SELECT, CSV for a CONSTRUCT: formats of the other kind of result).
SOLUTIONS = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml", CSV: "text/csv",
             TSV: "text/tab-separated-values", TURTLE: None, N3: None, RDF: None, RDFXML: None, JSONLD: None}
GRAPHS = {JSON: "application/ld+json", XML: "application/rdf+xml", TURTLE: "text/turtle", N3: "text/turtle",
          RDF: "application/rdf+xml", RDFXML: "application/rdf+xml", JSONLD: "application/ld+json", CSV: None,
          TSV: None}
EXPECTED = {"SELECT": SOLUTIONS, "ASK": SOLUTIONS, "CONSTRUCT": GRAPHS, "DESCRIBE": GRAPHS}
RDFLIB_FORMAT = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


def _check_converted(form: str, media_type: str, converted: object) -> None:
    """The converted result holds what the query asks for."""
    if isinstance(converted, bytes | str):
        text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
        if media_type in RDFLIB_FORMAT:
            converted = rdflib.Graph().parse(data=text, format=RDFLIB_FORMAT[media_type])
        else:  # CSV, TSV
            assert (LAVROV in text) if form == "SELECT" else ("true" in text.lower()), text[:200]
            return
    if isinstance(converted, rdflib.Graph):
        assert (rdflib.URIRef(LAVROV), rdflib.RDF.type, rdflib.URIRef(DG + "Person")) in converted
    elif isinstance(converted, Document):
        xml = converted.toxml()
        assert (LAVROV in xml) if form == "SELECT" else ("<boolean>true</boolean>" in xml)
    else:
        assert isinstance(converted, dict)
        if form == "ASK":
            assert converted["boolean"] is True
        else:
            assert LAVROV in {b["p"]["value"] for b in converted["results"]["bindings"]}


@pytest.mark.parametrize("form", list(QUERIES))
def test_sparqlwrapper_format_parameter_in_every_return_format(server: Server, form: str) -> None:
    """SPARQLWrapper sends format= (and output=, results=) with every request, with its own short names (rdf+xml,
    json-ld, n3 …) and sometimes twice: each is answered in the fitting media type for the query form, or refused
    with a message that names the query form and the formats that fit."""
    for return_format, media_type in EXPECTED[form].items():
        client = SPARQLWrapper(server.url + "/sparql")
        client.setQuery(QUERIES[form])
        client.setReturnFormat(return_format)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SPARQLWrapper warns that Turtle for a SELECT is unexpected: it is
            if media_type is None:
                with pytest.raises(urllib.error.HTTPError) as refused:
                    client.query()
                message = refused.value.read().decode("utf-8")
                assert refused.value.code == 406, (return_format, message)
                shown = "CONSTRUCT or DESCRIBE" if form in ("CONSTRUCT", "DESCRIBE") else form
                assert f"format={return_format} does not fit a" in message and shown in message
                assert ("format=json" if form in ("SELECT", "ASK") else "format=turtle") in message
                assert "Accept" not in message
                continue
            result = client.query()
            assert result.info()["content-type"].split(";")[0] == media_type, (form, return_format)
            _check_converted(form, media_type, result.convert())


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("rdf+xml", "application/rdf+xml"), ("json-ld", "application/ld+json"), ("n3", "text/turtle"),
    ("xml", "application/rdf+xml"), ("json", "application/ld+json"), ("ttl", "text/turtle"),
    ("nt", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"), ("TURTLE", "text/turtle"),
])
def test_format_values_of_other_stores_on_construct(server: Server, fmt: str, media_type: str) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": QUERIES["CONSTRUCT"], "format": fmt}))
    assert reply.status == 200, reply.text
    assert reply.header("Content-Type").split(";")[0] == media_type


def test_unknown_format_value_is_400_with_the_accepted_values(server: Server) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": QUERIES["SELECT"], "format": "yaml"}))
    assert reply.status == 400 and "'yaml'" in reply.text and "json" in reply.text and "rdf+xml" in reply.text


# -- media-type aliases ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "extension"), [
    ("application/x-turtle", ".ttl"), ("text/n3", ".ttl"), ("text/plain", ".nt"), ("application/xml", ".rdf"),
    ("text/xml", ".rdf"), ("text/plain;q=0.2, application/x-turtle", ".ttl"), ("text/n3;q=0.1, text/xml", ".rdf"),
])
def test_media_type_aliases_dereference(server: Server, accept: str, extension: str) -> None:
    reply = request(server, PERSON, accept=accept)
    assert reply.status == 303 and reply.header("Location") == PERSON + extension


@pytest.mark.parametrize(("form", "accept", "media_type"), [
    ("SELECT", "application/xml", "application/sparql-results+xml"),
    ("SELECT", "text/xml", "application/sparql-results+xml"),
    ("ASK", "text/xml", "application/sparql-results+xml"),
    ("SELECT", "text/csv;q=0.5, application/json", "application/sparql-results+json"),
    ("CONSTRUCT", "application/xml", "application/rdf+xml"),
    ("CONSTRUCT", "text/xml", "application/rdf+xml"),
    ("CONSTRUCT", "text/plain", "application/n-triples"),
    ("CONSTRUCT", "application/x-turtle", "text/turtle"),
    ("DESCRIBE", "text/n3", "text/turtle"),
    ("CONSTRUCT", "text/turtle;q=0.3, text/plain;q=0.9", "application/n-triples"),
    ("CONSTRUCT", "text/plain;q=0.1, application/x-turtle;q=0.2", "text/turtle"),
])
def test_media_type_aliases_on_the_endpoint(server: Server, form: str, accept: str, media_type: str) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": QUERIES[form]}), accept=accept)
    assert reply.status == 200, reply.text
    assert reply.header("Content-Type").split(";")[0] == media_type
    if media_type == "application/n-triples":
        assert len(rdflib.Graph().parse(data=reply.body, format="nt")) > 0


def test_accept_of_the_other_result_kind_names_the_query_form(server: Server) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": QUERIES["SELECT"]}), accept="text/turtle")
    assert reply.status == 406 and "SELECT" in reply.text and "Accept" in reply.text and "format=json" in reply.text


# -- CORS -------------------------------------------------------------------------------------------------------

def test_cors_preflight_allows_the_headers_browsers_send(server: Server) -> None:
    preflight = request(server, "/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-requested-with,cache-control"})
    assert preflight.status == 204
    allowed = {h.strip().lower() for h in preflight.header("Access-Control-Allow-Headers").split(",")}
    assert {"content-type", "x-requested-with", "cache-control"} <= allowed
    assert {"GET", "POST"} <= {m.strip() for m in preflight.header("Access-Control-Allow-Methods").split(",")}
    page = request(server, PERSON, method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "accept, x-requested-with"})
    assert "x-requested-with" in page.header("Access-Control-Allow-Headers").lower()
    assert "GET" in page.header("Access-Control-Allow-Methods")
    bad = request(server, "/sparql", method="OPTIONS", headers={"Access-Control-Request-Headers": "bad header, x-ok"})
    assert bad.header("Access-Control-Allow-Headers") == "x-ok"


# -- the SPARQL form in a browser -------------------------------------------------------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_sparql_form_shows_a_results_table(server: Server) -> None:
    form = request(server, "/sparql", accept=BROWSER)
    assert '<option value="html" selected>' in form.text
    submitted = request(server, "/sparql", method="POST", accept=BROWSER, headers=FORM,
                        body=urlencode({"query": QUERIES["SELECT"], "format": "html"}).encode())
    assert submitted.status == 200 and submitted.header("Content-Type").startswith("text/html")
    assert '<table class="results">' in submitted.text and f'href="{PERSON}"' in submitted.text
    assert "<textarea" in submitted.text  # the form again, to change the query
    linked = request(server, "/sparql?" + urlencode({"query": QUERIES["CONSTRUCT"]}), accept=BROWSER)
    assert linked.header("Content-Type").startswith("text/html") and "<th>predicate</th>" in linked.text
    ask = request(server, "/sparql?" + urlencode({"query": QUERIES["ASK"]}), accept=BROWSER)
    assert "<strong>yes</strong>" in ask.text
    # a library or curl (*/*) still gets data
    assert request(server, "/sparql?" + urlencode({"query": QUERIES["SELECT"]}), accept="*/*").header(
        "Content-Type").startswith("application/sparql-results+json")


def test_sparql_form_turtle_for_select_names_the_query_form(server: Server) -> None:
    reply = request(server, "/sparql", method="POST", accept=BROWSER, headers=FORM,
                    body=urlencode({"query": QUERIES["SELECT"], "format": "turtle"}).encode())
    assert reply.status == 406
    notice = reply.text.split('<p class="notice">', 1)[1].split("</p>", 1)[0]
    assert "format=turtle does not fit a SELECT query" in notice and "Accept" not in notice and "format=json" in notice
    assert "<textarea" in reply.text and '<option value="turtle" selected>' in reply.text
    plain = request(server, "/sparql", method="POST", headers=FORM,
                    body=urlencode({"query": QUERIES["SELECT"], "format": "turtle"}).encode())
    assert plain.header("Content-Type").startswith("text/plain") and "SELECT" in plain.text


def test_sparql_results_page_is_wellformed_and_escaped(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    reply = request(server, "/sparql?" + urlencode({"query": query, "format": "html"}))
    assert "<script>" not in reply.text and "&lt;script&gt;" in reply.text
    assert json.loads(request(server, "/sparql?" + urlencode({"query": query, "format": "json"})).body)
    assert io.StringIO(reply.text).read().count("<table") == 1
