"""Where the project's data files live: the ontology, shapes, queries and reference set."""

from __future__ import annotations

import os
from pathlib import Path

# The source checkout (src/diplograph/ → two levels up); DIPLOGRAPH_HOME overrides it.
PROJECT_ROOT = Path(os.environ.get("DIPLOGRAPH_HOME", Path(__file__).resolve().parents[2]))
REFERENCE = PROJECT_ROOT / "reference"
SHAPES = PROJECT_ROOT / "shapes"
ONTOLOGY = PROJECT_ROOT / "ontology"
QUERIES = PROJECT_ROOT / "queries"
GRAPH = PROJECT_ROOT / "graph"
CORPUS = PROJECT_ROOT / "corpus"
