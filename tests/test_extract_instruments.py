"""Instruments cited by UN symbol, on small texts written for these tests: a resolution the reference set does
not hold is minted with the symbol it was cited by, its kind, and no invented year."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from diplograph import paths
from diplograph.build.document_graph import build_document_graph
from diplograph.build.iris import DG, Minter
from diplograph.extract.document import extract
from diplograph.extract.mentions import find_mentions
from diplograph.link.linker import Linker

from .test_extract_speakers import _doc

BASE = "https://w3id.org/diplograph/id/"


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Vladimir Putin: We recall resolution A/RES/79/999 of the General Assembly."),
        ("en", "Vladimir Putin: We recall General Assembly resolution 79/999 on this subject."),
        ("ru", "В.Путин: Напомню о резолюции Генеральной Ассамблеи ООН № 79/999."),
        ("ru", "В.Путин: Напомню о резолюции A/RES/079/0999."),
    ],
)
def test_an_unknown_resolution_carries_the_symbol_it_was_cited_by(
    linker: Linker, language: str, sentence: str
) -> None:
    assert linker.by_symbol("A/RES/79/999") is None  # the test needs a symbol the reference set lacks
    doc = _doc("Meeting" if language == "en" else "Совещание", [sentence], language, day="2025-01-20")
    (ref,) = [m.ref for m in find_mentions(doc, linker) if m.ref.category == "instrument"]
    assert (ref.slug, ref.kind, ref.symbol) == ("a-res-79-999", "un_resolution", "A/RES/79/999")
    g = build_document_graph(extract(doc, linker), Minter(), linker)
    node = URIRef(BASE + "instrument/a-res-79-999")
    assert (node, RDF.type, DG.UNGAResolution) in g
    assert set(g.objects(node, DG.unSymbol)) == {Literal("A/RES/79/999")}
    assert set(g.objects(node, DG.year)) == set()  # a session number is not a calendar year


def test_a_known_resolution_is_the_reference_one(linker: Linker) -> None:
    doc = _doc("Meeting", ["Vladimir Putin: Resolution A/RES/75/240 established the group."], "en")
    refs = [m.ref for m in find_mentions(doc, linker) if m.ref.kind == "un_resolution"]
    assert [(r.slug, r.symbol) for r in refs] == [("a-res-75-240", "A/RES/75/240")] and refs[0].entity is not None


@pytest.mark.parametrize(("day", "edition"), [
    ("2012-06-01", "international-code-of-conduct-for-information-security"),
    ("2016-06-25", "international-code-of-conduct-for-information-security-2015"),
])
def test_the_code_of_conduct_is_the_edition_of_its_day(linker: Linker, day: str, edition: str) -> None:
    """The SCO states resubmitted their code of conduct in 2015: a later text that names it means that edition."""
    doc = _doc("Заявление", [
        "Стороны продолжат продвигать Правила поведения в области обеспечения международной информационной "
        "безопасности."
    ], "ru", day=day)
    found = {m.ref.slug for m in find_mentions(doc, linker) if m.ref.category == "instrument"}
    assert found == {edition}
