"""Time the build's writers and its validator one by one, on the light triples of a synthetic corpus.

    python bench/stage_profile.py [--documents N] [--seed S] [--repeat R] [--profile] [--keep DIR]

bench/run.py measures the whole build; this script isolates the stages a speed-up of serialisation and validation
touches, so a change can be measured on the same triples before and after. It generates N documents, reads,
extracts and builds each as the build's worker does (pipeline._Worker.render), and only then times, separately:
turtle_text, nquads_text, named_graph_object, and the compiled validator on batches of 32 documents (the N-Quads
loaded into a pyoxigraph Store, then GraphChecker.check, as the build does). Each run starts with the writers'
memos of term forms emptied, as in a fresh worker; the shortest of --repeat runs is reported. With --profile each
stage is run once more under cProfile and its top 25 functions by cumulative time are printed.

To compare two versions of the code, run the script on both with the same --keep folder (the corpus is reused).

The last line is a sha256 digest of every output (the three texts of each document and every batch's violations, also
those found in seeded damaged copies of the first 64 graphs), so a faster writer or validator can be shown to give
the same bytes and the same violations.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)

from diplograph import paths  # noqa: E402
from diplograph.build.document_graph import build_document_triples  # noqa: E402
from diplograph.build.iris import DEFAULT_BASE, Minter  # noqa: E402
from diplograph.build.terms import XSD, Lit, Memo, Triple, Triples  # noqa: E402
from diplograph.extract.document import extract  # noqa: E402
from diplograph.link.linker import Linker  # noqa: E402
from diplograph.pipeline import BATCH, GraphChecker  # noqa: E402
from diplograph.publish import bundle, jsonld, rdf_text  # noqa: E402
from diplograph.publish.bundle import _compactor  # noqa: E402
from diplograph.publish.files import prefixes  # noqa: E402
from diplograph.publish.jsonld import named_graph_object  # noqa: E402
from diplograph.publish.rdf_text import nquads_text, turtle_text  # noqa: E402
from diplograph.read import corpus_files, read_document  # noqa: E402
from diplograph.validate import Violation  # noqa: E402

Graphs = list[tuple[str, Triples]]  # (graph IRI, its light triples)


def built_graphs(corpus: Path, base: str) -> Graphs:
    """Every document of the corpus read, extracted and built into its light triples, as the build's worker does."""
    minter = Minter(base)
    linker = Linker.from_folder(paths.REFERENCE)
    out: Graphs = []
    for path in corpus_files(corpus):
        doc = read_document(path)
        triples = build_document_triples(extract(doc, linker), minter, linker)
        out.append((str(minter.document(doc.key)), triples))
    return out


def run_turtle(graphs: Graphs, base: str) -> list[str]:
    return [turtle_text(triples, prefixes(base)) for _, triples in graphs]


def run_nquads(graphs: Graphs, base: str) -> list[str]:
    return [nquads_text(triples, name) for name, triples in graphs]


def run_jsonld(graphs: Graphs, base: str) -> list[str]:
    compactor = _compactor(base)
    return [named_graph_object(name, triples, compactor) for name, triples in graphs]


def run_validation(
    graphs: Graphs, nquads: list[str], checker: GraphChecker
) -> list[dict[str, list[Violation]]]:
    """The checker on batches of BATCH graphs, as the build's workers run it."""
    found = []
    for i in range(0, len(graphs), BATCH):
        pairs = zip(graphs[i : i + BATCH], nquads[i : i + BATCH], strict=True)
        batch = [(name, triples, nq) for (name, triples), nq in pairs]
        found.append(checker.check(batch))
    return found


