"""`diplograph serve` over real HTTP: a server on a free loopback port serving a real build of corpus/."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import threading
from dataclasses import dataclass
from email.message import Message
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from diplograph import paths
from diplograph.queries import get_query, list_queries, open_store, run_query
from diplograph.serve import DataSource, Limits, ServeConfig, Server
from diplograph.serve.negotiate import choose
from diplograph.serve.textmarkup import Span, markup

BASE = "https://w3id.org/diplograph/"
DG = "https://w3id.org/diplograph/ontology#"
METADATA = BASE + "id/graph/metadata"
PERSON = "/id/person/sergei-lavrov"
DOCUMENT = "/id/document/kremlin-en-65231"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
TIMEOUT = 1.0
MAX_ROWS = 50
MAX_REQUEST = 4096
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


def write_dataset(build: Path, out: Path, *, with_metadata: bool) -> Path:
    """The build's quads, with or without the named graph holding the VoID description. When the build has no
    such graph, a minimal one is added so VoID serving can be tested all the same."""
    store = open_store(build)
    metadata = ox.NamedNode(METADATA)
    quads = [q for q in store if q.graph_name != metadata or with_metadata]
    if with_metadata and not store.contains_named_graph(metadata):
        dataset = ox.NamedNode(BASE + "id/dataset")
        quads += [
            ox.Quad(dataset, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode("http://rdfs.org/ns/void#Dataset"), metadata),
            ox.Quad(dataset, ox.NamedNode("http://rdfs.org/ns/void#triples"), ox.Literal(str(len(store))), metadata),
        ]
    ox.serialize(quads, str(out), ox.RdfFormat.N_QUADS)
    return out


@pytest.fixture(scope="module")
def dataset(corpus_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dataset(corpus_build, tmp_path_factory.mktemp("serve") / "dataset.nq", with_metadata=True)


@pytest.fixture(scope="module")
def server(dataset: Path):
    config = ServeConfig(source=DataSource(graph=dataset), workers=2,
                         limits=Limits(timeout=TIMEOUT, max_rows=MAX_ROWS, max_request=MAX_REQUEST))
    with Server(config, port=0) as running:
        yield running


@pytest.fixture(scope="module")
def store(dataset: Path) -> ox.Store:
    return open_store(dataset)


def request(server: Server, path: str, *, method: str = "GET", accept: str | None = None,
            headers: dict[str, str] | None = None, body: bytes | None = None) -> Reply:
    """One HTTP exchange, redirects not followed (the tests look at them)."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    sent = dict(headers or {})
    if accept is not None:
        sent["Accept"] = accept
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def rdf(reply: Reply, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=reply.body, format=fmt)


# -- content negotiation (no server) ---------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/html"),
    ("*/*", "text/html"),
    (BROWSER, "text/html"),
    ("text/turtle", "text/turtle"),
    ("text/turtle;q=0.5, application/n-triples", "application/n-triples"),
    ("application/*;q=0.9, text/turtle;q=0.2", "application/ld+json"),
    ("text/*, text/html;q=0", "text/turtle"),
    ("*/*;q=0.1, application/ld+json", "application/ld+json"),
    ("TEXT/TURTLE; charset=utf-8; q=1", "text/turtle"),
    ("image/png", None),
    ("text/turtle;q=0", None),
    ("text/turtle;q=nonsense, application/n-triples;q=0.3", "application/n-triples"),
])
def test_accept_header_parsing(accept: str | None, expected: str | None) -> None:
    offers = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
    assert choose(accept, offers) == expected


# -- dereferencing ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "extension"), [
    (BROWSER, ".html"), ("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"),
    ("application/n-triples", ".nt"), ("text/turtle;q=0.5, application/n-triples", ".nt"),
    ("text/html;q=0, */*", ".ttl"),
])
def test_thing_iri_redirects_303_to_negotiated_description(server: Server, accept: str, extension: str) -> None:
    reply = request(server, PERSON, accept=accept)
    assert reply.status == 303
    assert reply.header("Location") == PERSON + extension
    assert "Accept" in reply.header("Vary")


