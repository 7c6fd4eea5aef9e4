"""Stage 6 — publish: deterministic files (Turtle, N-Quads, JSON-LD, VoID/DCAT), written to a temporary folder
and swapped in whole."""

from .files import (
    DATASET_NQUADS,
    DATASET_TURTLE,
    DOCUMENTS_DIR,
    bind,
    nquads,
    staged_output,
    turtle,
    write_text,
)

__all__ = [
    "DATASET_NQUADS",
    "DATASET_TURTLE",
    "DOCUMENTS_DIR",
    "bind",
    "nquads",
    "staged_output",
    "turtle",
    "write_text",
]
