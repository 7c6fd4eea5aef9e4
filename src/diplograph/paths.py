"""Where the project's data files live: the ontology, shapes, queries and reference set."""

from __future__ import annotations

import os
from pathlib import Path


def _project_root() -> Path:
    """DIPLOGRAPH_HOME when set; else the source checkout this package runs from (src/diplograph/ → two levels
    up); else, for a non-editable install, the current folder when it holds the project's data folders."""
    if "DIPLOGRAPH_HOME" in os.environ:
        return Path(os.environ["DIPLOGRAPH_HOME"])
    checkout = Path(__file__).resolve().parents[2]
    for candidate in (checkout, Path.cwd()):
        if (candidate / "ontology").is_dir() and (candidate / "shapes").is_dir():
            return candidate
    return checkout


PROJECT_ROOT = _project_root()
REFERENCE = PROJECT_ROOT / "reference"
SHAPES = PROJECT_ROOT / "shapes"
ONTOLOGY = PROJECT_ROOT / "ontology"
QUERIES = PROJECT_ROOT / "queries"
GRAPH = PROJECT_ROOT / "graph"
CORPUS = PROJECT_ROOT / "corpus"
STORE = PROJECT_ROOT / "store"
