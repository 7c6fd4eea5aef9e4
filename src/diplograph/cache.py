"""The build cache: each document's published pieces, kept by the hash of its bytes and of the pipeline.

An entry is reused only when the document's bytes and everything that shapes its output — the package's code and
version, the extraction rules, the reference data, the shapes, the vocabularies and the base IRI — are unchanged. The
cache is a local build artefact (it lives beside the output folder by default); delete it at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__, paths
from .publish.bundle import DocumentOutput

_PACKAGE = Path(__file__).resolve().parent


def fingerprint(reference: Path, shapes: Path, base: str) -> str:
    digest = hashlib.sha256(f"{__version__}\0{base}\0".encode())
    sources = sorted(_PACKAGE.rglob("*.py")) + sorted(_PACKAGE.rglob("*.yaml"))
    sources += (
        sorted(reference.glob("*.yaml")) + sorted(shapes.glob("*.ttl")) + sorted(paths.ONTOLOGY.glob("*.ttl"))
    )
    for path in sources:
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


class BuildCache:
    def __init__(self, folder: Path, pipeline: str) -> None:
        self.folder = folder / pipeline
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.pickle"

    def get(self, sha256: str) -> DocumentOutput | None:
        path = self._path(sha256)
        try:
            with path.open("rb") as f:
                item = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # absent or unreadable: the document is simply processed again
        return item if isinstance(item, DocumentOutput) and item.sha256 == sha256 else None

    def put(self, output: DocumentOutput) -> None:
        path = self._path(output.sha256)
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(output, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
