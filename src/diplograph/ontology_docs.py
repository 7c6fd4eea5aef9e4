"""Generated HTML documentation of the diplograph ontology (docs/ontology/index.html).

The page is built from ontology/*.ttl with rdflib and the string templates in templates/ontology/ (data
files, not code). It exists so that a person who dereferences https://w3id.org/diplograph/ontology#Person
lands on a readable description of dg:Person: every term of our namespace has an anchor named by its local
name and shows its English AND Russian label and definition side by side. pyLODE was tried first (3.4.1 does
not import; 3.3.4 runs but shows the two labels run together without language tags, gives our dg:Person the
anchor #Person1 because it also documents the declared foaf:Person, and mixes external declarations in with
our terms), hence this small generator.

The output is deterministic (sorted terms, no timestamps, relative source names only) so that the committed
page can be checked against the ontology byte for byte, and it is self-contained (inline CSS, no scripts,
no fetched resources). A gap in the bilingual documentation is an error, not a blank cell: see
`missing_documentation`.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from . import formats, paths
from .errors import DiplographError

VANN = Namespace("http://purl.org/vocab/vann/")
DEFAULT_OUT = paths.PROJECT_ROOT / "docs" / "ontology"
LANGUAGES = ("en", "ru")
# What every documented term must carry, once per language in LANGUAGES.
TERM_FIELDS = (RDFS.label, SKOS.definition)
CONCEPT_FIELDS = (SKOS.prefLabel, SKOS.definition)
ALIGNMENT_PREDICATES = (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty)
PROPERTY_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}


class OntologyDocsError(DiplographError):
    """The ontology cannot be read, or lacks the bilingual labels and definitions its documentation needs."""


@dataclass(frozen=True)
class Kind:
    """A kind of ontology term and the page section that lists it."""

    rdf_type: URIRef
    name: str
    title: str
    title_ru: str
    anchor: str

    @property
    def css(self) -> str:
        return self.name.replace(" ", "-")


KINDS = (
    Kind(OWL.Class, "class", "Classes", "Классы", "s-classes"),
    Kind(
        OWL.ObjectProperty,
        "object property",
        "Object properties",
        "Объектные свойства",
        "s-object-properties",
    ),
    Kind(
        OWL.DatatypeProperty,
        "datatype property",
        "Datatype properties",
        "Свойства данных",
        "s-datatype-properties",
    ),
    Kind(
        OWL.AnnotationProperty,
        "annotation property",
        "Annotation properties",
        "Свойства-аннотации",
        "s-annotation-properties",
    ),
)
# Section anchors start with "s-": our local names are camelCase words, so they never collide.
SECTION_ANCHORS = ("s-overview", "s-concept-schemes", "s-alignment", "s-namespaces") + tuple(
    k.anchor for k in KINDS
)


@dataclass(frozen=True)
class Term:
    """A class or property of our namespace; `name` (the local name) is also its anchor on the page."""

    iri: URIRef
    name: str
    kind: Kind


@dataclass(frozen=True)
class Vocabulary:
    prefix: str
    namespace: str
    title: str
    url: str


# --------------------------------------------------------------------------------------------------------
# Reading the ontology
# --------------------------------------------------------------------------------------------------------
def ontology_files(ontology: Path) -> list[Path]:
    """The Turtle files of `ontology`: a folder (all its *.ttl, sorted) or one RDF file."""
    if ontology.is_dir():
        files = sorted(ontology.glob("*.ttl"))
        if not files:
            raise OntologyDocsError(
                "no .ttl files in the ontology folder",
                path=ontology,
                hint="point --ontology at the folder holding diplograph.ttl",
            )
        return files
    if ontology.is_file():
        return [ontology]
    raise OntologyDocsError(
        "ontology not found", path=ontology, hint="pass the ontology folder (ontology/) or a Turtle file"
    )


def load_ontology(ontology: Path) -> Graph:
    """Parse the ontology files into one graph, keeping only the prefixes the files declare."""
    graph = Graph(bind_namespaces="none")
    for file in ontology_files(ontology):
        fmt = formats.by_extension(file.name)
        try:
            graph.parse(file, format=fmt.rdflib if fmt else "turtle")
        except Exception as exc:  # noqa: BLE001 — rdflib raises many types for bad syntax
            raise OntologyDocsError(
                f"cannot parse the ontology: {exc}",
                path=file,
                hint="fix the RDF syntax and run `diplograph docs` again",
            ) from exc
    return graph


def _as_graph(ontology: Path | Graph) -> Graph:
    return ontology if isinstance(ontology, Graph) else load_ontology(ontology)


def ontology_iri(graph: Graph) -> URIRef:
    """The single owl:Ontology of the graph."""
    found = sorted(s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    if len(found) != 1:
        raise OntologyDocsError(f"expected exactly one owl:Ontology with an IRI, found {len(found)}")
    return found[0]


def namespace_of(graph: Graph) -> str:
    """Our term namespace: vann:preferredNamespaceUri of the ontology, else the ontology IRI + '#'."""
    onto = ontology_iri(graph)
    declared = graph.value(onto, VANN.preferredNamespaceUri)
    return str(declared) if declared is not None else f"{onto}#"


def terms_of(graph: Graph) -> list[Term]:
    """Every class and property declared in our namespace, sorted by kind then local name."""
    ns = namespace_of(graph)
    terms: dict[URIRef, Term] = {}
    for kind in KINDS:  # the first kind wins if a term is declared twice (punning)
        for subject in graph.subjects(RDF.type, kind.rdf_type):
            if isinstance(subject, URIRef) and str(subject).startswith(ns) and subject not in terms:
                name = str(subject)[len(ns) :]
                if name:
                    terms[subject] = Term(subject, name, kind)
    order = {kind.anchor: i for i, kind in enumerate(KINDS)}
    return sorted(terms.values(), key=lambda t: (order[t.kind.anchor], t.name))


def concept_schemes(graph: Graph) -> list[tuple[URIRef, list[URIRef]]]:
    """Each skos:ConceptScheme with the concepts in it, both sorted by IRI."""
    out = []
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)):
        concepts = {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}
        concepts |= {c for c in graph.objects(scheme, SKOS.hasTopConcept) if isinstance(c, URIRef)}
        out.append((scheme, sorted(concepts)))
    return out


def _texts(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> list[str]:
    return sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang and str(o).strip()
    )


def _gaps(graph: Graph, subject: URIRef, fields: Iterable[URIRef], name: str) -> Iterator[str]:
    for predicate in fields:
        for lang in LANGUAGES:
            count = len(_texts(graph, subject, predicate, lang))
            if count == 0:
                yield f"{name}: no {_curie(graph, predicate)}@{lang}"
            elif count > 1:
                yield f"{name}: {count} values of {_curie(graph, predicate)}@{lang} (expected one)"


def missing_documentation(ontology: Path | Graph) -> list[str]:
    """What keeps the ontology from being documented in both languages, one line per gap, naming the term.

    Each class and property of our namespace needs exactly one non-empty rdfs:label and skos:definition in
    English and in Russian; each SKOS concept scheme and concept, a skos:prefLabel and skos:definition in
    both. An empty list means the documentation can be generated.
    """
    graph = _as_graph(ontology)
    problems = [
        gap
        for term in terms_of(graph)
        for gap in _gaps(graph, term.iri, TERM_FIELDS, _curie(graph, term.iri))
    ]
    for scheme, concepts in concept_schemes(graph):
        for node in (scheme, *concepts):
            problems.extend(_gaps(graph, node, CONCEPT_FIELDS, _curie(graph, node)))
    return problems


# --------------------------------------------------------------------------------------------------------
# Templates and names
# --------------------------------------------------------------------------------------------------------
@cache
def _template(name: str) -> Template:
    return Template(resources.files("diplograph").joinpath("templates", "ontology", name).read_text("utf-8"))


def _fill(template: str, /, **values: str) -> str:
    return _template(template).substitute(values)


@cache
def known_vocabularies() -> tuple[Vocabulary, ...]:
    """The standard vocabularies we name on the page (data file templates/ontology/vocabularies.json)."""
    text = (
        resources.files("diplograph")
        .joinpath("templates", "ontology", "vocabularies.json")
        .read_text("utf-8")
    )
    return tuple(Vocabulary(**entry) for entry in json.loads(text))


def _prefixes(graph: Graph) -> list[tuple[str, str]]:
    """Prefix → namespace: those the ontology files declare, then the known vocabularies' defaults."""
    declared = [(p, str(ns)) for p, ns in graph.namespaces() if p]
    taken_prefixes = {p for p, _ in declared}
    taken_namespaces = {ns for _, ns in declared}
    extra = [
        (v.prefix, v.namespace)
        for v in known_vocabularies()
        if v.prefix not in taken_prefixes and v.namespace not in taken_namespaces
    ]
    return sorted(declared + extra)


