"""The publication bundle: every serialisation carries the same graph, the dataset describes itself truthfully
(VoID statistics, DCAT distributions, provenance), and builds are byte-for-byte reproducible however they run."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, PROV, RDF, SH, XSD

from diplograph import paths
from diplograph.errors import InputError, ValidationFailed
from diplograph.pipeline import build
from diplograph.validate import load_shapes, validate_graph

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
METADATA = "https://w3id.org/diplograph/id/graph/metadata"
DATASET = URIRef("https://w3id.org/diplograph/id/dataset")


def quads(path: Path, fmt: ox.RdfFormat) -> set[ox.Quad]:
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return set(store)


@pytest.fixture(scope="module")
def data_quads(corpus_build: Path) -> set[ox.Quad]:
    return {q for q in quads(corpus_build / "diplograph.nq", ox.RdfFormat.N_QUADS) if q.graph_name.value != METADATA}


@pytest.fixture(scope="module")
def void(corpus_build: Path) -> Graph:
    return Graph().parse(corpus_build / "void.ttl")


def test_jsonld_carries_exactly_the_named_graphs(corpus_build: Path, data_quads: set[ox.Quad]) -> None:
    assert quads(corpus_build / "diplograph.jsonld", ox.RdfFormat.JSON_LD) == data_quads
    ds = rdflib.Dataset()
    ds.parse(corpus_build / "diplograph.jsonld", format="json-ld")
    assert len(set(ds.quads((None, None, None, None)))) == len(data_quads)
    context = (corpus_build / "context.jsonld").read_text(encoding="utf-8")
    assert '"dg": "https://w3id.org/diplograph/ontology#"' in context


def test_turtle_is_the_union_of_the_graphs(corpus_build: Path, data_quads: set[ox.Quad]) -> None:
    union = {(q.subject, q.predicate, q.object) for q in data_quads}
    triples = {(q.subject, q.predicate, q.object) for q in quads(corpus_build / "diplograph.ttl", ox.RdfFormat.TURTLE)}
    assert triples == union
    for doc in (corpus_build / "documents").glob("*.ttl"):
        Graph().parse(doc)  # each per-document file stands alone


def test_void_statistics_match_the_data(void: Graph, data_quads: set[ox.Quad]) -> None:
    def stat(p: URIRef) -> int:
        return int(void.value(DATASET, p))  # type: ignore[arg-type]

    assert stat(VOID.triples) == len(data_quads)
    assert stat(VOID.properties) == len({q.predicate for q in data_quads})
    rdf_type = ox.NamedNode(str(RDF.type))
    assert stat(VOID.classes) == len({q.object for q in data_quads if q.predicate == rdf_type})
    assert stat(VOID.entities) == len({q.subject for q in data_quads})
    assert stat(VOID.documents) == len(list(paths.CORPUS.glob("*.txt")))
    partitions = {
        void.value(p, VOID["class"]): int(void.value(p, VOID.entities))  # type: ignore[arg-type]
        for p in void.objects(DATASET, VOID.classPartition)
    }
    person = rdflib.URIRef("https://w3id.org/diplograph/ontology#Person")
    persons = {q.subject for q in data_quads if q.predicate == rdf_type and q.object.value == str(person)}
    assert partitions[person] == len(persons)


def test_distributions_state_true_sizes_and_media_types(corpus_build: Path, void: Graph) -> None:
    seen = {}
    for dist in void.objects(DATASET, DCAT.distribution):
        name = str(void.value(dist, DCAT.downloadURL)).rsplit("/", 1)[-1]
        seen[name] = (int(void.value(dist, DCAT.byteSize)), str(void.value(dist, DCAT.mediaType)))  # type: ignore[arg-type]
    assert set(seen) == {"diplograph.ttl", "diplograph.jsonld", "diplograph.nq"}
    for name, (size, _) in seen.items():
        assert size == (corpus_build / name).stat().st_size, name
    assert seen["diplograph.nq"][1].endswith("/application/n-quads")
    assert (corpus_build / "ontology" / "diplograph.ttl").exists() and (corpus_build / "shapes").is_dir()


def test_each_document_graph_has_provenance(void: Graph) -> None:
    by_checksum = {}
    for graph in void.subjects(SPDX.checksum, None):
        value = void.value(void.value(graph, SPDX.checksum), SPDX.checksumValue)
        by_checksum[str(value)] = graph
        assert (graph, PROV.wasDerivedFrom, None) in void
        assert (graph, PROV.wasAttributedTo, None) in void
        assert (graph, PROV.generatedAtTime, None) not in void  # no clock in a deterministic build
    for path in paths.CORPUS.glob("*.txt"):
        assert hashlib.sha256(path.read_bytes()).hexdigest() in by_checksum, path.name


def test_metadata_graph_conforms_and_each_metadata_shape_bites(void: Graph) -> None:
    shapes = load_shapes(str(paths.SHAPES))
    assert validate_graph(void, shapes, "metadata") == []
    breakages = {
        "DatasetShape": lambda g: g.remove((DATASET, VOID.triples, None)),
        "DistributionShape": lambda g: g.remove((next(g.objects(DATASET, DCAT.distribution)), DCAT.byteSize, None)),
        "GraphProvenanceShape": lambda g: g.add((next(g.objects(DATASET, VOID.subset)), VOID.triples, Literal("many"))),
        "DocumentGraphShape": lambda g: g.set(
            (next(g.subjects(SPDX.checksum, None)), PROV.generatedAtTime, Literal("yesterday"))
        ),
    }
    for shape, breaks in breakages.items():
        broken = Graph()
        for t in void:
            broken.add(t)
        breaks(broken)
        found = validate_graph(broken, shapes, "metadata")
        owners = {str(shapes.value(None, SH.property, BNode(v.shape)) or v.shape) for v in found}
        assert owners == {f"https://w3id.org/diplograph/shapes#{shape}"}, (shape, found)


def test_builds_agree_however_they_run(tmp_path: Path, corpus_build: Path) -> None:
    """Two workers, a warm cache and a cold one all publish the same bytes as the session build."""
    cache = tmp_path / "cache"
    first = build(paths.CORPUS, tmp_path / "a", workers=2, cache=cache)
    second = build(paths.CORPUS, tmp_path / "b", workers=1, cache=cache)
    assert first.cached == 0 and second.cached == len(second.documents) == 2
    for out in (tmp_path / "a", tmp_path / "b"):
        for path in sorted(corpus_build.rglob("*")):
            if path.is_file():
                assert (out / path.relative_to(corpus_build)).read_bytes() == path.read_bytes(), path.name


def test_release_stamp_dates_the_build(tmp_path: Path) -> None:
    when = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    build(paths.CORPUS, tmp_path / "g", release=when)
    void = Graph().parse(tmp_path / "g" / "void.ttl")
    stamps = set(void.objects(None, PROV.generatedAtTime))
    assert stamps == {Literal("2026-11-24T00:00:00+00:00", datatype=XSD.dateTime)}
    assert str(void.value(DATASET, URIRef("http://www.w3.org/ns/dcat#version"))).endswith("+20261124")


def test_failed_build_leaves_no_trace(tmp_path: Path, corpus_build: Path) -> None:
    out = tmp_path / "graph"
    shutil.copytree(corpus_build, out)
    corpus = tmp_path / "corpus"
    shutil.copytree(paths.CORPUS, corpus)
    (corpus / "zz-truncated.txt").write_text("Meeting\n", encoding="utf-8")
    with pytest.raises(InputError, match="zz-truncated.txt"):
        build(corpus, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "graph"]
    assert (out / "diplograph.nq").read_bytes() == (corpus_build / "diplograph.nq").read_bytes()


def shapes_with(tmp_path: Path, extra: str) -> Path:
    """The project's shapes plus one more shape file (Turtle, the sh: prefix declared)."""
    shapes = tmp_path / "shapes"
    shutil.copytree(paths.SHAPES, shapes)
    (shapes / "strict.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n" + extra, encoding="utf-8")
    return shapes


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
def test_a_violation_stops_the_build_and_names_the_document(tmp_path: Path, validator: str) -> None:
    shapes = shapes_with(
        tmp_path,
        "@prefix dg: <https://w3id.org/diplograph/ontology#> .\n"
        "<urn:x:StrictShape> a sh:NodeShape ; sh:targetClass dg:Document ;\n"
        '  sh:property [ sh:path dg:reviewedBy ; sh:minCount 1 ; sh:message "Every document is reviewed."@en ] .\n',
    )
    out = tmp_path / "graph"
    with pytest.raises(ValidationFailed) as failure:
        build(paths.CORPUS, out, shapes=shapes, validator=validator)
    message = str(failure.value)
    for path in paths.CORPUS.glob("*.txt"):
        assert f"{path.name}: " in message and "Every document is reviewed." in message
    assert not out.exists()


def test_the_streamed_graph_records_are_validated_too(tmp_path: Path) -> None:
    """Each graph's record in the metadata graph (subset, size, provenance) is written as the graph arrives and
    validated in batches; a shape those records break still stops the build."""
    shapes = shapes_with(
        tmp_path,
        "@prefix void: <http://rdfs.org/ns/void#> .\n"
        "<urn:x:AuditedShape> a sh:NodeShape ; sh:targetObjectsOf void:subset ;\n"
        '  sh:property [ sh:path <urn:x:audited> ; sh:minCount 1 ; sh:message "Every graph is audited."@en ] .\n',
    )
    with pytest.raises(ValidationFailed, match="dataset metadata: .*Every graph is audited"):
        build(paths.CORPUS, tmp_path / "graph", shapes=shapes)
