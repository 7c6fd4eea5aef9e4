"""Stage 6 — publish: deterministic files (Turtle, N-Quads, JSON-LD, VoID/DCAT), written to a temporary folder
and swapped in whole."""

from .files import DATASET_NQUADS, DATASET_TURTLE, DOCUMENTS_DIR, PARTS_DIR, dataset_files, staged_output, turtle

__all__ = [
    "DATASET_NQUADS", "DATASET_TURTLE", "DOCUMENTS_DIR", "PARTS_DIR", "dataset_files", "staged_output", "turtle",
]