def _split(graph: Graph, iri: str) -> tuple[str, str] | None:
    """(prefix, local name) for the longest namespace that `iri` starts with."""
    best: tuple[str, str] | None = None
    for prefix, ns in _prefixes(graph):
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    return None if best is None else (best[0], iri[len(best[1]) :])


def _curie(graph: Graph, iri: Node) -> str:
    split = _split(graph, str(iri))
    return f"{split[0]}:{split[1]}" if split else f"<{iri}>"


def _vocabulary(iri: str) -> Vocabulary | None:
    matches = [v for v in known_vocabularies() if iri.startswith(v.namespace)]
    return max(matches, key=lambda v: len(v.namespace)) if matches else None


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _text(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    values = _texts(graph, subject, predicate, lang)
    return values[0] if values else ""


# --------------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------------
class Renderer:
    """Turns the ontology graph into the HTML page; knows which IRIs have an anchor on the page."""

    def __init__(self, graph: Graph, sources: list[str]) -> None:
        self.graph = graph
        self.sources = sources
        self.ontology = ontology_iri(graph)
        self.namespace = namespace_of(graph)
        self.terms = terms_of(graph)
        self.schemes = concept_schemes(graph)
        self.anchors: dict[URIRef, str] = {t.iri: t.name for t in self.terms}
        for scheme, concepts in self.schemes:
            for node in (scheme, *concepts):
                self.anchors[node] = self._concept_anchor(node)
        seen: dict[str, URIRef] = {}
        for node, anchor in self.anchors.items():
            if anchor in SECTION_ANCHORS or anchor in seen:
                other = "a page section" if anchor in SECTION_ANCHORS else f"<{seen[anchor]}>"
                raise OntologyDocsError(f"<{node}> and {other} would share the page anchor #{anchor}")
            seen[anchor] = node

    @staticmethod
    def _concept_anchor(node: URIRef) -> str:
        """A concept's anchor: its path from /id/ on (id/format/telephone). The slash keeps it apart from
        our local names, which are single camelCase words."""
        marker = "/id/"
        text = str(node)
        return "id/" + text.split(marker, 1)[1] if marker in text else "concept/" + text.rsplit("/", 1)[-1]

    # ---- references to RDF nodes ------------------------------------------------------------------------
    def link(self, node: Node) -> str:
        """An RDF node as HTML: a link to its anchor here, to its own vocabulary, or a class expression."""
        if isinstance(node, URIRef):
            curie = _esc(_curie(self.graph, node))
            if node in self.anchors:
                label = _esc(
                    _text(self.graph, node, RDFS.label, "en") or _text(self.graph, node, SKOS.prefLabel, "en")
                )
                anchor = _esc(self.anchors[node])
                if _split(self.graph, str(node)) is None and label:  # no prefix: the label reads better
                    return f'<a href="#{anchor}" title="{_esc(str(node))}">{label}</a>'
                return f'<a href="#{anchor}" title="{label}"><code>{curie}</code></a>'
            vocab = _vocabulary(str(node))
            title = f' title="{_esc(vocab.title)}"' if vocab else ""
            return f'<a class="external" href="{_esc(str(node))}"{title}><code>{curie}</code></a>'
        if isinstance(node, BNode):
            return f'<span class="expression">{self.expression(node)}</span>'
        if isinstance(node, Literal):
            return f"<code>{_esc(str(node))}</code>"
        return _esc(str(node))

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.graph, node))

    def expression(self, node: BNode) -> str:
        """An anonymous class or property expression in words: union, intersection, inverse, restriction."""
        g = self.graph
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = g.value(node, predicate)
            if members is not None:
                return word.join(self.link(m) for m in self._list(members))
        one_of = g.value(node, OWL.oneOf)
        if one_of is not None:
            return "one of {" + ", ".join(self.link(m) for m in self._list(one_of)) + "}"
        for predicate, word in ((OWL.inverseOf, "inverse of"), (OWL.complementOf, "not")):
            target = g.value(node, predicate)
            if target is not None:
                return f"{word} {self.link(target)}"
        on_property = g.value(node, OWL.onProperty)
        if on_property is not None:
            for predicate, word in (
                (OWL.someValuesFrom, "some"),
                (OWL.allValuesFrom, "only"),
                (OWL.hasValue, "value"),
                (OWL.minCardinality, "min"),
                (OWL.maxCardinality, "max"),
                (OWL.cardinality, "exactly"),
                (OWL.minQualifiedCardinality, "min"),
                (OWL.maxQualifiedCardinality, "max"),
                (OWL.qualifiedCardinality, "exactly"),
            ):
                value = g.value(node, predicate)
                if value is not None:
                    qualifier = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                    tail = f" {self.link(qualifier)}" if qualifier is not None else ""
                    return f"{self.link(on_property)} {word} {self.link(value)}{tail}"
        return "an anonymous class expression"

    def links(self, nodes: Iterable[Node]) -> str:
        """Several nodes as a list: IRIs in IRI order, then expressions in the order of their rendering."""
        unique = list(dict.fromkeys(nodes))
        items = [self.link(n) for n in sorted((n for n in unique if not isinstance(n, BNode)), key=str)]
        items += sorted(self.link(n) for n in unique if isinstance(n, BNode))
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"

    # ---- one term ---------------------------------------------------------------------------------------
    def _mentions(self, node: Node) -> set[Node]:
        """`node` itself and, for a union or intersection, its members: what a domain or range covers."""
        if isinstance(node, BNode):
            for predicate in (OWL.unionOf, OWL.intersectionOf):
                members = self.graph.value(node, predicate)
                if members is not None:
                    return set(self._list(members))
        return {node}

    def axioms(self, term: Term) -> list[tuple[str, list[Node]]]:
        """The (row name, values) shown under a term, in a fixed order; empty rows are dropped later."""
        g, iri = self.graph, term.iri
        rows: list[tuple[str, list[Node]]] = []
        if term.kind.rdf_type == OWL.Class:
            rows += [
                ("Subclass of", list(g.objects(iri, RDFS.subClassOf))),
                ("Equivalent to", list(g.objects(iri, OWL.equivalentClass))),
                (
                    "Disjoint with",
                    list(g.objects(iri, OWL.disjointWith)) + list(g.subjects(OWL.disjointWith, iri)),
                ),
                ("Superclass of", [s for s in g.subjects(RDFS.subClassOf, iri) if s in self.anchors]),
                ("In domain of", self._properties_covering(iri, RDFS.domain)),
                ("In range of", self._properties_covering(iri, RDFS.range)),
            ]
        else:
            rows += [
                ("Subproperty of", list(g.objects(iri, RDFS.subPropertyOf))),
                ("Equivalent to", list(g.objects(iri, OWL.equivalentProperty))),
                ("Inverse of", list(g.objects(iri, OWL.inverseOf)) + list(g.subjects(OWL.inverseOf, iri))),
                ("Superproperty of", [s for s in g.subjects(RDFS.subPropertyOf, iri) if s in self.anchors]),
                ("Domain", list(g.objects(iri, RDFS.domain))),
                ("Range", list(g.objects(iri, RDFS.range))),
            ]
        return rows

    def _properties_covering(self, cls: URIRef, predicate: URIRef) -> list[Node]:
        return [
            t.iri
            for t in self.terms
            if t.kind.rdf_type != OWL.Class
            and any(cls in self._mentions(o) for o in self.graph.objects(t.iri, predicate))
        ]

    def term(self, term: Term) -> str:
        g, iri = self.graph, term.iri
        rows = [
            _fill("axiom-row.html", name=_esc(name), value=self.links(values))
            for name, values in self.axioms(term)
            if values
        ]
        characteristics = sorted(
            word for t, word in PROPERTY_CHARACTERISTICS.items() if (iri, RDF.type, t) in g
        )
        if characteristics:
            rows.append(
                _fill("axiom-row.html", name="Characteristics", value=_esc(", ".join(characteristics)))
            )
        comments = sorted(
            g.objects(iri, RDFS.comment), key=lambda c: (getattr(c, "language", None) or "", str(c))
        )
        for comment in comments:
            lang = getattr(comment, "language", None)
            attr = f' lang="{_esc(lang)}"' if lang else ""
            rows.append(
                _fill("axiom-row.html", name="Note", value=f"<span{attr}>{_esc(str(comment))}</span>")
            )
        axioms = _fill("axioms.html", rows="".join(row + "\n" for row in rows)) if rows else ""
        return _fill(
            "term.html",
            kind_class=term.kind.css,
            kind=_esc(term.kind.name),
            anchor=_esc(term.name),
            curie=_esc(_curie(g, iri)),
            iri=_esc(str(iri)),
            label_en=_esc(_text(g, iri, RDFS.label, "en")),
            label_ru=_esc(_text(g, iri, RDFS.label, "ru")),
            definition_en=_esc(_text(g, iri, SKOS.definition, "en")),
            definition_ru=_esc(_text(g, iri, SKOS.definition, "ru")),
            axioms=axioms,
        )

    # ---- page sections ----------------------------------------------------------------------------------
    def metadata(self) -> str:
        g, onto = self.graph, self.ontology
        rows: list[tuple[str, str]] = [("Ontology IRI", f"<code>{_esc(str(onto))}</code>")]
        for version_iri in sorted(g.objects(onto, OWL.versionIRI), key=str):
            rows.append(
                (
                    "Version IRI",
                    f'<a href="{_esc(str(version_iri))}"><code>{_esc(str(version_iri))}</code></a>',
                )
            )
        for predicate, name in (
            (OWL.versionInfo, "Version"),
            (DCTERMS.created, "Created"),
            (DCTERMS.modified, "Modified"),
        ):
            for value in sorted(g.objects(onto, predicate), key=str):
                rows.append((name, _esc(str(value))))
        for licence in sorted(g.objects(onto, DCTERMS.license), key=str):
            rows.append(
                ("Licence", f'<a class="external" href="{_esc(str(licence))}">{_esc(str(licence))}</a>')
            )
        prefix = g.value(onto, VANN.preferredNamespacePrefix)
        rows.append(
            (
                "Namespace",
                f"<code>{_esc(self.namespace)}</code>"
                + (f" (prefix <code>{_esc(str(prefix))}:</code>)" if prefix is not None else ""),
            )
        )
        see_also = sorted(g.objects(onto, RDFS.seeAlso), key=str)
        if see_also:
            rows.append(("See also", self.links(see_also)))
        counts = ", ".join(f"{sum(1 for t in self.terms if t.kind == k)} {k.title.lower()}" for k in KINDS)
        rows.append(("Terms", _esc(counts)))
        rows.append(("Sources", _esc(", ".join(self.sources))))
        return "".join(
            _fill("metadata-row.html", name=_esc(name), value=value) + "\n" for name, value in rows
        )

    def term_sections(self) -> list[tuple[Kind, str]]:
        out = []
        for kind in KINDS:
            terms = [t for t in self.terms if t.kind == kind]
            if not terms:
                continue
            body = "".join(self.term(t) for t in terms)
            out.append(
                (
                    kind,
                    _fill(
                        "section.html",
                        anchor=kind.anchor,
                        title=_esc(kind.title),
                        title_ru=_esc(kind.title_ru),
                        intro="",
                        body=body,
                    ),
                )
            )
        return out

    def schemes_section(self) -> str:
        g = self.graph
        blocks = []
        for scheme, concepts in self.schemes:
            rows = "".join(
                _fill(
                    "concept-row.html",
                    anchor=_esc(self.anchors[c]),
                    notation=_esc(", ".join(sorted(str(n) for n in g.objects(c, SKOS.notation)))),
                    label_en=_esc(_text(g, c, SKOS.prefLabel, "en")),
                    label_ru=_esc(_text(g, c, SKOS.prefLabel, "ru")),
                    definition_en=_esc(_text(g, c, SKOS.definition, "en")),
                    definition_ru=_esc(_text(g, c, SKOS.definition, "ru")),
                )
                + "\n"
                for c in concepts
            )
            blocks.append(
                _fill(
                    "concept-scheme.html",
                    anchor=_esc(self.anchors[scheme]),
                    iri=_esc(str(scheme)),
                    label_en=_esc(_text(g, scheme, SKOS.prefLabel, "en")),
                    label_ru=_esc(_text(g, scheme, SKOS.prefLabel, "ru")),
                    definition_en=_esc(_text(g, scheme, SKOS.definition, "en")),
                    definition_ru=_esc(_text(g, scheme, SKOS.definition, "ru")),
                    rows=rows,
                )
            )
        intro = (
            '<p class="note">Controlled vocabularies used as values of '
            + ", ".join(
                self.link(t.iri)
                for t in self.terms
                if any(self._mentions(r) & {SKOS.Concept} for r in g.objects(t.iri, RDFS.range))
            )
            + ". Their concepts are data under <code>https://w3id.org/diplograph/id/</code>.</p>"
        )
        return _fill(
            "section.html",
            anchor="s-concept-schemes",
            title="Concept schemes",
            title_ru="Схемы понятий",
            intro=intro,
            body="".join(blocks),
        )

    def alignment_rows(self) -> list[tuple[Term, URIRef, Node, URIRef]]:
        """(our term, relation, external term or expression, external IRI) for each link out of our terms."""
        rows = []
        for term in self.terms:
            for predicate in ALIGNMENT_PREDICATES:
                for target in self.graph.objects(term.iri, predicate):
                    external = target
                    if isinstance(target, BNode):
                        inverse = self.graph.value(target, OWL.inverseOf)
                        external = inverse if inverse is not None else target
                    if isinstance(external, URIRef) and not str(external).startswith(self.namespace):
                        rows.append((term, predicate, target, external))
        return sorted(rows, key=lambda r: (self._vocabulary_rank(str(r[3])), r[0].name, str(r[1]), str(r[3])))

    @staticmethod
    def _vocabulary_rank(iri: str) -> int:
        vocab = _vocabulary(iri)
        return known_vocabularies().index(vocab) if vocab else len(known_vocabularies())

    def _vocabulary_link(self, vocab: Vocabulary | None) -> str:
        if vocab is None:
            return ""
        return f'<a class="external" href="{_esc(vocab.url)}">{_esc(vocab.title)}</a>'

    def alignment_section(self) -> str:
        parts: list[str] = []
        current: object = ()
        for term, predicate, target, external in self.alignment_rows():
            vocab = _vocabulary(str(external))
            if vocab != current:
                current = vocab
                parts.append(
                    _fill(
                        "alignment-group.html",
                        vocabulary=self._vocabulary_link(vocab) if vocab else "other vocabularies",
                        namespace=_esc(vocab.namespace) if vocab else "",
                    )
                )
            parts.append(
                _fill(
                    "alignment-row.html",
                    term=self.link(term.iri),
                    relation=_esc(_curie(self.graph, predicate)),
                    target=self.link(target),
                )
            )
        rows = "".join(parts)
        table = _fill(
            "table.html",
            table_class="alignment",
            head="<th>diplograph term</th><th>relation</th><th>aligned with</th>",
            rows=rows,
        )
        return _fill(
            "section.html",
            anchor="s-alignment",
            title="Alignment to standard vocabularies",
            title_ru="Соответствие стандартным словарям",
            intro=_template("alignment-intro.html").template,
            body=table,
        )

    def _used_namespaces(self) -> list[tuple[str, str]]:
        """The prefixes that give some IRI of the ontology its CURIE, sorted by prefix."""
        prefixes = dict(_prefixes(self.graph))
        used = set()
        for iri in {str(n) for triple in self.graph for n in triple if isinstance(n, URIRef)}:
            split = _split(self.graph, iri)
            if split:
                used.add(split[0])
        return sorted((p, prefixes[p]) for p in used)

    def namespaces_section(self) -> str:
        rows = []
        for prefix, ns in self._used_namespaces():
            vocab = _vocabulary(ns)
            schemes = [
                scheme for scheme, concepts in self.schemes if any(str(c).startswith(ns) for c in concepts)
            ]
            if ns == self.namespace:
                name = "this ontology"
            elif schemes:
                name = "concepts of " + ", ".join(self.link(scheme) for scheme in schemes)
            else:
                name = self._vocabulary_link(vocab if vocab and vocab.namespace == ns else None)
            rows.append(_fill("namespace-row.html", prefix=_esc(prefix), namespace=_esc(ns), vocabulary=name))
        table = _fill(
            "table.html",
            table_class="namespaces",
            head="<th>prefix</th><th>namespace</th><th>vocabulary</th>",
            rows="".join(rows),
        )
        return _fill(
            "section.html",
            anchor="s-namespaces",
            title="Namespaces",
            title_ru="Пространства имён",
            intro="",
            body=table,
        )

    def toc(self, term_sections: list[tuple[Kind, str]]) -> str:
        entries = [_fill("toc-group.html", anchor="s-overview", title="Overview", children="")]
        for kind, _ in term_sections:
            items = "".join(
                _fill(
                    "toc-term.html",
                    anchor=_esc(t.name),
                    name=_esc(t.name),
                    label_en=_esc(_text(self.graph, t.iri, RDFS.label, "en")),
                    label_ru=_esc(_text(self.graph, t.iri, RDFS.label, "ru")),
                )
                + "\n"
                for t in self.terms
                if t.kind == kind
            )
            entries.append(
                _fill(
                    "toc-group.html",
                    anchor=kind.anchor,
                    title=_esc(kind.title),
                    children="\n" + _fill("toc-terms.html", items=items),
                )
            )
        if self.schemes:
            entries.append(
                _fill("toc-group.html", anchor="s-concept-schemes", title="Concept schemes", children="")
            )
        entries.append(_fill("toc-group.html", anchor="s-alignment", title="Alignment", children=""))
        entries.append(_fill("toc-group.html", anchor="s-namespaces", title="Namespaces", children=""))
        return "".join(entry.rstrip("\n") + "\n" for entry in entries)

    def page(self) -> str:
        g, onto = self.graph, self.ontology
        term_sections = self.term_sections()
        sections = [body for _, body in term_sections]
        if self.schemes:
            sections.append(self.schemes_section())
        sections += [self.alignment_section(), self.namespaces_section()]
        version_iri = g.value(onto, OWL.versionIRI)
        version_info = g.value(onto, OWL.versionInfo)
        return _fill(
            "page.html",
            title_en=_esc(_text(g, onto, DCTERMS.title, "en") or str(onto)),
            title_ru=_esc(_text(g, onto, DCTERMS.title, "ru") or str(onto)),
            ontology_iri=_esc(str(onto)),
            version_iri=_esc(str(version_iri if version_iri is not None else onto)),
            version_info=_esc(str(version_info if version_info is not None else version_iri or "")),
            description_en=_esc(_text(g, onto, DCTERMS.description, "en")),
            description_ru=_esc(_text(g, onto, DCTERMS.description, "ru")),
            css=_template("style.css").template,
            toc=self.toc(term_sections),
            metadata=self.metadata(),
            namespace=_esc(self.namespace),
            sections="".join(sections),
            sources=_esc(", ".join(self.sources)),
        )


# --------------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------------
def render_ontology_docs(ontology: Path = paths.ONTOLOGY) -> str:
    """The page as text; refuses an ontology whose terms lack English or Russian documentation."""
    graph = load_ontology(ontology)
    gaps = missing_documentation(graph)
    if gaps:
        listed = "; ".join(gaps)
        raise OntologyDocsError(
            f"cannot document the ontology, {len(gaps)} gap(s) in its English/Russian labels: {listed}",
            path=ontology,
            hint="give each term exactly one rdfs:label and skos:definition tagged @en and one tagged @ru, "
            "then run `diplograph docs` again",
        )
    sources = [f.name for f in ontology_files(ontology)]
    return Renderer(graph, sources).page()


def write_ontology_docs(out_dir: Path, ontology: Path = paths.ONTOLOGY) -> Path:
    """Write out_dir/index.html (via a temporary file renamed into place) and return its path.

    The same ontology always gives the same bytes, so the committed docs/ontology/index.html can be compared
    with a fresh rendering.
    """
    text = render_ontology_docs(ontology)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=".index.", suffix=".html.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
