"""First pages of the canned queries on corpora of two sizes, and the selective queries, in one run.

    python bench/pages.py SOURCE [SOURCE ...] [--size 100] [--repeat 3] [--same-rows] [--cli]

Each SOURCE is a store folder filled by `diplograph load` (opened as `diplograph query --store` opens it) or a build
folder (loaded into memory as `diplograph query --graph` does; the load is not timed). For every canned query it
times the first page (`--size` rows, `diplograph.paging.run_page`, as `query --limit` and the server's
/queries/NAME pages compute it) and the page after it (by the first page's cursor), median of `--repeat` runs after
one untimed run. Parameters: mentions of a rare entity (the one whose number of mentions is closest to 10) and of
the most mentioned one, office holders on the date with the most holders. The selective rows time the whole answer
of mentions (rare entity) and office-holders (that date) with `run_query`.

--same-rows checks on each source that every query's pages put together (`paging.iter_rows`, document by document
where the query pages by document) are the whole answer's rows in the same order (`run_query`); exit status 1 if
any differs. --cli also times `diplograph query NAME --store S --limit SIZE` once per query, start-up included.

The last lines give the growth from the first source to the last: first-page time ratio per query.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from diplograph import paging
from diplograph.queries import CannedQuery, list_queries, open_embedded_store, open_store, run_query

OA_BODY = ox.NamedNode("http://www.w3.org/ns/oa#hasBody")
ATTESTED_ON = ox.NamedNode("https://w3id.org/diplograph/ontology#attestedOn")


def open_source(source: Path) -> ox.Store:
    return open_embedded_store(source) if (source / "CURRENT").exists() else open_store(source)


def choose(store: ox.Store) -> dict[str, dict[str, str]]:
    """Parameter sets by label: the rare and the frequent entity, the busiest date."""
    mentioned = Counter(q.object.value for q in store.quads_for_pattern(None, OA_BODY, None, None)
                        if isinstance(q.object, ox.NamedNode))
    rare = min(sorted(mentioned), key=lambda e: (abs(mentioned[e] - 10), e))
    frequent = max(sorted(mentioned), key=lambda e: mentioned[e])
    dates = Counter(q.object.value for q in store.quads_for_pattern(None, ATTESTED_ON, None, None))
    busiest = max(sorted(dates), key=lambda d: dates[d])
    return {"rare": {"entity": rare}, "frequent": {"entity": frequent}, "date": {"date": busiest},
            "counts": {"rare": str(mentioned[rare]), "frequent": str(mentioned[frequent]),
                       "date": str(dates[busiest])}}


def timed(action, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    result = action()  # untimed: the store's caches warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cases(store: ox.Store, chosen: dict[str, dict[str, str]]) -> list[tuple[CannedQuery, str, dict[str, str]]]:
    out = []
    for q in list_queries():
        if q.name == "mentions":
            out += [(q, "rare entity", chosen["rare"]), (q, "frequent entity", chosen["frequent"])]
        elif q.name == "office-holders":
            out.append((q, "busiest date", chosen["date"]))
        elif not q.parameters:
            out.append((q, "—", {}))
        else:
            print(f"# {q.name}: no parameter value chosen for it, not measured", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", type=Path, nargs="+")
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--same-rows", action="store_true")
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()
    first_page: dict[tuple[str, str], list[float]] = {}
    failed = False
    for source in args.sources:
        start = time.perf_counter()
        store = open_source(source)
        opened = time.perf_counter() - start
        chosen = choose(store)
        print(f"\n## {source} ({len(store):,} quads; opened in {opened:.1f} s; rare entity "
              f"{chosen['rare']['entity']} ({chosen['counts']['rare']} mentions), frequent "
              f"{chosen['frequent']['entity']} ({chosen['counts']['frequent']}), date {chosen['date']['date']} "
              f"({chosen['counts']['date']} holdings))\n")
        print("| query | parameters | first page (s) | rows | next page (s) | whole answer (s) | rows |"
              + (" CLI first page (s) |" if args.cli else ""))
        print("|---|---|---|---|---|---|---|" + ("---|" if args.cli else ""))
        for query, label, params in cases(store, chosen):
            cache: dict[str, list[str]] = {}
            t_first, page = timed(lambda q=query, p=params, c=cache, s=store: paging.run_page(
                q, s, p, limit=args.size, cache=c), args.repeat)
            assert isinstance(page, paging.Page)
            t_next = "—"
            if page.next is not None:
                seconds, _ = timed(lambda q=query, p=params, c=cache, n=page.next, s=store: paging.run_page(
                    q, s, p, limit=args.size, cursor=n, cache=c), args.repeat)
                t_next = f"{seconds:.3f}"
            whole = ("—", "—")
            if label in ("rare entity", "busiest date"):  # the selective queries, whole
                seconds, answer = timed(lambda q=query, p=params, s=store: run_query(q, s, p), args.repeat)
                whole = (f"{seconds:.3f}", str(len(answer[1])))  # type: ignore[index]
            cli = ""
            if args.cli:
                command = [sys.executable, "-m", "diplograph.cli", "query", query.name, "--limit", str(args.size),
                           "--format", "csv", *[f"--param={k}={v}" for k, v in params.items()]]
                command += ["--store", str(source)] if (source / "CURRENT").exists() else ["--graph", str(source)]
                del store  # the CLI opens the store itself: one process at a time may
                begin = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                cli = f" {time.perf_counter() - begin:.2f} |"
                store = open_source(source)
            first_page.setdefault((query.name, label), []).append(t_first)
            print(f"| {query.name} | {label} | {t_first:.3f} | {len(page.rows)} | {t_next} | {whole[0]} | "
                  f"{whole[1]} |{cli}", flush=True)
            if args.same_rows:
                expected = run_query(query, store, params)[1]
                streamed = list(paging.iter_rows(query, store, params)[1])
                same = streamed == expected and page.rows == expected[:args.size]
                failed |= not same
                print(f"#   same rows as the whole answer ({len(expected)} rows): {same}", flush=True)
    if len(args.sources) > 1:
        print(f"\nGrowth of the first page from {args.sources[0]} to {args.sources[-1]}:")
        for (name, label), times in first_page.items():
            print(f"- {name} ({label}): {times[-1] / times[0]:.2f}×")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
