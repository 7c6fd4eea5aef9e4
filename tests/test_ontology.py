"""Tests of the OWL ontology (ontology/diplograph.ttl) and the SKOS vocabularies (ontology/vocabularies.ttl).

- the Turtle parses and the header carries IRI, version, bilingual title/description, licence, date;
- the ontology loads in owlready2 and HermiT (Java) finds it consistent, with no unsatisfiable class; the
  valid test graph is consistent with it too; the OWL API profile checker finds it in OWL 2 DL;
- every dg: class and property has rdfs:label and skos:definition in English and Russian;
- every dg: term used in shapes/*.ttl and in docs/model.md is declared, and every declared one is in model.md;
- superclasses follow the class table of docs/model.md.

The reasoner needs Java. Without `java` on PATH the reasoner tests FAIL (they are never skipped): run
scripts/install-system-deps.sh.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "diplograph.ttl"
VOCAB_FILE = ROOT / "ontology" / "vocabularies.ttl"
PROFILE_CHECK = ROOT / "ontology" / "tools" / "OwlProfileCheck.java"
SHAPES_DIR = ROOT / "shapes"
MODEL_MD = ROOT / "docs" / "model.md"
FIXTURE_FILE = ROOT / "tests" / "fixtures" / "valid_document.ttl"

DG = Namespace("https://w3id.org/diplograph/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/diplograph/ontology")
VERSION_IRI = URIRef("https://w3id.org/diplograph/ontology/0.1.0")
ID = "https://w3id.org/diplograph/id/"

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
INSTALL_HINT = "Java runtime not found: the OWL reasoner (HermiT, via owlready2) needs `java`. Run: bash scripts/install-system-deps.sh"


# --------------------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return Graph().parse(VOCAB_FILE, format="turtle")


def dg_terms(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Every dg: IRI declared in `g`, with its OWL declaration types."""
    out: dict[URIRef, set[URIRef]] = {}
    for term_type in TERM_TYPES:
        for s in g.subjects(RDF.type, term_type):
            if isinstance(s, URIRef) and str(s).startswith(str(DG)):
                out.setdefault(s, set()).add(term_type)
    return out


def missing_labels(g: Graph) -> list[str]:
    """Problems with rdfs:label / skos:definition of dg: terms: each needs exactly one per language en, ru."""
    problems = []
    for term in sorted(dg_terms(g)):
        for prop in (RDFS.label, SKOS.definition):
            for lang in ("en", "ru"):
                values = [o for o in g.objects(term, prop) if isinstance(o, Literal) and o.language == lang and str(o).strip()]
                if len(values) != 1:
                    problems.append(f"{term.fragment}: {len(values)} {g.qname(prop)}@{lang}")
    return problems


