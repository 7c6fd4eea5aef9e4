"""Stage 6 — publish: deterministic files, written to a temporary folder and swapped in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from ..build.metadata import METADATA_PREFIXES
from ..build.vocab import PREFIXES
from .rdf_text import turtle_text

DATASET_TURTLE = "diplograph.ttl"
DATASET_NQUADS = "diplograph.nq"
DOCUMENTS_DIR = "documents"


def bind(g: Graph) -> Graph:
    for prefix, ns in {**PREFIXES, **METADATA_PREFIXES}.items():
        g.bind(prefix, ns, override=True)
    return g


def prefixes(base: str) -> dict[str, str]:
    """The prefixes of every published file: the vocabularies, and `dgr:` for the resources under `base`."""
    return {prefix: str(ns) for prefix, ns in {**PREFIXES, **METADATA_PREFIXES}.items()} | {"dgr": base + "id/"}


def turtle(g: Graph, base: str) -> str:
    """Sorted Turtle: the same triples always give the same bytes."""
    return turtle_text(g, prefixes(base))


def nquads(graphs: dict[URIRef, Graph]) -> str:
    """N-Quads, one named graph per document, lines sorted."""
    ds = Dataset()
    lines: list[str] = []
    for name, g in graphs.items():
        ds_graph = ds.graph(name)
        for triple in g:
            ds_graph.add(triple)
    data = ds.serialize(format="nquads")
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


@contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; on success it replaces `target` in one rename.

    If the caller fails, the temporary folder is removed and `target` is left as it was.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the published folder is for everyone to read
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
