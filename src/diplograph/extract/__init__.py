"""Stage 2 — extract: facts found in a SourceDocument (see `extract.document.extract`)."""