def test_description_document_answers_200_after_the_redirect(server: Server) -> None:
    location = request(server, PERSON, accept="text/turtle").header("Location")
    reply = request(server, location)
    assert reply.status == 200
    assert reply.header("Content-Type").startswith("text/turtle")
    graph = rdf(reply, "turtle")
    person = rdflib.URIRef(BASE + PERSON.lstrip("/"))
    assert (person, rdflib.RDF.type, rdflib.URIRef(DG + "Person")) in graph


def test_unacceptable_type_is_406(server: Server) -> None:
    reply = request(server, PERSON, accept="image/png")
    assert reply.status == 406
    assert ".ttl" in reply.text


def test_document_iri_is_an_information_resource_answered_directly(server: Server) -> None:
    reply = request(server, DOCUMENT, accept="text/turtle")
    assert reply.status == 200
    assert reply.header("Content-Location") == DOCUMENT + ".ttl"
    assert "Accept" in reply.header("Vary")
    graph = rdf(reply, "turtle")
    doc = rdflib.URIRef(BASE + DOCUMENT.lstrip("/"))
    assert graph.value(doc, rdflib.DCTERMS.title) is not None
    html = request(server, DOCUMENT, accept=BROWSER)
    assert html.status == 200 and html.header("Content-Location") == DOCUMENT + ".html"
    assert html.header("Content-Type").startswith("text/html")


@pytest.mark.parametrize(("extension", "media_type", "fmt"), [
    (".ttl", "text/turtle", "turtle"), (".jsonld", "application/ld+json", "json-ld"),
    (".nt", "application/n-triples", "nt"), (".rdf", "application/rdf+xml", "xml"),
])
def test_extensions_give_their_format_whatever_the_accept_header(server: Server, store: ox.Store, extension: str,
                                                                 media_type: str, fmt: str) -> None:
    reply = request(server, PERSON + extension, accept="text/html")
    assert reply.status == 200
    assert reply.header("Content-Type").split(";")[0] == media_type
    graph = rdf(reply, fmt)
    person = rdflib.URIRef(BASE + PERSON.lstrip("/"))
    expected = {(str(q.predicate.value), q.object.value) for q in
                store.quads_for_pattern(ox.NamedNode(str(person)), None, None, None)}
    got = {(str(p), str(o)) for p, o in graph.predicate_objects(person)}
    assert expected <= got


def test_description_merges_graphs_and_includes_incoming_links(server: Server) -> None:
    graph = rdf(request(server, PERSON + ".ttl"), "turtle")
    person = rdflib.URIRef(BASE + PERSON.lstrip("/"))
    labels = {(str(o), o.language) for o in graph.objects(person, rdflib.SKOS.prefLabel)}
    assert ("Sergei Lavrov", "en") in labels and ("Сергей Лавров", "ru") in labels
    holding = rdflib.URIRef(BASE + DOCUMENT.lstrip("/") + "/holding/sergei-lavrov")
    assert (holding, rdflib.URIRef("http://www.w3.org/ns/org#member"), person) in graph
    # Neighbours come with their labels, so a client can show them.
    assert graph.value(rdflib.URIRef(BASE + DOCUMENT.lstrip("/")), rdflib.DCTERMS.title) is not None


