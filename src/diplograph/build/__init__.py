"""Stage 4 — build: extracted facts become RDF, one named graph per document."""
