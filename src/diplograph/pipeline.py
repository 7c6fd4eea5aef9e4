"""The whole job: read → extract → link → build → validate → publish, one document at a time.

Documents stream through: each is turned into its graph and its published pieces (Turtle, N-Quads lines, JSON-LD)
by a worker — in parallel across cores when asked — and written out as it arrives, so memory does not grow with the
corpus. A document whose bytes and pipeline are unchanged since the last build is taken from the build cache.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.pool import AsyncResult
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from . import paths
from .build.document_graph import build_document_triples
from .build.entities import describe_entity
from .build.iris import DEFAULT_BASE, DG, Minter
from .build.metadata import GraphStats
from .build.terms import Triples, to_rdflib
from .build.vocab import CLASSES, INSTRUMENT_CLASSES
from .cache import BuildCache, SourceHashes, fingerprint
from .errors import EncodingError, FormatError, InputError, ValidationFailed
from .extract.document import extract
from .link.linker import Linker
from .malloc import pin_mmap_threshold
from .options import base_iri, reference_folder, shapes_folder
from .publish.bundle import BundleWriter, DocumentOutput, render_graph
from .publish.files import staged_output
from .publish.guard import check_cache, check_output
from .publish.parts import part_id, plan_parts
from .publish.rdf_text import nquads_text
from .read import read_source, source_listing, source_sha256
from .shacl.model import read_shapes
from .shacl.run import validate_store
from .validate import Violation, load_shapes, validate_graph

STAGES = ("read", "extract", "build", "validate", "serialise")
BATCH = 32  # documents validated together in one store
AHEAD = 4  # batches in flight per worker process
# Batches a worker process runs before it is replaced by a fresh one (about 3,200 documents, a second or two of
# start-up against minutes of work): what a long-lived process's heap accretes — fragments, caches filled to their
# limits — is then given back, and the workers' memory stays what it is on a small corpus.
RECYCLE = 100


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    cached: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # stage → seconds, summed over workers
    warnings: list[str] = field(default_factory=list)  # what the readers said of the sources: excerpts, no date, …
    worker_peak_kib: int = 0  # the largest peak resident size a process that made documents reported


@dataclass(frozen=True)
class Settings:
    reference: Path
    shapes: Path
    base: str
    validator: str = "fast"  # "fast": SHACL compiled to SPARQL on Oxigraph; "pyshacl": the reference implementation
    columns: tuple[tuple[str, str], ...] = ()  # a table's columns named by option: (field, column name)


# A document's output, or its input error as (class name, message, path, hint): plain values cross processes
# safely, an exception with keyword-only arguments does not.
Outcome = DocumentOutput | tuple[str, str, str | None, str | None]
INPUT_ERRORS = {cls.__name__: cls for cls in (InputError, EncodingError, FormatError)}


class _Worker:
    """What each process keeps between documents: the linker, the minter and the shapes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.minter = Minter(settings.base)
        self.linker = shared_linker(settings.reference)
        self.checker = GraphChecker(settings.shapes, settings.validator)

    def render(self, path: Path, sha256: str) -> tuple[DocumentOutput, Triples]:
        clock = _Clock()
        doc = read_source(path, dict(self.settings.columns))
        clock.lap("read")
        facts = extract(doc, self.linker)
        clock.lap("extract")
        triples = build_document_triples(facts, self.minter, self.linker)
        clock.lap("build")
        name = str(self.minter.document(doc.key))
        stats = GraphStats.of(triples, name + "/", doc.language, doc.url)
        stats.local_subjects += 1  # the document itself
        stats.shared_subjects.discard(name)
        out = render_graph(
            triples, name, self.minter.base, key=doc.key, file=str(path), sha256=sha256, url=doc.url, stats=stats
        )
        clock.lap("serialise")
        out.seconds = clock.seconds
        out.warnings = [f"{path}: {note}" for note in doc.record]
        return out, triples

    def process(self, jobs: list[tuple[Path, str]]) -> list[Outcome]:
        """A small batch of documents: each read, extracted, built and serialised; then validated together."""
        outcomes: list[Outcome] = []
        rendered: list[tuple[DocumentOutput, Triples]] = []
        for path, sha256 in jobs:
            try:
                out, graph = self.render(path, sha256)
            except InputError as exc:
                outcomes.append((type(exc).__name__, exc.detail, exc.path, exc.hint))
                continue
            outcomes.append(out)
            rendered.append((out, graph))
        started = time.perf_counter()
        found = self.checker.check([(out.graph, graph, out.nquads) for out, graph in rendered])
        share = (time.perf_counter() - started) / max(len(rendered), 1)
        for out, _ in rendered:
            name = Path(out.file).name
            out.violations = [replace(v, document=name) for v in found.get(out.graph, [])]
            out.seconds["validate"] = share
        return outcomes


