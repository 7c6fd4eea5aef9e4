"""Quote selectors with prefix and suffix where the exact text is ambiguous: a quote that occurs more than once in
the document's text says which occurrence it is (Web Annotation oa:prefix / oa:suffix), and the words it gives are
the text around its position."""

from __future__ import annotations

from pathlib import Path

import rdflib

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
DG = rdflib.Namespace("https://w3id.org/diplograph/ontology#")


def test_every_ambiguous_quote_has_its_prefix_and_suffix(corpus_build: Path) -> None:
    checked = ambiguous = 0
    for path in sorted((corpus_build / "documents").glob("kremlin-*.ttl")):
        g = rdflib.Graph().parse(path, format="turtle")
        text = str(next(g.objects(None, DG.normalisedText)))
        for target in g.subjects(rdflib.RDF.type, OA.SpecificResource):
            selectors = list(g.objects(target, OA.hasSelector))
            quote = next(s for s in selectors if (s, rdflib.RDF.type, OA.TextQuoteSelector) in g)
            position = next(s for s in selectors if (s, rdflib.RDF.type, OA.TextPositionSelector) in g)
            exact, start = str(g.value(quote, OA.exact)), int(g.value(position, OA.start))
            end = start + len(exact)
            prefix, suffix = g.value(quote, OA.prefix), g.value(quote, OA.suffix)
            checked += 1
            if text.count(exact) > 1:
                ambiguous += 1
                assert prefix is not None and suffix is not None, exact
                assert text[:start].endswith(str(prefix)) and text[end:].startswith(str(suffix))
                assert text.count(str(prefix) + exact + str(suffix)) == 1, exact
            else:
                assert prefix is None and suffix is None
    assert checked > 100 and ambiguous > 50