def test_html_extension_and_head(server: Server) -> None:
    reply = request(server, PERSON + ".html")
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/html")
    head = request(server, PERSON + ".html", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert int(head.header("Content-Length")) == len(reply.body)


def test_unknown_iri_is_a_helpful_404(server: Server) -> None:
    reply = request(server, "/id/person/sergey-lavrov", accept=BROWSER)
    assert reply.status == 404
    assert reply.header("Content-Type").startswith("text/html")
    assert 'action="/search"' in reply.text and 'href="/"' in reply.text
    assert 'href="/id/person/sergei-lavrov"' in reply.text  # the near miss is suggested
    plain = request(server, "/id/person/sergey-lavrov", accept="text/turtle")
    assert plain.status == 404 and "/search" in plain.text
    assert request(server, PERSON + ".docx").status == 404


# -- pages ---------------------------------------------------------------------------------------------------

class Tags(HTMLParser):
    """Checks that elements nest properly and collects ids, links and the text of one element."""

    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
            if "a" in self.stack:
                self.errors.append("nested <a>")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def strip_added_labels(html: str) -> str:
    """The marked-up text without what the page adds to it: turn labels, links to proposals, and the participants
    from the graph shown in place of a garbled participants paragraph (which stays, folded, as printed)."""
    html = re.sub(r'<div class="participants-in-text">.*?<summary>.*?</summary><div>', "", html)
    html = html.replace("</div></details></div>", "")
    html = re.sub(r'<span class="turn-label"[^>]*>.*?</span>', "", html)
    return re.sub(r'<a class="factlink"[^>]*>.*?</a>', "", html)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


def test_person_page_offices_speeches_and_evidence_links(server: Server, store: ox.Store) -> None:
    html = request(server, PERSON + ".html").text
    tags = parse(html)
    assert not tags.errors and not tags.stack
    assert "<h1>Sergei Lavrov</h1>" in html
    assert "Ministry of Foreign Affairs" in html  # the organisation of the office held
    assert "2021-03-26" in html                   # the date it is attested
    evidence_links = [link for link in tags.links if link.startswith(DOCUMENT + "#ev-")]
    assert evidence_links
    putin = request(server, "/id/person/vladimir-putin.html").text
    assert 'id="speeches"' in putin and 'id="proposals"' in putin
    assert "/id/document/kremlin-en-65231/proposal/1-1" in putin


def test_document_page_marks_every_evidence_span_at_its_offsets(server: Server, store: ox.Store) -> None:
    reply = request(server, DOCUMENT + ".html")
    tags = parse(reply.text)
    assert not tags.errors and not tags.stack
    person_page = parse(request(server, PERSON + ".html").text)
    for link in person_page.links:
        if link.startswith(DOCUMENT + "#"):
            assert link.split("#", 1)[1] in tags.ids  # every evidence link lands on an element
    assert re.search(r'<mark class="mention" id="ev-\d+-\d+" title="Sergei Lavrov"><a href="/id/person/sergei-lavrov"',
                     reply.text)
    # The marked-up text, tags and turn labels removed, is the normalised text the offsets index into.
    doc = ox.NamedNode(BASE + DOCUMENT.lstrip("/"))
    text = next(store.quads_for_pattern(doc, ox.NamedNode(DG + "normalisedText"), None, None)).object.value
    body = reply.text.split('<div class="doctext" lang="en">')[-1].rsplit("</div>", 1)[0]
    shown = unescape(re.sub(r"<[^>]+>", "", strip_added_labels(body)))
    assert text.endswith(shown)
    assert len(shown) > len(text) // 2


def test_pages_escape_what_they_show(server: Server) -> None:
    reply = request(server, "/search?q=" + quote("<script>alert(1)</script>"))
    assert reply.status == 200
    assert "<script>alert" not in reply.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in reply.text
    found = request(server, "/search?q=lavrov").text
    assert 'href="/id/person/sergei-lavrov"' in found


def test_labels_follow_the_page_language(server: Server) -> None:
    assert "<h1>Сергей Лавров</h1>" in request(server, PERSON + ".html?lang=ru").text
    russian = request(server, PERSON + ".html", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert "<h1>Сергей Лавров</h1>" in russian.text and 'lang="ru"' in russian.text
    assert "Accept-Language" in russian.header("Vary")
    assert "<h1>Sergei Lavrov</h1>" in request(server, PERSON + ".html",
                                               headers={"Accept-Language": "en-GB,en;q=0.9"}).text


def test_instrument_and_proposal_pages(server: Server) -> None:
    resolution = request(server, "/id/instrument/a-res-53-70.html").text
    assert "A/RES/53/70" in resolution and "https://undocs.org/A/RES/53/70" in resolution
    assert 'id="mentions"' in resolution and DOCUMENT + "#ev-" in resolution
    treaty = request(server, "/id/instrument/incidents-at-sea-agreement-1972.html").text
    assert "/id/document/kremlin-ru-64086/proposal/1-3" in treaty  # cited as a precedent
    proposal = request(server, "/id/document/kremlin-ru-64086/proposal/1-3.html").text
    assert "/id/instrument/incidents-at-sea-agreement-1972" in proposal       # precedent
    assert 'href="/id/person/vladimir-putin"' in proposal                      # proposer
    assert 'id="source"' in proposal and "/id/document/kremlin-ru-64086#ev-" in proposal  # the words


def test_generic_page_for_other_resources(server: Server) -> None:
    reply = request(server, "/id/state/russia.html")
    assert reply.status == 200
    assert "skos:prefLabel" in reply.text and 'id="mentions"' in reply.text
    assert 'href="/ontology#State"' in reply.text  # ontology terms link to the ontology page


def test_home_page_lists_documents_and_queries(server: Server) -> None:
    html = request(server, "/").text
    assert 'href="/id/document/kremlin-en-65231"' in html and 'href="/id/document/kremlin-ru-64086"' in html
    for q in list_queries():
        assert f'href="/queries/{q.name}"' in html


def test_crawl_from_home_every_local_link_resolves_and_every_page_is_well_formed(server: Server) -> None:
    """Follow every link on this server from the home page (each page once): no link is broken, no page errs,
    every HTML page nests its elements properly."""
    seen: set[str] = set()
    queue = ["/"]
    pages = 0
    while queue and pages < 600:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        reply = request(server, path, accept=BROWSER)
        if reply.status == 303:
            queue.append(reply.header("Location"))
            continue
        assert reply.status == 200, f"{path}: {reply.status}"
        if not reply.header("Content-Type").startswith("text/html"):
            continue
        pages += 1
        tags = parse(reply.text)
        if not path.startswith("/ontology"):  # the ontology documentation is generated elsewhere
            assert not tags.errors and not tags.stack, f"{path}: {tags.errors[:3]} {tags.stack}"
        for link in tags.links:
            target = link.split("#", 1)[0]
            if target.startswith("/") and not target.startswith(("/sparql", "/search")) and target not in seen:
                queue.append(target)
    assert pages > 100  # persons, documents, instruments, proposals, organisations, queries…


# -- SPARQL endpoint -------------------------------------------------------------------------------------------

def wrapper(server: Server) -> SPARQLWrapper:
    return SPARQLWrapper(server.url + "/sparql")


DOCUMENTS = f"SELECT ?doc ?title WHERE {{ ?doc a <{DG}Document> ; <http://purl.org/dc/terms/title> ?title }}"


def test_sparqlwrapper_select_json_xml_csv(server: Server) -> None:
    client = wrapper(server)
    client.setQuery(DOCUMENTS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    docs = {b["doc"]["value"] for b in bindings}
    assert BASE + DOCUMENT.lstrip("/") in docs and len(docs) == 2
    assert any(b["title"].get("xml:lang") == "ru" for b in bindings)
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == len(bindings)
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode("utf-8"))))
    assert rows[0] == ["doc", "title"] and len(rows) == len(bindings) + 1