class GraphChecker:
    """Validates named graphs against the shapes, with the compiled validator (default) or pySHACL."""

    def __init__(self, shapes: Path, validator: str) -> None:
        if validator not in ("fast", "pyshacl"):
            raise ValueError(f"unknown validator {validator!r}: use 'fast' or 'pyshacl'")
        self.validator = validator
        self.shapes_graph = load_shapes(str(shapes)) if validator == "pyshacl" else None
        self.model = read_shapes(shapes) if validator == "fast" else None

    def check(self, graphs: Sequence[tuple[str, Graph | Triples, str]]) -> dict[str, list[Violation]]:
        """(graph IRI, graph or its triples, its N-Quads) → violations by graph IRI; each graph is validated on its
        own. Only pySHACL needs an rdflib graph: document graphs are made into one for it, and only for it."""
        found: dict[str, list[Violation]] = {}
        if not graphs:
            return found
        if self.shapes_graph is not None:
            for name, graph, _ in graphs:
                rdf = graph if isinstance(graph, Graph) else to_rdflib(graph)
                found[name] = validate_graph(rdf, self.shapes_graph, name)
            return found
        assert self.model is not None
        store = ox.Store()
        store.load("".join(nq for _, _, nq in graphs).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        for v in validate_store(store, self.model):
            found.setdefault(v.document, []).append(v)
        return found


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


_WORKER: _Worker | None = None
_LINKERS: dict[tuple[str, tuple[tuple[str, int, int], ...]], Linker] = {}


def shared_linker(reference: Path) -> Linker:
    """The reference set's linker, loaded once per process while its files are unchanged (a build, its reference
    graph and the documents an inline worker makes share one)."""
    stats = sorted((p.name, p.stat()) for p in reference.glob("*.yaml"))
    stamp = tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)
    key = (str(reference.resolve()), stamp)
    if key not in _LINKERS:
        _LINKERS.clear()
        _LINKERS[key] = Linker.from_folder(reference)
    return _LINKERS[key]


def _init_worker(settings: Settings) -> None:
    global _WORKER
    pin_mmap_threshold()
    _WORKER = _Worker(settings)


def _worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: from a small server process that has imported the pipeline and nothing else
    ("forkserver"), not forked from the build's main process. A forked worker's resident size counts every page of
    its parent's, and the main process holds the corpus's bookkeeping (paths, hashes, keys: it grows with the
    corpus), so workers forked from it grew with the corpus too; these stay the size of the pipeline and one batch.
    Each loads the reference set itself (about 0.3 s, once per RECYCLE batches)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _process(jobs: list[tuple[Path, str]]) -> tuple[list[Outcome], int]:
    """Run in a worker process: the batch's outcomes, and the process's peak resident size so far in KiB (worker
    processes are not the build's children, so it cannot read their peaks itself)."""
    assert _WORKER is not None
    return _WORKER.process(jobs), peak_rss_kib()