def dg_names_in_text(text: str) -> set[str]:
    names = set(re.findall(r"(?<![\w/])dg:([A-Za-z][A-Za-z0-9]*)", text))
    names |= set(re.findall(re.escape(str(DG)) + r"([A-Za-z][A-Za-z0-9]*)", text))
    return names


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    probe = subprocess.run([java, "-version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"`java -version` failed ({probe.stderr.strip()}). {INSTALL_HINT}", pytrace=False)
    return java


def to_rdfxml(graphs: list[Graph], path: Path) -> Path:
    merged = Graph()
    for g in graphs:
        for t in g:
            merged.add(t)
    merged.serialize(path, format="xml")
    return path


def reason(rdfxml: Path, *, ignore_unsupported_datatypes: bool = False):
    """Load an RDF/XML file into a fresh owlready2 world and run HermiT; return the world."""
    import owlready2

    owlready2.JAVA_EXE = require_java()
    world = owlready2.World()
    world.get_ontology(rdfxml.as_uri()).load()
    try:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=ignore_unsupported_datatypes
        )
    except owlready2.OwlReadyInconsistentOntologyError as error:  # pragma: no cover - failure path
        pytest.fail(f"HermiT: {rdfxml.name} is inconsistent ({error})")
    return world


# --------------------------------------------------------------------------------------------------------
# (a) parsing and header
# --------------------------------------------------------------------------------------------------------
def test_turtle_parses(onto, vocab):
    assert len(onto) > 300
    assert len(vocab) > 50


def test_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert (ONTOLOGY_IRI, OWL.versionIRI, VERSION_IRI) in onto
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    for prop in (DCTERMS.title, DCTERMS.description):
        langs = {o.language for o in onto.objects(ONTOLOGY_IRI, prop)}
        assert {"en", "ru"} <= langs, f"{prop} needs @en and @ru"
    assert (ONTOLOGY_IRI, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in onto
    created = onto.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    assert not list(onto.objects(ONTOLOGY_IRI, OWL.imports)), "the ontology must be DL without owl:imports"


# --------------------------------------------------------------------------------------------------------
# (b) reasoning (Java required) and OWL 2 DL profile
# --------------------------------------------------------------------------------------------------------
def test_java_is_available():
    require_java()


def test_hermit_consistent_and_no_unsatisfiable_class(onto, tmp_path):
    world = reason(to_rdfxml([onto], tmp_path / "diplograph.owl"))
    dg_classes = [c for c in world.classes() if c.iri.startswith(str(DG))]
    assert len(dg_classes) == len([t for t, types in dg_terms(onto).items() if OWL.Class in types])
    unsatisfiable = [c.iri for c in world.inconsistent_classes()]
    assert not unsatisfiable, f"classes equivalent to owl:Nothing: {unsatisfiable}"


def test_hermit_valid_data_is_consistent_with_the_ontology(onto, vocab, tmp_path):
    """The valid test graph (and the SKOS vocabularies) as ABox: no contradiction with domains, ranges,
    functional properties or disjointness. Data literals typed xsd:date / xsd:gYear are outside the OWL 2
    datatype map, so HermiT is told to ignore unsupported datatypes here (and only here)."""
    fixture = Graph().parse(FIXTURE_FILE, format="turtle")
    world = reason(to_rdfxml([onto, vocab, fixture], tmp_path / "with-data.owl"), ignore_unsupported_datatypes=True)
    assert not list(world.inconsistent_classes())


def test_hermit_detects_a_contradiction(onto, tmp_path):
    """The reasoning check is not vacuous: typing the document as an event too (dg:Document ⊑ prov:Entity,
    dg:Event ⊑ prov:Activity, and the two are disjoint) makes the data inconsistent."""
    import owlready2

    fixture = Graph().parse(FIXTURE_FILE, format="turtle")
    document = URIRef(ID + "document/kremlin-en-65231")
    fixture.add((document, RDF.type, DG.Event))
    rdfxml = to_rdfxml([onto, fixture], tmp_path / "contradiction.owl")
    owlready2.JAVA_EXE = require_java()
    world = owlready2.World()
    world.get_ontology(rdfxml.as_uri()).load()
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)


def test_owl2_dl_profile(tmp_path):
    """OWL API's OWL 2 DL profile checker (bundled in owlready2's HermiT.jar). Needs a JDK (javac) to run
    the checker from source; skipped with this reason when only a JRE is installed."""
    import owlready2

    java = require_java()
    hermit_jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    if shutil.which("javac") is None:
        pytest.skip("OWL 2 DL profile check needs a JDK (javac) to run ontology/tools/OwlProfileCheck.java")
    owl_file = to_rdfxml([Graph().parse(ONTOLOGY_FILE, format="turtle")], tmp_path / "diplograph.owl")
    run = subprocess.run([java, "-cp", str(hermit_jar), str(PROFILE_CHECK), str(owl_file)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"not in OWL 2 DL:\n{run.stdout}\n{run.stderr}"
    assert "in OWL 2 DL: true" in run.stdout


def test_every_used_iri_is_declared(onto):
    """DL without imports: every class/property IRI used in an axiom is declared in the file."""
    declared = {s for t in TERM_TYPES + (RDFS.Datatype, OWL.NamedIndividual) for s in onto.subjects(RDF.type, t)}
    builtin_prefixes = (str(XSD), str(RDF), str(RDFS), str(OWL))
    used = set()
    for p in (RDFS.subClassOf, RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.disjointWith, OWL.inverseOf):
        for s, o in onto.subject_objects(p):
            used |= {x for x in (s, o) if isinstance(x, URIRef)}
    for lst in onto.objects(None, OWL.unionOf):
        used |= {x for x in rdflib.collection.Collection(onto, lst) if isinstance(x, URIRef)}
    undeclared = sorted(str(u) for u in used if u not in declared and not str(u).startswith(builtin_prefixes))
    assert not undeclared, f"undeclared IRIs: {undeclared}"


def test_no_datatype_outside_the_owl2_datatype_map(onto):
    """HermiT rejects xsd:date, xsd:gYear and rdf:langString in axioms (not in the OWL 2 datatype map)."""
    bad = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.time, RDF.langString}
    used = set(onto.objects(None, RDFS.range)) | set(onto.objects(None, OWL.someValuesFrom)) | set(onto.objects(None, OWL.allValuesFrom))
    assert not (used & bad), f"datatypes outside the OWL 2 datatype map: {used & bad}"


# --------------------------------------------------------------------------------------------------------
# (c) labels and definitions
# --------------------------------------------------------------------------------------------------------
def test_every_dg_term_has_labels_and_definitions_in_english_and_russian(onto):
    problems = missing_labels(onto)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("prop,lang", [(RDFS.label, "ru"), (SKOS.definition, "en"), (RDFS.label, "en"), (SKOS.definition, "ru")])
def test_label_check_catches_a_missing_one(onto, prop, lang):
    """The check above is not vacuous: drop one label/definition and it fails."""
    broken = Graph()
    for t in onto:
        broken.add(t)
    for o in list(broken.objects(DG.Proposal, prop)):
        if o.language == lang:
            broken.remove((DG.Proposal, prop, o))
    assert any(p.startswith("Proposal:") for p in missing_labels(broken))


def test_russian_labels_are_cyrillic(onto):
    for term in dg_terms(onto):
        for prop in (RDFS.label, SKOS.definition):
            for o in onto.objects(term, prop):
                if o.language == "ru":
                    assert re.search("[А-Яа-яЁё]", str(o)), f"{term.fragment} {prop} @ru is not Russian: {o}"


def test_every_dg_term_has_exactly_one_kind(onto):
    for term, types in dg_terms(onto).items():
        assert len(types) == 1, f"{term} is declared as {sorted(types)}"


# --------------------------------------------------------------------------------------------------------
# (d) the ontology covers the shapes and model.md, and nothing more than model.md
# --------------------------------------------------------------------------------------------------------
def test_every_dg_term_in_the_shapes_exists(onto):
    declared = {t.fragment for t in dg_terms(onto)}
    used = set()
    for path in SHAPES_DIR.glob("*.ttl"):
        used |= dg_names_in_text(path.read_text(encoding="utf-8"))
    assert used, "no dg: term found in shapes/"
    assert not (used - declared), f"dg: terms used in shapes/ but not in the ontology: {sorted(used - declared)}"


def test_every_dg_term_in_model_md_exists(onto):
    declared = {t.fragment for t in dg_terms(onto)}
    text = MODEL_MD.read_text(encoding="utf-8")
    used = dg_names_in_text(text)
    # bare class names in the class table ("| `Meeting`, `Talks` | …") are dg: terms too
    for row in re.findall(r"^\|([^|]*)\|", text, flags=re.MULTILINE):
        if "`" in row and ":" not in row:
            used |= set(re.findall(r"`([A-Z][A-Za-z]+)`", row))
    assert len(used) > 50
    assert not (used - declared), f"dg: terms in docs/model.md missing from the ontology: {sorted(used - declared)}"


def test_every_ontology_term_is_in_model_md(onto):
    text = MODEL_MD.read_text(encoding="utf-8")
    used = dg_names_in_text(text) | set(re.findall(r"`([A-Z][A-Za-z]+)`", text))
    extra = sorted(t.fragment for t in dg_terms(onto) if t.fragment not in used)
    assert not extra, f"ontology terms not in docs/model.md (change the contract first): {extra}"


PREFIXES = {
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
}


def model_class_table() -> dict[str, list[URIRef]]:
    """class name → superclasses, from the "Classes" table of docs/model.md."""
    text = MODEL_MD.read_text(encoding="utf-8")
    section = text.split("## Classes", 1)[1].split("\n## ", 1)[0]
    table: dict[str, list[URIRef]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([A-Za-z]+)`", cells[0])
        supers = []
        for token in re.findall(r"`([^`]+)`", cells[1].split("(")[0]):
            prefix, _, local = token.rpartition(":")
            supers.append(URIRef(PREFIXES[prefix] + local) if prefix else DG[local])
        for name in names:
            table[name] = supers
    return table


def test_superclasses_follow_model_md(onto):
    table = model_class_table()
    assert len(table) >= 25
    for name, supers in table.items():
        for sup in supers:
            assert (DG[name], RDFS.subClassOf, sup) in onto, f"dg:{name} rdfs:subClassOf {sup} missing"


def test_domains_and_ranges_of_key_properties(onto):
    expected = {
        DG.reports: (DG.Document, DG.Event),
        DG.chair: (DG.Event, DG.Person),
        DG.participant: (DG.Event, DG.Actor),
        DG.ofBody: (DG.Event, DG.Organisation),
        DG.office: (URIRef("http://www.w3.org/ns/org#Membership"), DG.Office),
        DG.acting: (DG.Tenure, XSD.boolean),
        DG.attestedIn: (DG.OfficeHolding, DG.Document),
        DG.speaker: (DG.SpeechTurn, DG.Person),
        DG.proposer: (DG.Initiative, DG.Actor),
        DG.proposedIn: (DG.Initiative, DG.Document),
        DG.precedent: (DG.Proposal, DG.Instrument),
        DG.partOfProgramme: (DG.Proposal, DG.Programme),
        DG.replaces: (DG.Instrument, DG.Instrument),
        DG.party: (DG.Instrument, DG.Actor),
        DG.turnNumber: (DG.SpeechTurn, XSD.positiveInteger),
        DG.ordinal: (DG.Proposal, XSD.positiveInteger),
        DG.checksum: (DG.Document, XSD.string),
        DG.startTime: (DG.Event, XSD.dateTime),
        DG.evidence: (None, DG.Evidence),
    }
    for prop, (domain, range_) in expected.items():
        if domain is not None:
            assert onto.value(prop, RDFS.domain) == domain, f"{prop} domain"
        assert onto.value(prop, RDFS.range) == range_, f"{prop} range"


def test_functional_properties_are_the_single_valued_ones(onto):
    """owl:FunctionalProperty only where model.md says cardinality 1 and the property is truly functional."""
    functional = {s for s in onto.subjects(RDF.type, OWL.FunctionalProperty)}
    assert functional == {
        DG.documentType, DG.reports, DG.sourceFile, DG.checksum, DG.normalisedText, DG.office,
        DG.officeAsWritten, DG.attestedOn, DG.attestedIn, DG.turnNumber, DG.text, DG.proposedIn,
        DG.votesInFavour, DG.votesAgainst, DG.abstentions, DG.statedIn, DG.claimKind,
        DG.languageCode,
    }


# --------------------------------------------------------------------------------------------------------
# SKOS vocabularies
# --------------------------------------------------------------------------------------------------------
DOCUMENT_TYPES = ["transcript", "statement", "news", "interview", "news-conference", "joint-statement", "speech", "other"]
FORMATS = ["videoconference", "telephone", "in-person"]


@pytest.mark.parametrize("scheme,slugs", [("document-type", DOCUMENT_TYPES), ("format", FORMATS)])
def test_concept_schemes(vocab, scheme, slugs):
    scheme_iri = URIRef(ID + scheme)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in vocab
    members = {c for c in vocab.subjects(SKOS.inScheme, scheme_iri)}
    assert members == {URIRef(f"{ID}{scheme}/{slug}") for slug in slugs}
    for slug in slugs:
        concept = URIRef(f"{ID}{scheme}/{slug}")
        assert (concept, RDF.type, SKOS.Concept) in vocab
        assert {o.language for o in vocab.objects(concept, SKOS.prefLabel)} == {"en", "ru"}
        assert len(list(vocab.objects(concept, SKOS.prefLabel))) == 2
        assert [str(n) for n in vocab.objects(concept, SKOS.notation)] == [slug]
        assert (concept, SKOS.topConceptOf, scheme_iri) in vocab
