"""Time the extraction stage (extract, linking included) alone, and fingerprint what it finds.

    python bench/extract_profile.py [--documents N] [--seed S] [--corpus DIR] [--repeat R] [--profile]

Without --corpus it generates N synthetic documents (default 300, seed 1) into a temporary folder; with --corpus it
reads the .txt files of that folder instead (the repository corpus: --corpus corpus). Every document is read first
(reading is not timed), then `extract(doc, linker)` runs over all of them and is timed; with --repeat the pass is
made R times and the fastest counts, which damps the noise of a shared machine; the fewest CPU seconds a pass
took are printed too.

It prints the total seconds, documents/s and a sha256 digest of the repr of every document's facts, so a speed
change can be shown to change nothing: the digest before and after must be equal. With --profile it also prints a
cProfile top 30 by cumulative and by own time (the profiled pass is separate from the timed ones).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)

from diplograph import paths  # noqa: E402
from diplograph.extract.document import extract  # noqa: E402
from diplograph.extract.facts import DocumentFacts  # noqa: E402
from diplograph.link.linker import Linker  # noqa: E402
from diplograph.read import SourceDocument, corpus_files, read_document  # noqa: E402


def read_all(folder: Path) -> list[SourceDocument]:
    return [read_document(path) for path in corpus_files(folder)]


def extract_all(docs: list[SourceDocument], linker: Linker) -> list[DocumentFacts]:
    return [extract(doc, linker) for doc in docs]


def digest(facts: list[DocumentFacts]) -> str:
    """sha256 over the repr of every document's facts, in corpus order: any change of output changes it.

    The source's path is replaced by its file name first, so the same corpus gives the same digest wherever it
    lies (a generated corpus lands in a temporary folder)."""
    h = hashlib.sha256()
    for f in facts:
        placed = dataclasses.replace(f, source=dataclasses.replace(f.source, path=f.source.file_name))
        h.update(repr(placed).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def profile_report(docs: list[SourceDocument], linker: Linker) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    extract_all(docs, linker)
    profiler.disable()
    out = io.StringIO()
    for order in ("cumulative", "tottime"):
        out.write(f"\n--- top 30 by {order} ---\n")
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
    return out.getvalue()


def run(folder: Path, repeat: int, profile: bool) -> None:
    docs = read_all(folder)
    linker = Linker.from_folder(paths.REFERENCE)
    # The linker's indexes are built lazily on first use; build them outside the timed passes.
    linker.matcher, linker.office_matcher, linker.persons, linker.offices, linker.actors  # noqa: B018
    best = best_cpu = float("inf")
    facts: list[DocumentFacts] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        facts = extract_all(docs, linker)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    print(f"documents  {len(docs)}  ({folder})")
    print(f"extract    {best:.3f} s  (best of {repeat}; CPU {best_cpu:.3f} s)")
    print(f"docs/s     {len(docs) / best:.1f}")
    print(f"facts      sha256 {digest(facts)}")
    if profile:
        print(profile_report(docs, linker))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=300, help="synthetic documents to generate (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--corpus", type=Path, help="extract this folder's documents instead of a generated corpus")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; the fastest counts (default 1)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile top 30 (cumulative, own time)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.corpus is not None:
        run(args.corpus, args.repeat, args.profile)
        return 0
    with tempfile.TemporaryDirectory(prefix="diplograph-extract-") as tmp:
        folder = generate_corpus(Path(tmp) / "corpus", args.documents, args.seed)
        run(folder, args.repeat, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