def test_sparqlwrapper_ask_construct_and_post(server: Server) -> None:
    client = wrapper(server)
    client.setReturnFormat(JSON)
    client.setQuery(f"ASK {{ <{BASE}id/person/sergei-lavrov> a <{DG}Person> }}")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(f"ASK {{ <{BASE}id/person/nobody> a <{DG}Person> }}")
    assert client.queryAndConvert()["boolean"] is False
    client.setQuery(f"CONSTRUCT {{ ?p a <{DG}Person> }} WHERE {{ ?p a <{DG}Person> }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert (rdflib.URIRef(BASE + PERSON.lstrip("/")), rdflib.RDF.type, rdflib.URIRef(DG + "Person")) in graph
    client.setMethod("POST")
    client.setQuery(DOCUMENTS)
    client.setReturnFormat(JSON)
    assert len(client.queryAndConvert()["results"]["bindings"]) == 2
    client.setRequestMethod("postdirectly")
    assert len(client.queryAndConvert()["results"]["bindings"]) == 2


def test_result_formats_by_accept(server: Server) -> None:
    path = "/sparql?" + urlencode({"query": DOCUMENTS})
    tsv = request(server, path, accept="text/tab-separated-values")
    assert tsv.header("Content-Type").startswith("text/tab-separated-values")
    assert tsv.text.splitlines()[0] == "?doc\t?title" and f"<{BASE}id/document/" in tsv.text
    construct = "/sparql?" + urlencode({"query": f"CONSTRUCT WHERE {{ ?p a <{DG}Person> }}"})
    jsonld = request(server, construct, accept="application/ld+json")
    assert jsonld.header("Content-Type").startswith("application/ld+json") and json.loads(jsonld.body)
    nt = request(server, construct, accept="application/n-triples")
    assert len(rdf(nt, "nt")) > 0
    assert request(server, path, accept="image/png").status == 406
    assert request(server, path + "&format=csv", accept="application/sparql-results+json").text.startswith("doc,")
    bad = request(server, "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p"}))
    assert bad.status == 400 and "SPARQL" in bad.text