def peak_rss_kib() -> int:
    """This process's peak resident size in KiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # not a Unix
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes, Linux KiB


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


def _outputs(
    jobs: Iterable[tuple[Path, str]], count: int, settings: Settings, workers: int, result: BuildResult
) -> Iterator[Outcome]:
    """Outcomes in the order of `jobs` (`count` of them), computed in batches (validation runs once per batch), in
    parallel when asked. Jobs are made as they are needed and at most AHEAD batches per worker are in flight, so
    neither the list of jobs nor finished outcomes waiting to be written pile up when the writer is slower. The
    largest peak memory a worker reports goes into `result`."""

    def take(done: tuple[list[Outcome], int]) -> list[Outcome]:
        outcomes, peak = done
        result.worker_peak_kib = max(result.worker_peak_kib, peak)
        return outcomes

    size = max(1, min(BATCH, -(-count // max(workers * 4, 1))))
    batches = _batched(iter(jobs), size)
    if workers <= 1 or count <= size:
        _init_worker(settings)
        for batch in batches:
            yield from take(_process(batch))
        return
    context = _worker_context()
    with context.Pool(workers, initializer=_init_worker, initargs=(settings,), maxtasksperchild=RECYCLE) as pool:
        waiting: deque[AsyncResult[tuple[list[Outcome], int]]] = deque()
        for batch in batches:
            waiting.append(pool.apply_async(_process, (batch,)))
            if len(waiting) >= workers * AHEAD:
                yield from take(waiting.popleft().get())
        while waiting:
            yield from take(waiting.popleft().get())


def _batched(jobs: Iterator[tuple[Path, str]], size: int) -> Iterator[list[tuple[Path, str]]]:
    while batch := list(itertools.islice(jobs, size)):
        yield batch


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
    validator: str = "fast",
    progress: Callable[[int, int], None] | None = None,
    columns: Mapping[str, str] | None = None,
) -> BuildResult:
    """Build, validate and publish the graph of every document in `corpus` into `out`.

    Nothing in `out` changes unless the whole build succeeds; with `keep_going`, documents that cannot be
    read are reported in the result and the rest are published. `cache` is a folder where each document's
    published pieces are kept by content hash, so an unchanged document is not processed again.

    With `workers` above 1 documents are made in worker processes started from a forkserver (spawned where there
    is none), which import the calling program's main module as multiprocessing does: a script that calls build
    must keep its top-level code under `if __name__ == "__main__":`.

    Before anything is written the options are checked (publish/guard.py): `out` must be absent, empty or an
    earlier build, and neither `out` nor `cache` may lie in, be, or hold an input. A build that fails takes out of
    the cache what it wrote there.
    """
    reference, shapes, base = reference_folder(reference), shapes_folder(shapes), base_iri(base)
    inputs = {"corpus": corpus, "reference data": reference, "shapes": shapes}
    out = check_output(out, inputs)
    if cache is not None:
        cache = check_cache(cache, out, inputs)
    stores: list[BuildCache] = []
    try:
        return _build(corpus, out, reference, shapes, base, keep_going, workers, cache, release, validator, progress,
                      stores, columns)
    except BaseException:
        for store in stores:
            store.discard_created()
        raise


def _build(
    corpus: Path, out: Path, reference: Path, shapes: Path, base: str, keep_going: bool, workers: int,
    cache: Path | None, release: dt.datetime | None, validator: str, progress: Callable[[int, int], None] | None,
    stores: list[BuildCache], columns: Mapping[str, str] | None,
) -> BuildResult:
    pin_mmap_threshold()
    minter = Minter(base)
    settings = Settings(reference, shapes, base, validator, tuple(sorted((columns or {}).items())))
    checker = GraphChecker(shapes, validator)
    result = BuildResult()
    root, relatives = source_listing(corpus, columns)
    if not relatives:
        raise FormatError("no documents found", path=corpus,
                          hint="a corpus is a folder of .txt or saved .html files, one such file, or a table "
                          "(.csv, .jsonl) with one document per row")
    pipeline = fingerprint(reference, shapes, base)
    linker = shared_linker(reference)
    store = BuildCache(cache, pipeline) if cache is not None else None
    stores += [store] if store is not None else []
    hashes = SourceHashes(cache)
    # Per source file only its relative path, its hash and a flag are kept, by index (a few hundred bytes at most):
    # the build's memory must not grow much with the corpus.
    shas = [source_sha256(root / relative, hashes.sha256, columns) for relative in relatives]
    parts = plan_parts(relatives)
    in_parts = len(parts) > 1
    ids = [part_id(pipeline, release, [(relatives[i], shas[i]) for i in part]) for part in parts]
    reused = {n for n, pid in enumerate(ids) if in_parts and store is not None and store.has_part(pid)}
    processed = bytearray(len(relatives))  # 1: the document is computed afresh, in `fresh`'s order
    for n, part in enumerate(parts):
        if n not in reused:
            for i in part:
                if store is None or not store.has(shas[i], relatives[i].rpartition("/")[2]):
                    processed[i] = 1
    inline: list[_Worker] = []  # made only if a cache entry turns out unreadable between looking and reading

    def cached_or_inline(i: int) -> Outcome:
        path = root / relatives[i]
        hit = store.get(shas[i], path.name) if store is not None else None
        if hit is not None:
            result.cached += 1
            hit.file = str(path)
            return hit
        if not inline:
            inline.append(_Worker(settings))
        return inline[0].process([(path, shas[i])])[0]

    scheduled = [i for i, flag in enumerate(processed) if flag]
    fresh = _outputs(((root / relatives[i], shas[i]) for i in scheduled), len(scheduled), settings, workers, result)
    del scheduled
    sources: dict[str, int] = {}  # document key → index of the file that has it
    done = 0

    def claim(key: str, i: int) -> bool:
        """Register a document's key; a second file with the same key is an input error."""
        if key in sources:
            first = root / relatives[sources[key]]
            error = FormatError(f"the same document as {first} (key {key})", path=root / relatives[i])
            if not keep_going:
                raise error
            result.failed.append(error)
            return False
        sources[key] = i
        return True

    with staged_output(out) as tmp:
        meta_name = str(minter.id["graph/metadata"])

        def check_metadata(graph: Graph | Triples, nquads: str) -> list[Violation]:
            found = checker.check([(meta_name, graph, nquads)])
            return [replace(v, document="dataset metadata") for v in found.get(meta_name, [])]

        writer = BundleWriter(tmp, minter, release=release, check=check_metadata, parts=in_parts, cache=store)
        for n, part in enumerate(parts):
            cached_part = store.part(ids[n]) if n in reused and store is not None else None
            if cached_part is not None:
                info = writer.reuse_part(cached_part)
                for (key, _), i in zip(info.documents, part, strict=True):  # only whole parts are kept
                    claim(key, i)
                    result.documents.append(key)
                result.cached += len(info.documents)
                done += len(part)
                if progress:
                    progress(done, len(relatives))
                continue
            writer.begin_part(ids[n])
            whole = True
            for i in part:
                item = next(fresh) if processed[i] else cached_or_inline(i)
                done += 1
                if isinstance(item, tuple):
                    error = _input_error(*item)
                    if not keep_going:
                        raise error
                    result.failed.append(error)
                    whole = False
                    continue
                output = item
                for stage, seconds in output.seconds.items():
                    result.seconds[stage] = result.seconds.get(stage, 0.0) + seconds
                if store is not None and not in_parts and not output.violations and processed[i]:
                    store.put(output)  # in parts, the cache learns where the part it goes into holds it
                if not claim(output.key, i):
                    whole = False
                    continue
                result.violations += output.violations
                result.warnings += getattr(output, "warnings", [])  # a cache entry from an older build has none
                if not result.violations:
                    writer.add_document(output)
                result.documents.append(output.key)
                if progress:
                    progress(done, len(relatives))
            writer.end_part(keep=whole and not result.violations)
        if not result.documents:
            raise FormatError(
                f"no document was built: all {len(result.failed)} source(s) were skipped, so nothing was published:\n"
                + "\n".join(f"  {failure}" for failure in result.failed[:50]), path=corpus)
        ref_graph = reference_graph(linker, minter)
        ref_name = str(minter.reference_graph())
        found = checker.check([(ref_name, ref_graph, nquads_text(ref_graph, ref_name))])
        result.violations += [replace(v, document="reference data") for v in found.get(ref_name, [])]
        if result.violations:
            raise ValidationFailed(
                f"{len(result.violations)} SHACL violation(s); nothing was published:\n"
                + "\n".join("  " + v.render() for v in result.violations[:50])
            )
        writer.add_reference(ref_graph)
        metadata = writer.finish()
        result.violations += writer.violations + check_metadata(metadata, nquads_text(metadata, meta_name))
        if result.violations:
            raise ValidationFailed(
                "the dataset description breaks the shapes; nothing was published:\n"
                + "\n".join("  " + v.render() for v in result.violations[:50])
            )
        result.triples = writer.stats.triples
    hashes.save()
    if store is not None and in_parts:
        store.prune_parts(ids)
    return result


def _input_error(kind: str, message: str, path: str | None, hint: str | None) -> InputError:
    return INPUT_ERRORS.get(kind, InputError)(message, path=path, hint=hint)
