"""The site's pages and what the docs say of them (issue 12): a named graph's IRI, the VoID page, the document
page's participants, "As written", the home page's counts and its Russian version."""

from __future__ import annotations

import json
import re
from html import unescape
from importlib.resources import files

import pyoxigraph as ox
import rdflib

from diplograph import paths
from diplograph.queries import list_queries
from diplograph.serve import Server
from diplograph.serve.pagekit import as_written
from tests import test_serve
from tests.test_serve import BASE, BROWSER, DG, DOCUMENT, parse, request

dataset, server, store = test_serve.dataset, test_serve.server, test_serve.store  # the same module-scoped fixtures
REFERENCE = BASE + "id/graph/reference"


def visible(html: str) -> str:
    """The text of a page as a reader sees it before opening anything folded."""
    html = re.sub(r"<details.*?</details>", " ", html, flags=re.S)
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_named_graph_iri_gives_its_triples(server: Server, store: ox.Store) -> None:
    """docs/serving.md: a named graph's IRI (not a document's) gives the graph's triples."""
    expected = {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(REFERENCE))}
    assert len(expected) > 100
    for extension, fmt in ((".ttl", "turtle"), (".nt", "nt")):
        reply = request(server, "/id/graph/reference" + extension)
        assert reply.status == 200
        assert len(rdflib.Graph().parse(data=reply.body, format=fmt)) == len(expected)
    assert request(server, "/id/graph/reference", accept="text/turtle").header("Location") == "/id/graph/reference.ttl"
    page = request(server, "/id/graph/reference.html").text
    assert 'href="/id/graph/reference.ttl"' in page and "void:triples" in page  # its triples, and what is said of it
    docs = " ".join((paths.PROJECT_ROOT / "docs" / "serving.md").read_text(encoding="utf-8").split())
    assert "(`/id/graph/reference.ttl`, …) gives the graph's triples" in docs
    # a document's IRI, also a graph name, still gives the document's record
    record = rdflib.Graph().parse(data=request(server, DOCUMENT + ".ttl").body, format="turtle")
    assert (rdflib.URIRef(BASE + DOCUMENT.lstrip("/")), rdflib.RDF.type, rdflib.URIRef(DG + "Document")) in record


def test_void_page_is_a_readable_table_not_a_turtle_dump(server: Server) -> None:
    reply = request(server, "/.well-known/void", accept=BROWSER)
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/html")
    html = reply.text
    assert "<pre>" not in html and "@prefix" not in html
    tags = parse(html)
    assert not tags.errors and not tags.stack
    assert '<table class="props void">' in html and "table.void td" in html  # long values wrap
    assert 'href="/id/dataset"' in html or "id/dataset" in html


def test_void_page_tables_of_the_real_description(corpus_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """On a real build (VoID with class and property partitions): classes with their entity counts."""
    from diplograph.serve import DataSource, ServeConfig

    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1), port=0) as running:
        html = request(running, "/.well-known/void", accept=BROWSER).text
        assert 'id="classes"' in html and 'id="properties"' in html
        classes = html.split('id="classes"', 1)[1].split("</section>", 1)[0]
        assert re.search(r'<a href="/ontology#Person">dg:Person</a></td><td>\d+', classes)
        # the bundle is served, so download URLs are links here
        assert 'href="/graph/diplograph.nq"' in html


def test_download_links_keep_their_address_when_the_files_are_not_served(server: Server) -> None:
    html = request(server, "/id/dataset/distribution/diplograph-nq.html").text
    assert 'href="/graph/' not in html and f'href="{BASE}graph/diplograph.nq"' in html


def test_document_page_shows_participants_from_the_graph_not_the_garbled_paragraph(server: Server) -> None:
    html = request(server, DOCUMENT + ".html").text
    text = visible(html)
    assert "Matviyenko Matviyenko" not in text and "ValentinaChairwoman" not in text
    block = html.split('<div class="participants-in-text">', 1)[1].split("<details", 1)[0]
    assert 'href="/id/person/valentina-matviyenko"' in block and 'href="/id/person/sergei-lavrov"' in block
    assert "Federation Council Speaker" in block
    # the paragraph as printed is kept, folded, with its evidence anchors
    folded = html.split('<details class="as-printed">', 1)[1].split("</details>", 1)[0]
    assert "Matviyenko" in unescape(re.sub(r"<[^>]+>", "", folded)) and 'id="ev-' in folded
    # a document whose participants paragraph is not garbled keeps its text as it is
    other = request(server, "/id/document/kremlin-ru-64086.html").text
    assert '<div class="participants-in-text">' not in other


def test_as_written_does_not_repeat_itself() -> None:
    same = {"written": ox.Literal("State Duma Speaker", language="en"),
            "official": ox.Literal("State  Duma speaker", language="en")}
    assert as_written(same).count("Duma") == 1
    different = {"written": ox.Literal("Foreign Minister"), "official": ox.Literal("Foreign Minister of Russia")}
    assert as_written(different) == "Foreign Minister — Foreign Minister of Russia"


def test_document_page_as_written_does_not_repeat_itself(server: Server) -> None:
    html = request(server, DOCUMENT + ".html").text
    participants = html.split('id="participants"', 1)[1].split("</section>", 1)[0]
    volodin = participants.split('href="/id/person/vyacheslav-volodin"', 1)[1].split("</tr>", 1)[0]
    assert visible(volodin).count("State Duma Speaker") == 1


COUNT = """PREFIX dg: <{dg}>
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?doc a dg:Document ; dg:mentions ?s . ?s a dg:{cls} }}"""


def test_home_counts_count_what_the_documents_name(server: Server, store: ox.Store) -> None:
    def count(query: str) -> int:
        solutions = store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        return int(next(iter(solutions))[0].value)

    named = count(COUNT.format(dg=DG, cls="Person"))
    known = count(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{DG}Person> }}")
    assert 0 < named < known
    text = visible(request(server, "/").text)
    assert f"Named in the documents — documents: 2 · persons: {named} ·" in text
    assert "The reference data knows more than the documents name — persons: " + str(known) in text


def test_russian_home_page_translates_query_titles_and_counts(server: Server) -> None:
    translations = json.loads(files("diplograph.serve").joinpath("templates/queries.json").read_text("utf-8"))["ru"]
    html = request(server, "/?lang=ru").text
    queries = list_queries()
    for q in queries:
        assert q.name in translations, f"queries/{q.name}.rq has no Russian title in serve/templates/queries.json"
        title = translations[q.name]["title"]
        assert f'<a href="/queries/{q.name}">{title}</a>' in html
        assert translations[q.name]["description"] in unescape(html)
        assert not re.search(r"[A-Za-z]{3}", title + translations[q.name]["description"].replace("URL", ""))
    text = visible(html)
    assert "Названо в документах — документы: 2 · лица: " in text
    assert "Named in" not in text and " persons" not in text
    assert "<h1>Участники</h1>" in request(server, "/queries/participants?lang=ru").text