def test_updates_are_refused(server: Server) -> None:
    insert = f"INSERT DATA {{ <{BASE}x> <{BASE}y> <{BASE}z> }}"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    by_form = request(server, "/sparql", method="POST", headers=form, body=urlencode({"update": insert}).encode())
    direct = request(server, "/sparql", method="POST", headers={"Content-Type": "application/sparql-update"},
                     body=insert.encode())
    as_query = request(server, "/sparql?" + urlencode({"query": "PREFIX ex: <http://e/> # c\n" + insert}))
    for reply in (by_form, direct, as_query):
        assert reply.status == 403 and "read-only" in reply.text
    ask = request(server, "/sparql?" + urlencode({"query": f"ASK {{ <{BASE}x> ?p ?o }}"}),
                  accept="application/sparql-results+json")
    assert json.loads(ask.body)["boolean"] is False


def test_runaway_query_is_stopped_and_the_endpoint_recovers(server: Server) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": HEAVY}))
    assert reply.status == 503
    assert "time limit" in reply.text
    after = request(server, "/sparql?" + urlencode({"query": DOCUMENTS}), accept="application/sparql-results+json")
    assert after.status == 200 and len(json.loads(after.body)["results"]["bindings"]) == 2


def test_row_limit(server: Server) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}),
                    accept="application/sparql-results+json")
    assert reply.status == 200
    assert len(json.loads(reply.body)["results"]["bindings"]) == MAX_ROWS
    assert reply.header("Diplograph-Truncated") == "true"
    assert reply.header("Diplograph-Result-Limit") == str(MAX_ROWS)
    small = request(server, "/sparql?" + urlencode({"query": DOCUMENTS}), accept="application/sparql-results+json")
    assert small.header("Diplograph-Truncated") == ""


def test_request_size_bound(server: Server) -> None:
    query = DOCUMENTS + " #" + "x" * MAX_REQUEST
    reply = request(server, "/sparql", method="POST", headers={"Content-Type": "application/sparql-query"},
                    body=query.encode())
    assert reply.status == 413
    assert request(server, "/sparql?" + urlencode({"query": query})).status == 414


