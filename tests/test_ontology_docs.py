"""The generated HTML documentation of the ontology (docs/ontology/index.html, `diplograph docs`).

- every class, object, datatype and annotation property of our namespace has an element whose id is its local
  name, inside the section of its kind, showing its English and Russian label and definition (expected values
  read from the Turtle with rdflib, found in the page by an HTML parser, not by the generator's own code);
- every SKOS concept scheme and concept shows both languages too;
- the page links every alignment to an external vocabulary, shows the version IRI, is self-contained and has
  no dangling internal link;
- rendering is deterministic, and the committed docs/ontology/index.html is what the ontology renders to now;
- an ontology with a gap (a missing Russian definition, a missing label, a duplicate, an undocumented new
  term) fails `missing_documentation`, which names the term, and `write_ontology_docs` / `diplograph docs`
  refuse to write anything.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from diplograph import paths
from diplograph.cli import cli
from diplograph.errors import DiplographError
from diplograph.ontology_docs import (
    OntologyDocsError,
    missing_documentation,
    render_ontology_docs,
    write_ontology_docs,
)

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "diplograph.ttl"
COMMITTED = ROOT / "docs" / "ontology" / "index.html"
DG = Namespace("https://w3id.org/diplograph/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/diplograph/ontology")
SECTION_OF = {
    OWL.Class: "s-classes",
    OWL.ObjectProperty: "s-object-properties",
    OWL.DatatypeProperty: "s-datatype-properties",
    OWL.AnnotationProperty: "s-annotation-properties",
}
STANDARD_NAMESPACES = (
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://xmlns.com/foaf/0.1/",
    "https://schema.org/",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/2006/time#",
)


# --------------------------------------------------------------------------------------------------------
# A minimal DOM built with the standard library's HTML parser
# --------------------------------------------------------------------------------------------------------
VOID = {"meta", "br", "link", "img", "input", "hr", "col", "source", "wbr", "area", "base", "embed"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def iter(self) -> list[Element]:
        out: list[Element] = [self]
        for child in self.children:
            if isinstance(child, Element):
                out.extend(child.iter())
        return out

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes())
            and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def ancestors(self) -> list[Element]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"unbalanced </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


def by_id(dom: Element) -> dict[str, Element]:
    out: dict[str, Element] = {}
    for element in dom.iter():
        if "id" in element.attrs:
            assert element.attrs["id"] not in out, f"duplicate id {element.attrs['id']!r}"
            out[element.attrs["id"]] = element
    return out


def norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for file in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(file, format="turtle")
    return graph


@pytest.fixture(scope="module")
def page() -> str:
    return render_ontology_docs(ONTOLOGY_DIR)


@pytest.fixture(scope="module")
def dom(page: str) -> Element:
    return parse_html(page)


@pytest.fixture(scope="module")
def ids(dom: Element) -> dict[str, Element]:
    return by_id(dom)


def our_terms(graph: Graph) -> dict[URIRef, URIRef]:
    """Each class and property IRI in the dg: namespace, with the first of its OWL declaration types."""
    out: dict[URIRef, URIRef] = {}
    for term_type in SECTION_OF:
        for s in graph.subjects(RDF.type, term_type):
            if isinstance(s, URIRef) and str(s).startswith(str(DG)):
                out.setdefault(s, term_type)
    return out


def literal(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> str:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang]
    assert len(values) == 1, f"{subject} {predicate}@{lang}: {values}"
    return norm(str(values[0]))


def cell(section: Element, cls: str, lang: str) -> str:
    cells = [e for e in section.find_all(cls=cls) if e.attrs.get("lang") == lang]
    assert len(cells) == 1, f"#{section.attrs.get('id')}: {len(cells)} .{cls}[lang={lang}] elements"
    return cells[0].text()


# --------------------------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------------------------
def test_the_ontology_has_terms_of_every_documented_kind(ontology: Graph) -> None:
    kinds = set(our_terms(ontology).values())
    assert {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty} <= kinds
    assert len(our_terms(ontology)) > 50


def test_every_term_shows_english_and_russian_label_and_definition(
    ontology: Graph, ids: dict[str, Element]
) -> None:
    for term, term_type in sorted(our_terms(ontology).items()):
        name = str(term)[len(str(DG)) :]
        assert name in ids, f"no element with id {name!r} for {term}"
        section = ids[name]
        assert section.tag == "section" and "term" in section.classes(), name
        assert SECTION_OF[term_type] in [a.attrs.get("id") for a in section.ancestors()], (
            f"{name} is not inside #{SECTION_OF[term_type]}"
        )
        assert str(term) in section.text(), f"#{name} does not show its IRI"
        for cls, predicate in (("label", RDFS.label), ("definition", SKOS.definition)):
            for lang in ("en", "ru"):
                assert cell(section, cls, lang) == literal(ontology, term, predicate, lang), (name, cls, lang)


def test_the_page_documents_exactly_our_terms(ontology: Graph, dom: Element) -> None:
    documented = {e.attrs["id"] for e in dom.find_all("section", cls="term")}
    expected = {str(t)[len(str(DG)) :] for t in our_terms(ontology)}
    assert documented == expected


def test_concept_schemes_show_both_languages(ontology: Graph, dom: Element) -> None:
    concepts = sorted(s for s in ontology.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))
    assert concepts
    rows = {e.attrs["id"]: e for e in dom.find_all("tr") if "id" in e.attrs}
    for concept in concepts:
        anchor = "id/" + str(concept).split("/id/", 1)[1]
        assert anchor in rows, f"no row #{anchor} for {concept}"
        for cls, predicate in (("label", SKOS.prefLabel), ("definition", SKOS.definition)):
            for lang in ("en", "ru"):
                td = [e for e in rows[anchor].find_all("td") if e.attrs.get("lang") == lang]
                assert len(td) == 1
                assert [e.text() for e in td[0].find_all(cls=cls)] == [
                    literal(ontology, concept, predicate, lang)
                ]


def test_term_axioms_link_to_the_page_and_to_external_vocabularies(ids: dict[str, Element]) -> None:
    person = ids["Person"]
    hrefs = {a.attrs["href"] for a in person.find_all("a")}
    assert {"#Actor", "http://xmlns.com/foaf/0.1/Person", "https://schema.org/Person"} <= hrefs
    evidence = ids["evidence"]
    assert "inverse of" in evidence.text() and "http://www.w3.org/ns/oa#hasBody" in {
        a.attrs["href"] for a in evidence.find_all("a")
    }
    # a union domain is spelled out member by member
    place_name = ids["placeName"]
    assert {"#Document", "#Event"} <= {a.attrs["href"] for a in place_name.find_all("a")}
    assert "functional" in ids["checksum"].text()


def alignment_links(graph: Graph) -> set[tuple[str, str, str]]:
    """(dg local name, relation IRI, external IRI) for each alignment axiom of the ontology."""
    out = set()
    for term in our_terms(graph):
        for predicate in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty):
            for target in graph.objects(term, predicate):
                if isinstance(target, BNode):
                    target = graph.value(target, OWL.inverseOf)
                if isinstance(target, URIRef) and not str(target).startswith(str(DG)):
                    out.add((str(term)[len(str(DG)) :], str(predicate), str(target)))
    return out


def test_alignment_section_links_every_external_superclass_and_superproperty(
    ontology: Graph, ids: dict[str, Element]
) -> None:
    expected = alignment_links(ontology)
    assert expected, "the ontology declares no alignment at all"
    assert {t for _, _, t in expected if any(t.startswith(ns) for ns in STANDARD_NAMESPACES)} == {
        t for _, _, t in expected
    }
    found = set()
    curies = {"rdfs:subClassOf": RDFS.subClassOf, "rdfs:subPropertyOf": RDFS.subPropertyOf,
              "owl:equivalentClass": OWL.equivalentClass, "owl:equivalentProperty": OWL.equivalentProperty}
    for row in ids["s-alignment"].find_all("tr"):
        cells = row.find_all("td")
        if len(cells) != 3:
            continue
        term = cells[0].find_all("a")[0].attrs["href"].lstrip("#")
        relation = str(curies[cells[1].text()])
        for link in cells[2].find_all("a"):
            found.add((term, relation, link.attrs["href"]))
    assert found == expected
    # each vocabulary heading links to the vocabulary's documentation
    headings = [e.text() for e in ids["s-alignment"].find_all("tr", cls="group")]
    for name in ("ORG", "PROV-O", "FOAF", "schema.org", "DCTERMS", "OA"):
        assert any(name in h for h in headings), name


def test_overview_shows_version_iri_and_namespaces(ontology: Graph, ids: dict[str, Element]) -> None:
    version_iri = str(ontology.value(ONTOLOGY_IRI, OWL.versionIRI))
    overview = ids["s-overview"]
    assert version_iri in {a.attrs["href"] for a in overview.find_all("a")}
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) in overview.text()
    namespaces = ids["s-namespaces"].text()
    for prefix, ns in (("dg:", str(DG)), ("prov:", "http://www.w3.org/ns/prov#"), ("org:", "http://www.w3.org/ns/org#")):
        assert prefix in namespaces and ns in namespaces


def test_table_of_contents_links_every_section_and_term(ontology: Graph, ids: dict[str, Element]) -> None:
    toc = {a.attrs["href"] for a in ids["toc"].find_all("a")}
    for section in ("s-overview", "s-classes", "s-object-properties", "s-datatype-properties", "s-alignment",
                    "s-namespaces", "s-concept-schemes"):
        assert f"#{section}" in toc
    assert {f"#{str(t)[len(str(DG)) :]}" for t in our_terms(ontology)} <= toc


def test_page_is_self_contained_and_has_no_dangling_anchor(page: str, dom: Element, ids: dict[str, Element]) -> None:
    lowered = page.lower()
    for needle in ("<script", "<link", " src=", "@import", "url(", "<iframe", "<img"):
        assert needle not in lowered, needle
    assert dom.find_all("style")
    for a in dom.find_all("a"):
        href = a.attrs.get("href", "")
        assert href, "an <a> without href"
        if href.startswith("#"):
            assert href[1:] in ids, f"dangling link {href}"
        else:
            assert href.startswith(("http://", "https://")), href


# --------------------------------------------------------------------------------------------------------
# Determinism and the committed page
# --------------------------------------------------------------------------------------------------------
def test_rendering_is_deterministic(tmp_path: Path, page: str) -> None:
    first = write_ontology_docs(tmp_path / "a", ONTOLOGY_DIR)
    second = write_ontology_docs(tmp_path / "b", ONTOLOGY_DIR)
    assert first.name == "index.html"
    assert first.read_bytes() == second.read_bytes() == page.encode("utf-8")
    write_ontology_docs(tmp_path / "a", ONTOLOGY_DIR)  # overwrite in place
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["index.html"]


def test_committed_docs_are_up_to_date(tmp_path: Path) -> None:
    assert COMMITTED.exists(), "docs/ontology/index.html is missing: run `diplograph docs`"
    fresh = write_ontology_docs(tmp_path, paths.ONTOLOGY)
    assert fresh.read_bytes() == COMMITTED.read_bytes(), (
        "docs/ontology/index.html is out of date with ontology/: run `diplograph docs` and commit it"
    )


def test_cli_docs_writes_the_page(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["docs", "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").read_bytes() == COMMITTED.read_bytes()


# --------------------------------------------------------------------------------------------------------
# Gaps are refused
# --------------------------------------------------------------------------------------------------------
def test_project_ontology_has_no_gap() -> None:
    assert missing_documentation(paths.ONTOLOGY) == []


Edit = Callable[[Graph], None]


def copy_with(tmp_path: Path, edit: Edit) -> Path:
    """A copy of ontology/ whose diplograph.ttl went through `edit(graph)`."""
    folder = tmp_path / "ontology"
    folder.mkdir()
    for file in ONTOLOGY_DIR.glob("*.ttl"):
        shutil.copy(file, folder / file.name)
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    edit(graph)
    graph.serialize(folder / "diplograph.ttl", format="turtle")
    return folder


def drop(term: URIRef, predicate: URIRef, lang: str) -> Edit:
    def edit(graph: Graph) -> None:
        values = [o for o in graph.objects(term, predicate) if isinstance(o, Literal) and o.language == lang]
        assert values
        for value in values:
            graph.remove((term, predicate, value))

    return edit


def add(*triples: tuple[URIRef, URIRef, URIRef | Literal]) -> Edit:
    def edit(graph: Graph) -> None:
        for triple in triples:
            graph.add(triple)

    return edit


GAPS = [
    pytest.param(drop(DG.ofBody, SKOS.definition, "ru"), ["dg:ofBody: no skos:definition@ru"], id="ru-definition"),
    pytest.param(drop(DG.Treaty, SKOS.definition, "en"), ["dg:Treaty: no skos:definition@en"], id="en-definition"),
    pytest.param(drop(DG.checksum, RDFS.label, "ru"), ["dg:checksum: no rdfs:label@ru"], id="ru-label"),
    pytest.param(
        add((DG.Person, RDFS.label, Literal("Лицо", lang="ru"))),
        ["dg:Person: 2 values of rdfs:label@ru (expected one)"],
        id="duplicate-label",
    ),
    pytest.param(
        add((DG.Summit, RDF.type, OWL.Class), (DG.Summit, RDFS.label, Literal("Summit", lang="en"))),
        ["dg:Summit: no rdfs:label@ru", "dg:Summit: no skos:definition@en", "dg:Summit: no skos:definition@ru"],
        id="new-class",
    ),
    pytest.param(
        add((DG.sourceNote, RDF.type, OWL.AnnotationProperty)),
        [f"dg:sourceNote: no {p}@{lang}" for p in ("rdfs:label", "skos:definition") for lang in ("en", "ru")],
        id="annotation-property",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), GAPS)
def test_a_gap_is_found_and_named(tmp_path: Path, edit: Edit, expected: list[str]) -> None:
    folder = copy_with(tmp_path, edit)
    assert missing_documentation(folder) == expected


def test_docs_refuse_an_ontology_with_a_gap(tmp_path: Path) -> None:
    folder = copy_with(tmp_path, drop(DG.ofBody, SKOS.definition, "ru"))
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous page", encoding="utf-8")
    with pytest.raises(OntologyDocsError) as caught:
        write_ontology_docs(out, folder)
    assert isinstance(caught.value, DiplographError) and caught.value.exit_code == 2
    assert "dg:ofBody" in str(caught.value) and "skos:definition@ru" in str(caught.value)
    assert str(folder) in str(caught.value)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous page"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]

    result = CliRunner().invoke(cli, ["docs", "--out", str(out), "--ontology", str(folder)])
    assert result.exit_code == 2
    assert "dg:ofBody: no skos:definition@ru" in result.output


def test_a_concept_without_russian_label_is_a_gap(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, folder, ignore=shutil.ignore_patterns("tools"))
    vocab = Graph().parse(folder / "vocabularies.ttl", format="turtle")
    concept = URIRef("https://w3id.org/diplograph/id/format/telephone")
    vocab.remove((concept, SKOS.prefLabel, Literal("Телефонный разговор", lang="ru")))
    vocab.serialize(folder / "vocabularies.ttl", format="turtle")
    assert missing_documentation(folder) == ["fmt:telephone: no skos:prefLabel@ru"]


def test_unreadable_ontology_is_reported_with_its_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix dg: <https://w3id.org/diplograph/ontology#> .\ndg:Person a ", encoding="utf-8")
    with pytest.raises(OntologyDocsError, match="broken.ttl"):
        write_ontology_docs(tmp_path / "out", broken)
    with pytest.raises(OntologyDocsError, match="not found"):
        write_ontology_docs(tmp_path / "out", tmp_path / "nowhere")
    assert not (tmp_path / "out").exists()
