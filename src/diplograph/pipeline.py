"""The whole job: read → extract → link → build → validate → publish, one document at a time.

Documents stream through: each is turned into its graph and its published pieces (Turtle, N-Quads lines, JSON-LD)
by a worker — in parallel across cores when asked — and written out as it arrives, so memory does not grow with the
corpus. A document whose bytes and pipeline are unchanged since the last build is taken from the build cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from . import paths
from .build.document_graph import build_document_graph
from .build.entities import describe_entity
from .build.iris import DEFAULT_BASE, DG, Minter
from .build.metadata import GraphStats
from .build.vocab import CLASSES, INSTRUMENT_CLASSES
from .cache import BuildCache, fingerprint
from .errors import DiplographError, FormatError, InputError, ValidationFailed
from .extract.document import extract
from .link.linker import Linker
from .publish.bundle import BundleWriter, DocumentOutput, render_graph
from .publish.files import staged_output
from .read import corpus_files, read_document
from .validate import Violation, load_shapes, validate_graph

STAGES = ("read", "extract", "build", "validate", "serialise")


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    cached: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # stage → seconds, summed over workers


@dataclass(frozen=True)
class Settings:
    reference: Path
    shapes: Path
    base: str


class _Worker:
    """What each process keeps between documents: the linker, the minter and the parsed shapes."""

    def __init__(self, settings: Settings) -> None:
        self.minter = Minter(settings.base)
        self.linker = Linker.from_folder(settings.reference)
        self.shapes = load_shapes(str(settings.shapes))

    def process(self, path: Path, sha256: str) -> DocumentOutput:
        clock = _Clock()
        doc = read_document(path)
        clock.lap("read")
        facts = extract(doc, self.linker)
        clock.lap("extract")
        graph = build_document_graph(facts, self.minter, self.linker)
        clock.lap("build")
        violations = validate_graph(graph, self.shapes, doc.file_name)
        clock.lap("validate")
        name = str(self.minter.document(doc.key))
        stats = GraphStats.of(graph, name + "/", doc.language, doc.url)
        stats.local_subjects += 1  # the document itself
        stats.shared_subjects.discard(name)
        out = render_graph(
            graph,
            name,
            self.minter.base,
            key=doc.key,
            file=str(path),
            sha256=sha256,
            url=doc.url,
            stats=stats,
        )
        out.violations = violations
        clock.lap("serialise")
        out.seconds = clock.seconds
        return out


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


_WORKER: _Worker | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = _Worker(settings)


def _process(job: tuple[Path, str]) -> DocumentOutput | tuple[str, str, str | None]:
    """Run in a worker: the document's output, or (error class, message, path) for an input error."""
    assert _WORKER is not None
    path, sha256 = job
    try:
        return _WORKER.process(path, sha256)
    except InputError as exc:
        return (type(exc).__name__, exc.detail, exc.path)


def reference_graph(linker: Linker, minter: Minter) -> Graph:
    g = Graph()
    for entity in linker.reference.entities.values():
        if entity.category == "instrument":
            kinds = [INSTRUMENT_CLASSES[entity.kind or "proposed_instrument"], DG.Instrument]
        else:
            kinds = CLASSES[entity.category]
        node = minter.entity(entity.category, entity.id)
        for cls in kinds:
            g.add((node, RDF.type, cls))
        describe_entity(g, minter, entity, node, links=True)
    return g


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    return digest.hexdigest()


def _outputs(
    jobs: list[tuple[Path, str]], settings: Settings, workers: int
) -> Iterator[DocumentOutput | tuple[str, str, str | None]]:
    if workers <= 1 or len(jobs) < 2:
        _init_worker(settings)
        yield from map(_process, jobs)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.imap(_process, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8) or 1)))


def build(
    corpus: Path,
    out: Path = paths.GRAPH,
    *,
    reference: Path = paths.REFERENCE,
    shapes: Path = paths.SHAPES,
    base: str = DEFAULT_BASE,
    keep_going: bool = False,
    workers: int = 1,
    cache: Path | None = None,
    release: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build, validate and publish the graph of every document in `corpus` into `out`.

    Nothing in `out` changes unless the whole build succeeds; with `keep_going`, documents that cannot be
    read are reported in the result and the rest are published. `cache` is a folder where each document's
    published pieces are kept by content hash, so an unchanged document is not processed again.
    """
    minter = Minter(base)
    settings = Settings(reference, shapes, base)
    result = BuildResult()
    files = corpus_files(corpus)
    if not files:
        raise FormatError("no .txt documents found", path=corpus)
    store = BuildCache(cache, fingerprint(reference, shapes, base)) if cache is not None else None

    jobs: list[tuple[Path, str]] = []
    ready: dict[int, DocumentOutput] = {}
    for i, path in enumerate(files):
        sha = file_sha256(path)
        hit = store.get(sha) if store is not None else None
        if hit is not None:
            hit.file = str(path)
            ready[i] = hit
        else:
            jobs.append((path, sha))
    result.cached = len(ready)

    fresh = _outputs(jobs, settings, workers)
    sources: dict[str, str] = {}
    done = 0
    with staged_output(out) as tmp:
        writer = BundleWriter(tmp, minter, release=release)
        for i, path in enumerate(files):
            output = ready.pop(i, None)
            if output is None:
                item = next(fresh)
                if isinstance(item, tuple):
                    error = _input_error(*item)
                    if not keep_going:
                        raise error
                    result.failed.append(error)
                    done += 1
                    continue
                output = item
                for stage, seconds in output.seconds.items():
                    result.seconds[stage] = result.seconds.get(stage, 0.0) + seconds
                if store is not None and not output.violations:
                    store.put(output)
            if output.key in sources:
                error = FormatError(
                    f"the same document as {sources[output.key]} (key {output.key})", path=path
                )
                if not keep_going:
                    raise error
                result.failed.append(error)
                continue
            sources[output.key] = str(path)
            result.violations += output.violations
            if not result.violations:
                writer.add_document(output)
            result.documents.append(output.key)
            done += 1
            if progress:
                progress(done, len(files))
        linker = Linker.from_folder(reference)
        ref_graph = reference_graph(linker, minter)
        result.violations += validate_graph(ref_graph, load_shapes(str(shapes)), "reference data")
        if result.violations:
            raise ValidationFailed(
                f"{len(result.violations)} SHACL violation(s); nothing was published:\n"
                + "\n".join("  " + v.render() for v in result.violations[:50])
            )
        writer.add_reference(ref_graph)
        metadata = writer.finish()
        result.violations += validate_graph(metadata, load_shapes(str(shapes)), "dataset metadata")
        if result.violations:
            raise ValidationFailed(
                "the dataset description breaks the shapes; nothing was published:\n"
                + "\n".join("  " + v.render() for v in result.violations[:50])
            )
        result.triples = writer.stats.triples
    return result


def _input_error(kind: str, message: str, path: str | None) -> InputError:
    import diplograph.errors as errors

    cls = getattr(errors, kind, InputError)
    if not (isinstance(cls, type) and issubclass(cls, DiplographError)):
        cls = InputError
    return cls(message, path=path)  # type: ignore[return-value]