def cold_caches() -> None:
    """Forget every term form the writers keep between graphs, so each run starts as a fresh worker does: a build
    writes each document once, and a second pass over the same documents would find all their terms remembered."""
    for module in (rdf_text, jsonld, bundle):
        for value in list(vars(module).values()):
            if isinstance(value, Memo):
                value.clear()
            elif callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def broken(graphs: Graphs, seed: int) -> Graphs:
    """Copies of the graphs with seeded damage, so the digest covers violations too (a clean corpus has none): a
    few triples dropped (sh:minCount), second values added (sh:maxCount, sh:class), literals retagged or retyped
    (sh:datatype, sh:languageIn), IRIs bent out of their pattern (sh:pattern, the SPARQL constraints)."""
    rng = random.Random(seed)
    out: Graphs = []
    for name, triples in graphs:
        damaged: set[Triple] = set()
        for s, p, o in sorted(triples, key=repr):
            roll = rng.random()
            if roll < 0.01:
                continue
            if roll < 0.02 and isinstance(o, Lit):
                o = Lit(o.value, "xx" if o.language else "", "" if o.language else XSD.string)
            elif roll < 0.03 and isinstance(o, str):
                damaged.add((s, p, o + "-bent"))
            elif roll < 0.035:
                s = s + "_"
            damaged.add((s, p, o))
        out.append((name, damaged))
    return out


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    """The least CPU time of `repeat` runs, each from cold caches, and the result. CPU time, not wall time:
    the machine is shared, and the stages are single-threaded (pyoxigraph's in-memory store included)."""
    best, value = float("inf"), None
    for _ in range(repeat):
        cold_caches()
        started = time.process_time()
        value = fn()
        best = min(best, time.process_time() - started)
    return best, value


def profile(label: str, fn: Callable[[], object]) -> None:
    cold_caches()
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(25)
    print(f"\n===== cProfile: {label} =====")
    print(report.getvalue())


def digest(texts: dict[str, list[str]], violations: list[dict[str, list[Violation]]]) -> str:
    h = hashlib.sha256()
    for stage in sorted(texts):
        for text in texts[stage]:
            h.update(stage.encode() + b"\0" + text.encode("utf-8") + b"\0")
    for found in violations:
        for graph in sorted(found):
            for v in found[graph]:
                h.update(repr(v).encode("utf-8") + b"\0")
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the shortest is reported")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 25 for each stage")
    parser.add_argument("--keep", type=Path, help="generate the corpus here (reused when it already holds one)")
    args = parser.parse_args(argv)

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="diplograph-stages-"))
    corpus = scratch / "corpus"
    try:
        if not corpus.is_dir() or not any(corpus.glob("*.txt")):
            generate_corpus(corpus, args.documents, args.seed, overwrite=True)
        started = time.perf_counter()
        graphs = built_graphs(corpus, DEFAULT_BASE)
        prepared = time.perf_counter() - started
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)

    base = DEFAULT_BASE
    checker = GraphChecker(paths.SHAPES, "fast")
    triples = sum(len(t) for _, t in graphs)
    print(f"{len(graphs)} documents, {triples:,} triples (read + extract + build: {prepared:.1f} s)")

    texts: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    seconds["turtle_text"], texts["turtle"] = best_of(args.repeat, lambda: run_turtle(graphs, base))  # type: ignore[assignment]
    seconds["nquads_text"], texts["nquads"] = best_of(args.repeat, lambda: run_nquads(graphs, base))  # type: ignore[assignment]
    seconds["named_graph_object"], texts["jsonld"] = best_of(  # type: ignore[assignment]
        args.repeat, lambda: run_jsonld(graphs, base)
    )
    nquads = texts["nquads"]
    seconds["validate (batches of 32)"], found = best_of(
        args.repeat, lambda: run_validation(graphs, nquads, checker)
    )
    violations: list[dict[str, list[Violation]]] = found  # type: ignore[assignment]
    damaged = broken(graphs[: 2 * BATCH], args.seed)
    violations += run_validation(damaged, run_nquads(damaged, base), checker)

    width = max(len(k) for k in seconds)
    for stage, s in seconds.items():
        print(f"{stage.ljust(width)}  {s:7.3f} s  {s / len(graphs) * 1e3:7.2f} ms/document  {triples / s:>10,.0f} triples/s")
    count = sum(len(v) for found in violations for v in found.values())
    print(f"violations: {count} (none expected in the corpus; the rest in {len(damaged)} damaged copies, not timed)")

    if args.profile:
        profile("turtle_text", lambda: run_turtle(graphs, base))
        profile("nquads_text", lambda: run_nquads(graphs, base))
        profile("named_graph_object", lambda: run_jsonld(graphs, base))
        profile("validate", lambda: run_validation(graphs, nquads, checker))

    print(f"digest={digest(texts, violations)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
