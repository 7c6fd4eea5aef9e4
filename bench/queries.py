"""Canned queries at scale: Oxigraph against rdflib on the same data.

    python bench/queries.py --graph BUILD_FOLDER [--subset 1000000] [--repeat 5] [--rdflib-timeout 300]

BUILD_FOLDER is a `diplograph build` output (for example `python bench/run.py --documents 100000 --keep DIR` leaves
DIR/graph). For each canned query it reports the median latency on an in-memory Oxigraph store of the whole build,
and on the first SUBSET quads (whole named graphs) both in Oxigraph and in rdflib — the same query text, the same
parameter values — and the ratio rdflib / Oxigraph on that subset. rdflib runs in a child process per query so a
query that exceeds --rdflib-timeout is reported as a lower bound instead of hanging the benchmark.
Last line, machine-readable: `queries=Q subset_triples=T min_ratio=R median_ms_full=M`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from diplograph.publish.files import DATASET_NQUADS
from diplograph.queries import CannedQuery, list_queries, run_query


def subset(nquads: Path, limit: int, out: Path) -> int:
    """The first `limit` quads, extended to the end of the named graph they stop in."""
    count, last_graph = 0, None
    with nquads.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            graph = line.rsplit(" ", 2)[-2]
            if count >= limit and graph != last_graph:
                break
            dst.write(line)
            count += 1
            last_graph = graph
    return count


def parameters(store: ox.Store, query: CannedQuery) -> dict[str, str]:
    """Realistic values: a date that has office holders, an entity that is mentioned often."""
    values: dict[str, str] = {}
    for p in query.parameters:
        if p.type == "date":
            row = next(
                iter(
                    store.query(
                        "SELECT ?d WHERE { GRAPH ?g { ?h <https://w3id.org/diplograph/ontology#attestedOn> ?d } } LIMIT 1"
                    )
                )
            )
            values[p.name] = row["d"].value
        elif p.type == "iri":
            row = next(
                iter(
                    store.query(
                        "SELECT ?e (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d <https://w3id.org/diplograph/ontology#mentions> ?e } }"
                        " GROUP BY ?e ORDER BY DESC(?n) LIMIT 1"
                    )
                )
            )
            values[p.name] = row["e"].value
    return values


def oxigraph_median(store: ox.Store, query: CannedQuery, params: dict[str, str], repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        _, result = run_query(query, store, params)
        times.append(time.perf_counter() - start)
        rows = len(result)
    return statistics.median(times), rows


def _rdflib_child(path: str, text: str, bindings: dict[str, tuple[str, str]], conn) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(path, format="nquads")
    init = {
        k: rdflib.URIRef(v)
        if kind == "iri"
        else rdflib.Literal(v, datatype=rdflib.XSD.date if kind == "date" else None)
        for k, (kind, v) in bindings.items()
    }
    start = time.perf_counter()
    rows = len(list(ds.query(text, initBindings=init)))
    conn.send((time.perf_counter() - start, rows))


def rdflib_time(path: Path, query: CannedQuery, params: dict[str, str], timeout: float) -> tuple[float | None, int]:
    bindings = {p.name: (p.type, params[p.name]) for p in query.parameters if p.name in params}
    parent, child = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.get_context("fork").Process(
        target=_rdflib_child, args=(str(path), query.text, bindings, child)
    )
    proc.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.is_alive() and not parent.poll(0.2):
        pass
    if parent.poll():
        seconds, rows = parent.recv()
        proc.join()
        return seconds, rows
    crashed = not proc.is_alive()
    proc.kill()
    proc.join()
    return None, -2 if crashed else -1  # -2: rdflib raised an error (shown above), -1: timed out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--subset", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=300.0)
    args = parser.parse_args(argv)

    full = ox.Store()
    full.bulk_load(path=str(args.graph / DATASET_NQUADS), format=ox.RdfFormat.N_QUADS)
    with tempfile.TemporaryDirectory() as tmp:
        part_path = Path(tmp) / "subset.nq"
        size = subset(args.graph / DATASET_NQUADS, args.subset, part_path)
        part = ox.Store()
        part.bulk_load(path=str(part_path), format=ox.RdfFormat.N_QUADS)
        print(f"whole build: {len(full):,} quads; subset: {size:,} quads")
        print(f"{'query':16} {'full ms':>9} {'rows':>7} | {'subset ox ms':>12} {'rdflib s':>10} {'ratio':>9}")
        ratios, fulls = [], []
        for query in list_queries():
            params = parameters(part, query)
            full_s, full_rows = oxigraph_median(full, query, params, args.repeat)
            ox_s, _ = oxigraph_median(part, query, params, args.repeat)
            rd_s, status = rdflib_time(part_path, query, params, args.rdflib_timeout)
            fulls.append(full_s * 1000)
            if status == -2:
                print(f"{query.name:16} {full_s * 1000:9.1f} {full_rows:7} | {ox_s * 1000:12.1f}  rdflib fails on this query")
                continue
            ratio = (rd_s if rd_s is not None else args.rdflib_timeout) / max(ox_s, 1e-6)
            ratios.append(ratio)
            shown = f"{rd_s:10.2f}" if rd_s is not None else f">{args.rdflib_timeout:9.0f}"
            bound = ">" if rd_s is None else " "
            print(
                f"{query.name:16} {full_s * 1000:9.1f} {full_rows:7} | {ox_s * 1000:12.1f} {shown} {bound}{ratio:8.0f}x"
            )
            sys.stdout.flush()
    print(
        f"queries={len(ratios)} subset_triples={size} min_ratio={min(ratios):.0f} "
        f"median_ms_full={statistics.median(fulls):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
