"""Coverage-guided fuzzing of the readers (and, with --stage graph, of extraction and graph building) with atheris.

Run by hand, not by pytest (see fuzz/README.md):

    python fuzz/fuzz_documents.py [--stage read|graph] [libFuzzer options] SEED_FOLDER

Every input is written to a file named with awkward characters and read with `read_document`. The harness fails
(atheris prints the input and saves it as crash-…) when the outcome is anything but a readable document or an
InputError that names the file: an uncaught exception, a span outside the text, an address or a document key that
could not be published as an IRI. With --stage graph, an accepted document is also extracted, built into its RDF
graph, serialised as N-Triples and parsed back by Oxigraph.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["diplograph"]):
    from diplograph import paths
    from diplograph.build.document_graph import build_document_graph
    from diplograph.build.iris import Minter
    from diplograph.errors import InputError
    from diplograph.extract.document import extract
    from diplograph.link.linker import Linker
    from diplograph.read import SourceDocument, read_document
    from diplograph.read.links import is_web_address

import pyoxigraph as ox

# One scratch file per process, in a fixed folder: libFuzzer ends the process without running exit handlers, so a
# fresh temporary folder per run would never be removed.
FOLDER = Path(tempfile.gettempdir()) / "diplograph-fuzz"
FOLDER.mkdir(exist_ok=True)
FILE = FOLDER / f"saved page «{os.getpid()}» 'x'.txt"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STAGE = "graph" if "--stage=graph" in sys.argv or ("--stage" in sys.argv and "graph" in sys.argv) else "read"
_LINKER: Linker | None = None
_MINTER = Minter()


def check(doc: SourceDocument) -> None:
    """What every accepted document must satisfy (the same checks as tests/test_fuzz_readers.py)."""
    for span in [doc.title, *doc.captions, *doc.preamble, *doc.body, *(s for s in (doc.lead, doc.place) if s)]:
        if not 0 <= span.start <= span.end <= len(doc.text):
            raise AssertionError(f"span {span} outside the text ({len(doc.text)} characters)")
    if _CONTROL.search(doc.text):
        raise AssertionError("a control character survived normalisation")
    for address in (doc.url, doc.direct_link):
        if address is not None and not is_web_address(address):
            raise AssertionError(f"unpublishable address {address!r}")
    if not re.fullmatch(r"[a-z0-9-]+", doc.key):
        raise AssertionError(f"document key {doc.key!r} is not a slug")


def to_graph(doc: SourceDocument) -> None:
    global _LINKER
    if _LINKER is None:
        _LINKER = Linker.from_folder(paths.REFERENCE)
    graph = build_document_graph(extract(doc, _LINKER), _MINTER, _LINKER)
    data = graph.serialize(format="nt", encoding="utf-8")
    list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def test_one_input(data: bytes) -> None:
    FILE.write_bytes(data)
    try:
        doc = read_document(FILE)
    except InputError as exc:
        if FILE.name not in str(exc):
            raise AssertionError(f"the error does not name the file: {exc}") from None
        return
    check(doc)
    if STAGE == "graph":
        to_graph(doc)


def main() -> None:
    args = [a for a in sys.argv if not a.startswith("--stage") and a not in ("read", "graph")]
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
