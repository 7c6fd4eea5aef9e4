"""The scale benchmark: build N synthetic documents and compare the build with the floor measured in the same run.

    python bench/run.py --documents N [--seed S] [--workers W] [--keep DIR]

Prints one table (documents/s, triples/s, time per stage, peak memory, output size, the floor and the ratio to it,
the incremental rebuild after changing one document) and, as its last line, machine-readable figures:

    documents=N triples=T docs_per_s=D ratio_to_floor=R peak_rss_mb=M

The floor is what the fastest RDF toolkit at hand needs merely to move the same data: pyoxigraph parsing the
N-Quads the build produced and serialising them again. The build (read, extract, link, build, validate, serialise)
plus the load into the embedded store is reported as a multiple of it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)

from diplograph.pipeline import STAGES, build, peak_rss_kib  # noqa: E402
from diplograph.publish.files import dataset_files  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (the build's workers report theirs in its result)."""
    return peak_rss_kib() / 1024


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(step: str, timings: dict[str, float], fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    timings[step] = time.perf_counter() - start
    return value


def floor(nquads: list[Path], scratch: Path) -> float:
    """pyoxigraph parsing the N-Quads and writing them out again: the least any pipeline must spend."""
    start = time.perf_counter()
    for path in nquads:  # one file at a time, each copy removed, so the floor needs no second dataset's disk
        with (scratch / "floor.nq").open("wb") as out:
            ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS), out, format=ox.RdfFormat.N_QUADS)
        (scratch / "floor.nq").unlink()
    return time.perf_counter() - start


LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
for path in sys.argv[2:]:
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
store.flush()
print(len(store))
"""


def load_store(nquads: list[Path], store_dir: Path) -> tuple[int, float]:
    """The embedded store's bulk path (an empty on-disk Oxigraph store filled from the N-Quads dump), in a child
    process so its memory is measured on its own: (quads loaded, the child's peak RSS in MB)."""
    child = subprocess.Popen(
        [sys.executable, "-c", LOAD, str(store_dir), *map(str, nquads)], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    quads = int(child.stdout.read().strip() or 0)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise RuntimeError(f"the store load failed (status {status})")
    return quads, usage.ru_maxrss / 1024


def oxigraph_cli_load(nquads: list[Path], location: Path) -> tuple[float, float] | None:
    """The reference loader: `oxigraph load` (the Oxigraph server's own bulk loader, PyPI `oxigraph`) on the same
    files into an empty store: (seconds, its peak RSS in MB); None when the command is not installed. Its store is
    removed afterwards."""
    command = shutil.which("oxigraph")
    if command is None:
        return None
    start = time.perf_counter()
    child = subprocess.Popen([command, "load", "--location", str(location), "--file", *map(str, nquads)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"`oxigraph load` failed (status {status})")
    shutil.rmtree(location, ignore_errors=True)
    return elapsed, usage.ru_maxrss / 1024


def touch_one(corpus: Path) -> Path:
    """Change one document's bytes (a space in its last paragraph) so the next build must redo exactly it."""
    victim = sorted(corpus.glob("*.txt"))[len(list(corpus.glob("*.txt"))) // 2]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.rstrip("\n") + " \n", encoding="utf-8")
    return victim


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="keep the corpus, graph and store in this folder")
    parser.add_argument("--no-reference-load", action="store_true",
                        help="skip timing `oxigraph load` (it needs room for a second store)")
    args = parser.parse_args(argv)

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="diplograph-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    corpus, out, cache, store = scratch / "corpus", scratch / "graph", scratch / "cache", scratch / "store"
    for folder in (corpus, out, cache, store):
        shutil.rmtree(folder, ignore_errors=True)
    t: dict[str, float] = {}
    try:
        timed("generate", t, generate_corpus, corpus, args.documents, args.seed)
        result = timed("build", t, build, corpus, out, workers=args.workers, cache=cache)
        nquads = dataset_files(out)  # diplograph.nq, and one file per part of a large corpus
        main_rss, worker_rss = peak_rss_mb(), result.worker_peak_kib / 1024
        build_rss = max(main_rss, worker_rss)
        loaded, load_rss = timed("load", t, load_store, nquads, store)
        t["floor"] = floor(nquads, scratch)
        if args.keep is None:
            shutil.rmtree(store, ignore_errors=True)  # room on disk for the reference loader's store
        reference_load = None
        if not args.no_reference_load:
            reference_load = oxigraph_cli_load(nquads, scratch / "oxigraph-cli-store")
        touched = touch_one(corpus)
        again = timed("rebuild", t, build, corpus, out, workers=args.workers, cache=cache)
        assert again.cached == len(again.documents) - 1, f"incremental build redid {again} besides {touched.name}"
        rss = max(build_rss, load_rss)
        size = folder_size(out)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)

    n, triples = len(result.documents), result.triples
    total = t["build"] + t["load"]
    ratio = total / t["floor"]
    cpu = sum(result.seconds.values()) or 1.0
    rows = [
        ("documents", f"{n}"),
        ("triples (quads published)", f"{triples:,}"),
        ("workers", f"{args.workers}"),
        ("generate corpus", f"{t['generate']:.1f} s (not part of the build)"),
        ("build, wall", f"{t['build']:.1f} s"),
        *(
            (
                f"  {stage} (CPU, all workers)",
                f"{result.seconds.get(stage, 0.0):.1f} s  {result.seconds.get(stage, 0.0) / cpu:5.1%}",
            )
            for stage in STAGES
        ),
        ("load into embedded store", f"{t['load']:.1f} s ({loaded:,} quads, {loaded / max(t['load'], 1e-9):,.0f}/s)"),
        (
            "reference: `oxigraph load` of the same files",
            "not run" if reference_load is None
            else f"{reference_load[0]:.1f} s ({loaded / reference_load[0]:,.0f} quads/s; ours is "
            f"{t['load'] / reference_load[0]:.2f}x its time; {reference_load[0] / t['floor']:.2f}x the floor), "
            f"peak RSS {reference_load[1]:,.0f} MB",
        ),
        ("documents/s (build + load)", f"{n / total:,.1f}"),
        ("triples/s (build + load)", f"{triples / total:,.0f}"),
        ("floor: pyoxigraph parse + serialise", f"{t['floor']:.2f} s"),
        ("ratio to floor", f"{ratio:.1f}x"),
        (
            "incremental rebuild (one document changed)",
            f"{t['rebuild']:.2f} s = {t['rebuild'] / t['build']:.2%} of the build",
        ),
        ("peak RSS, build (main process or a worker)", f"{build_rss:,.0f} MB (main {main_rss:,.0f}, largest worker {worker_rss:,.0f})"),
        ("peak RSS, store load (its own process)", f"{load_rss:,.0f} MB"),
        ("output size", f"{size / 1e6:,.1f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")
    print(
        f"documents={n} triples={triples} docs_per_s={n / total:.2f} ratio_to_floor={ratio:.2f} peak_rss_mb={rss:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