def test_cors(server: Server) -> None:
    reply = request(server, "/sparql?" + urlencode({"query": DOCUMENTS}), headers={"Origin": "https://example.org"})
    assert reply.header("Access-Control-Allow-Origin") == "*"
    preflight = request(server, "/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 204
    assert "POST" in preflight.header("Access-Control-Allow-Methods")
    assert "content-type" in preflight.header("Access-Control-Allow-Headers").lower()
    assert request(server, PERSON + ".ttl").header("Access-Control-Allow-Origin") == "*"


def test_service_description(server: Server) -> None:
    reply = request(server, "/sparql", accept="text/turtle")
    assert reply.status == 200
    graph = rdf(reply, "turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(server.url + "/sparql")
    assert (endpoint, rdflib.RDF.type, sd.Service) in graph
    assert (endpoint, sd.endpoint, endpoint) in graph
    names = set(graph.objects(None, sd.name))
    assert rdflib.URIRef(BASE + DOCUMENT.lstrip("/")) in names
    form = request(server, "/sparql", accept=BROWSER)
    assert form.header("Content-Type").startswith("text/html") and "<textarea" in form.text


# -- canned queries, VoID, ontology ---------------------------------------------------------------------------

def test_canned_query_api(server: Server, store: ox.Store) -> None:
    listing = json.loads(request(server, "/queries.json").body)
    assert {q["name"] for q in listing} == {q.name for q in list_queries()}
    assert all(q["title"] for q in listing)
    variables, rows = run_query(get_query("documents"), store)
    table = list(csv.reader(io.StringIO(request(server, "/queries/documents.csv").text)))
    assert table[0] == variables and len(table) == len(rows) + 1
    holders = request(server, "/queries/office-holders.json?date=2021-03-26")
    assert holders.status == 200
    people = {b["person"]["value"] for b in json.loads(holders.body)["results"]["bindings"]}
    assert BASE + PERSON.lstrip("/") in people
    page = request(server, "/queries/office-holders?date=2021-03-26")
    assert page.status == 200 and 'name="date"' in page.text and 'href="/id/person/sergei-lavrov"' in page.text
    bad = request(server, "/queries/office-holders.csv?date=26.03.2021")
    assert bad.status == 400 and "date" in bad.text
    assert request(server, "/queries/office-holders.csv").status == 400            # a required parameter missing
    assert request(server, "/queries/documents.csv?colour=red").status == 400
    assert request(server, "/queries/no-such-query.json").status == 404


def test_canned_queries_come_in_pages(server: Server, store: ox.Store) -> None:
    """_size rows a page; the next page by _next, named in a Link header (CSV, JSON) or a link (HTML); the pages
    put together are the whole answer."""
    variables, rows = run_query(get_query("organisations"), store)
    assert len(rows) > 5
    seen: list[list[str]] = []
    path = "/queries/organisations.csv?_size=4"
    while path:
        reply = request(server, path)
        assert reply.status == 200
        table = list(csv.reader(io.StringIO(reply.text)))
        assert table[0] == variables and 1 <= len(table) - 1 <= 4
        seen.extend(table[1:])
        link = reply.header("Link") or ""
        path = link[1:link.index(">")] if link else ""
        assert not link or (link.endswith('; rel="next"') and "_size=4" in path and "_next=" in path)
    assert seen == [["" if r[v] is None else str(r[v]) for v in variables] for r in rows]
    first = json.loads(request(server, "/queries/organisations.json?_size=2").body)
    assert [b["organisation"]["value"] for b in first["results"]["bindings"]] == [r["organisation"] for r in rows[:2]]
    html = request(server, "/queries/organisations?_size=2")
    assert html.status == 200 and 'rel="next" href="/queries/organisations?_size=2&amp;_next=' in html.text
    last = request(server, "/queries/organisations.csv?_size=10000")
    assert not last.header("Link") and len(list(csv.reader(io.StringIO(last.text)))) == len(rows) + 1
    assert request(server, "/queries/organisations.csv?_size=0").status == 400
    assert request(server, "/queries/organisations.csv?_next=nonsense").status == 400
    assert request(server, "/queries/organisations.csv?_size=2&_size=3").status == 400


def test_void(server: Server, store: ox.Store) -> None:
    reply = request(server, "/.well-known/void", accept="text/turtle")
    assert reply.status == 200 and "Accept" in reply.header("Vary")
    graph = rdf(reply, "turtle")
    expected = list(store.quads_for_pattern(None, None, None, ox.NamedNode(METADATA)))
    assert len(graph) == len(expected) > 0
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")) in graph


def test_void_absent_is_404_with_a_message(corpus_build: Path, tmp_path: Path) -> None:
    bare = write_dataset(corpus_build, tmp_path / "bare.nq", with_metadata=False)
    with Server(ServeConfig(source=DataSource(graph=bare), workers=1), port=0) as other:
        reply = request(other, "/.well-known/void", accept="text/turtle")
        assert reply.status == 404 and METADATA in reply.text
        assert request(other, "/.well-known/void", accept=BROWSER).header("Content-Type").startswith("text/html")


def test_ontology(server: Server) -> None:
    turtle = request(server, "/ontology", accept="text/turtle")
    assert turtle.status == 200 and "Accept" in turtle.header("Vary")
    assert turtle.body == (paths.ONTOLOGY / "diplograph.ttl").read_bytes()
    jsonld = request(server, "/ontology.jsonld")
    assert jsonld.status == 200 and json.loads(jsonld.body)
    html = request(server, "/ontology", accept=BROWSER)
    index = paths.PROJECT_ROOT / "docs" / "ontology" / "index.html"
    if index.is_file():
        assert html.status == 200 and html.body == index.read_bytes()
    else:
        assert html.status == 404 and "/ontology.ttl" in html.text


# -- on-disk store, concurrency ------------------------------------------------------------------------------

def test_serves_an_on_disk_store(dataset: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    disk = ox.Store(str(folder))
    disk.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    disk.flush()
    del disk
    with Server(ServeConfig(source=DataSource(store=folder), workers=1), port=0) as on_disk:
        assert "<h1>Sergei Lavrov</h1>" in request(on_disk, PERSON + ".html").text
        reply = request(on_disk, "/sparql?" + urlencode({"query": DOCUMENTS}), accept="application/sparql-results+json")
        assert len(json.loads(reply.body)["results"]["bindings"]) == 2


def test_fifty_concurrent_clients(server: Server) -> None:
    paths_to_get = [PERSON + ".html", DOCUMENT + ".html", "/", "/sparql?" + urlencode({"query": DOCUMENTS}),
                    "/queries/documents.csv"]
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(50)

    def client(i: int) -> None:
        barrier.wait()
        reply = request(server, paths_to_get[i % len(paths_to_get)])
        with lock:
            statuses.append(reply.status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert statuses == [200] * 50


# -- text markup (no server) ----------------------------------------------------------------------------------

def test_crossing_spans_are_split_into_well_nested_elements() -> None:
    text = "Foreign Minister Sergei Lavrov met the Russian Federation delegation today."
    spans = [Span(0, 30, "holding"), Span(17, 30, "mention", href="/p", title="Lavrov"),
             Span(39, 57, "mention", href="/s", title="Russia"), Span(47, 68, "proposal", href="/x", title="[x]")]
    html = markup(text, spans)
    tags = parse(html)
    assert not tags.errors and not tags.stack
    assert tags.ids == {"ev-0-30", "ev-17-30", "ev-39-57", "ev-47-68"}
    assert unescape(re.sub(r"<[^>]+>", "", strip_added_labels(html))) == text


def test_bundle_files_are_downloadable_where_dcat_says(corpus_build: Path) -> None:
    """Each DCAT distribution's download URL (BASE/graph/FILE) answers with that file, when serving a build folder;
    paths that leave the folder do not."""
    void = rdflib.Graph().parse(corpus_build / "void.ttl")
    urls = sorted(str(u) for u in void.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#downloadURL")))
    assert urls
    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1), port=0) as running:
        for url in urls:
            path = "/" + url.removeprefix(BASE)
            reply = request(running, path)
            assert reply.status == 200, path
            assert reply.body == (corpus_build / path.removeprefix("/graph/")).read_bytes()
        assert request(running, "/graph/diplograph.nq").header("Content-Type").startswith("application/n-quads")
        for sneaky in ("/graph/../pyproject.toml", "/graph/%2e%2e/pyproject.toml", "/graph/", "/graph/documents"):
            assert request(running, sneaky).status == 404, sneaky
