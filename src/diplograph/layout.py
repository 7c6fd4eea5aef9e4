"""The files of a build folder, by name: what the publish stage writes and what `query`, `load` and `serve` read.

Kept apart from `publish` (which needs rdflib to write) so that reading a build imports nothing it does not use."""

from __future__ import annotations

from pathlib import Path

DATASET_TURTLE = "diplograph.ttl"
DATASET_NQUADS = "diplograph.nq"
DOCUMENTS_DIR = "documents"
PARTS_DIR = "parts"


def dataset_files(folder: Path, extension: str = ".nq") -> list[Path]:
    """The files that together hold a build's dataset in one format: diplograph.EXT, then (for a corpus published in
    parts) parts/*.EXT. Loading all of them gives the whole dataset; each is complete RDF on its own."""
    head = folder / f"diplograph{extension}"
    return [head] + sorted((folder / PARTS_DIR).glob(f"*{extension}"))
