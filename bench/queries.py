"""Canned queries at scale: Oxigraph against rdflib on the same data.

    python bench/queries.py --graph BUILD_FOLDER [--subset 1000000] [--repeat 5] [--rdflib-timeout 600]
                            [--queries FOLDER] [--only NAME[,NAME...]] [--same-rows-as FOLDER]

With --store DIR the whole build is the on-disk store DIR (bench/run.py --keep leaves one), which is how a build too
large for memory (100,000 documents) is measured. BUILD_FOLDER is a `diplograph build` output (for example `python bench/run.py --documents 2000 --keep DIR` leaves
DIR/graph). For each canned query it reports the median latency on an in-memory Oxigraph store of the whole build,
and on the first SUBSET quads (whole named graphs) both in Oxigraph and in rdflib — the same query text, the same
parameter values, the rows counted and turned into Python values on both sides — and the ratio rdflib / Oxigraph on
that subset. Oxigraph's stores are filled by diplograph.queries.open_store, as `diplograph query` and `diplograph
serve` fill theirs; its side of a timing is run_query: the query, then each row as a dict of the terms' string
values (None where unbound). rdflib's side is Dataset.query, then each row as a list of the terms' string values
(None where unbound).

How rdflib is measured, so that the comparison is fair to it: the subset is parsed once, in a child process, and
that parse is not timed (Oxigraph's load is not timed either). Each query then runs in a process forked from that
child, so it starts from the same parsed dataset, and a query that exceeds --rdflib-timeout is killed and reported as
a lower bound (`>`) without the parse being lost. Only one rdflib process queries at a time. rdflib runs each query
once (--rdflib-repeat for more; its median is reported); its row count is printed beside Oxigraph's so that a
difference in answers shows.

--queries runs the queries of another folder (for example an older version of queries/); --same-rows-as FOLDER
checks, before timing, that every query gives exactly the same rows in the same order on the whole build as the
query of the same name in FOLDER (exit status 1 if any differs).

--whole-only times only the whole build (no subset, no rdflib): the median latency of each query on a store too
large to be compared with rdflib, whose ratios come from a smaller build's subset.

Last line, machine-readable: `queries=Q subset_triples=T min_ratio=R median_ms_full=M` (min_ratio over the queries
rdflib answered or timed out on).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import multiprocessing.connection
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from diplograph import paths
from diplograph.publish.files import dataset_files
from diplograph.queries import CannedQuery, list_queries, open_store, run_query

DG = "https://w3id.org/diplograph/ontology#"
FORK = multiprocessing.get_context("fork")


def subset(files: list[Path], limit: int, out: Path) -> int:
    """The first `limit` quads of the build's N-Quads files, extended to the end of the named graph they stop in (a
    graph lies whole in one file). For a build in parts the parts come first: diplograph.nq then holds the reference
    and metadata graphs, a million quads of records at 100,000 documents and no document graph."""
    count, last_graph = 0, None
    with out.open("w", encoding="utf-8") as dst:
        for nquads in files[1:] + files[:1]:
            with nquads.open(encoding="utf-8") as src:
                for line in src:
                    graph = line.rsplit(" ", 2)[-2]
                    if count >= limit and graph != last_graph:
                        return count
                    dst.write(line)
                    count += 1
                    last_graph = graph
    return count


def parameters(store: ox.Store, query: CannedQuery) -> dict[str, str]:
    """Realistic values: a date that has office holders, an entity that is mentioned often."""
    values: dict[str, str] = {}
    for p in query.parameters:
        if p.type == "date":
            text = f"SELECT ?d WHERE {{ GRAPH ?g {{ ?h <{DG}attestedOn> ?d }} }} LIMIT 1"
        elif p.type == "iri":
            text = (f"SELECT ?d (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?x <{DG}mentions> ?d }} }}"
                    " GROUP BY ?d ORDER BY DESC(?n) LIMIT 1")
        else:
            continue
        solutions = store.query(text)
        assert isinstance(solutions, ox.QuerySolutions)
        term = next(iter(solutions))["d"]
        assert term is not None
        values[p.name] = term.value
    return values


def oxigraph_median(store: ox.Store, query: CannedQuery, params: dict[str, str], repeat: int) -> tuple[float, int, str]:
    """Median seconds over `repeat` runs, the row count and the rows_digest of the answer."""
    times, digest, rows = [], "", 0
    for _ in range(repeat):
        start = time.perf_counter()
        variables, result = run_query(query, store, params)
        times.append(time.perf_counter() - start)
        rows, digest = len(result), rows_digest([[row[v] for v in variables] for row in result])
    return statistics.median(times), rows, digest


def rows_digest(rows: list[list[str | None]]) -> str:
    """A fingerprint of a result as a multiset of rows, so the two engines' answers can be compared.

    Row order is left out (rdflib orders unbound values differently), and so is the order of the parts of a
    "; "-joined value (GROUP_CONCAT's order is unspecified).
    """
    normal = sorted(
        repr(tuple(v if v is None or "; " not in v else "; ".join(sorted(v.split("; "))) for v in row))
        for row in rows
    )
    return hashlib.sha256("\n".join(normal).encode()).hexdigest()


@dataclass
class RdflibOutcome:
    """One query's result in rdflib: seconds (None when it did not finish), rows, and why it did not finish."""

    seconds: float | None
    rows: int
    failure: str = ""  # "" (answered), "timeout", or the error rdflib raised / how its process died
    digest: str = ""  # rows_digest of its answer


def _rdflib_query(dataset: Any, text: str, bindings: dict[str, tuple[str, str]], conn: Any) -> None:
    """In a process forked from the one holding the parsed dataset: run one query, send (seconds, rows)."""
    import rdflib

    try:
        init = {
            name: rdflib.URIRef(value) if kind == "iri"
            else rdflib.Literal(value, datatype=rdflib.XSD.date if kind == "date" else None)
            for name, (kind, value) in bindings.items()
        }
        start = time.perf_counter()
        result = dataset.query(text, initBindings=init)
        # Rows as plain values, as run_query gives them for Oxigraph.
        rows = [[None if term is None else str(term) for term in row] for row in result]
        seconds = time.perf_counter() - start
        conn.send(("ok", seconds, len(rows), rows_digest(rows)))
    except Exception as exc:  # noqa: BLE001 - any rdflib failure is a result to report, not a crash
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200], 0, ""))


def _rdflib_server(path: str, conn: Any) -> None:
    """Parse the subset once, then answer (text, bindings, timeout) requests one at a time until told to stop."""
    import rdflib

    start = time.perf_counter()
    dataset = rdflib.Dataset()
    dataset.parse(path, format="nquads")
    parse_seconds = time.perf_counter() - start
    # Warm up: the first query in a process builds rdflib's SPARQL grammar, a one-off cost no query should carry.
    dataset.query("ASK { ?s ?p ?o }")
    conn.send((parse_seconds, sum(len(graph) for graph in dataset.graphs())))
    while True:
        try:
            request = conn.recv()
        except EOFError:  # the benchmark has gone
            return
        if request is None:
            return
        text, bindings, timeout = request
        parent, child = FORK.Pipe(duplex=False)
        proc = FORK.Process(target=_rdflib_query, args=(dataset, text, bindings, child))
        proc.start()
        child.close()
        answered = parent.poll(timeout)
        if answered:
            try:
                status, seconds, rows, digest = parent.recv()
            except EOFError:
                status, seconds, rows, digest = "error", "the query process died", 0, ""
        proc.kill()
        proc.join()
        if not answered:
            conn.send(RdflibOutcome(None, -1, "timeout"))
        elif status == "ok":
            conn.send(RdflibOutcome(seconds, rows, digest=digest))
        else:
            conn.send(RdflibOutcome(None, -1, str(seconds)))
        parent.close()


class Rdflib:
    """A child process holding the parsed subset in rdflib; each query runs in a fork of it."""

    def __init__(self, path: Path) -> None:
        self.conn, child = FORK.Pipe()
        self.proc = FORK.Process(target=_rdflib_server, args=(str(path), child))
        self.proc.start()
        child.close()
        self.parse_seconds, self.quads = self.conn.recv()

    def run(self, query: CannedQuery, params: dict[str, str], timeout: float) -> RdflibOutcome:
        bindings = {p.name: (p.type, params[p.name]) for p in query.parameters if p.name in params}
        self.conn.send((query.text, bindings, timeout))
        try:
            outcome: RdflibOutcome = self.conn.recv()
        except EOFError:
            return RdflibOutcome(None, -1, f"the rdflib process died (exit code {self.proc.exitcode})")
        return outcome

    def close(self) -> None:
        if self.proc.is_alive():
            self.conn.send(None)
        self.proc.join(30)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def rdflib_median(rdflib: Rdflib, query: CannedQuery, params: dict[str, str], timeout: float,
                  repeat: int) -> RdflibOutcome:
    outcomes = []
    for _ in range(repeat):
        outcome = rdflib.run(query, params, timeout)
        if outcome.seconds is None:
            return outcome
        outcomes.append(outcome)
    seconds = statistics.median(o.seconds for o in outcomes if o.seconds is not None)
    return RdflibOutcome(seconds, outcomes[0].rows, digest=outcomes[0].digest)


def differing_queries(store: ox.Store, queries: list[CannedQuery], reference: Path) -> list[str]:
    """The queries whose rows on `store` differ (in value or order) from those of the same-named query in `reference`.

    This is the check every rewrite of a canned query for speed must pass: the same answer, row for row.
    """
    differing = []
    for query in queries:
        old_path = reference / f"{query.name}.rq"
        if not old_path.exists():
            print(f"same rows: {query.name}: no {old_path}, not compared")
            continue
        old = CannedQuery(query.name, query.title, query.description, old_path.read_text(encoding="utf-8"),
                          query.parameters)
        # With the benchmark's parameter values and, for a query that takes parameters, without them (all rows).
        for params in [parameters(store, query)] + ([{}] if query.parameters else []):
            new_vars, new_rows = run_query(query, store, params)
            old_vars, old_rows = run_query(old, store, params)
            same = (new_vars, new_rows) == (old_vars, old_rows)
            print(f"same rows: {query.name:16} {len(new_rows):7} rows {params or ''} {'same' if same else 'DIFFERENT'}")
            if not same:
                differing.append(query.name)
    return differing


def time_queries(queries: list[CannedQuery], full: ox.Store, part: ox.Store, rdflib: Rdflib,
                 args: argparse.Namespace) -> tuple[list[tuple[str, ...]], list[float], list[float]]:
    """Time every query; print one line each as it finishes. Returns the table rows, the ratios and the whole-build
    medians (ms)."""
    print(f"{'query':16} {'full ms':>9} {'rows':>7} | {'subset ox ms':>12} {'rows':>6} | {'rdflib s':>10} "
          f"{'rows':>6} | {'ratio':>7}")
    table: list[tuple[str, ...]] = []
    ratios: list[float] = []
    fulls: list[float] = []
    for query in queries:
        params = parameters(part, query)
        full_s, full_rows, _ = oxigraph_median(full, query, params, args.repeat)
        ox_s, ox_rows, ox_digest = oxigraph_median(part, query, params, args.repeat)
        outcome = rdflib_median(rdflib, query, params, args.rdflib_timeout, args.rdflib_repeat)
        fulls.append(full_s * 1000)
        if outcome.failure and outcome.failure != "timeout":
            rd_text, rd_rows, ratio_text = f"rdflib fails: {outcome.failure}", "—", "—"
        else:
            lower_bound = outcome.seconds is None
            rd_s = args.rdflib_timeout if outcome.seconds is None else outcome.seconds
            ratio = rd_s / max(ox_s, 1e-6)
            ratios.append(ratio)
            rd_text = f"> {rd_s:.0f}" if lower_bound else f"{rd_s:.2f}"
            ratio_text = f"{'> ' if lower_bound else ''}{ratio:.0f}×"
            rd_rows = "—" if lower_bound else str(outcome.rows)
            if not lower_bound and outcome.digest != ox_digest:
                rd_rows += " (other rows!)"
        table.append((query.name, f"{full_s * 1000:.1f}", str(full_rows), f"{ox_s * 1000:.1f}", str(ox_rows),
                      rd_text, rd_rows, ratio_text))
        print(f"{query.name:16} {full_s * 1000:9.1f} {full_rows:7} | {ox_s * 1000:12.1f} {ox_rows:6} | "
              f"{rd_text:>10} {rd_rows:>6} | {ratio_text:>7}", flush=True)
    return table, ratios, fulls


def time_whole(queries: list[CannedQuery], full: ox.Store, repeat: int) -> int:
    """The median latency of each query on the whole build, with the parameters picked from the whole build."""
    print(f"whole build: {len(full):,} quads; median of {repeat} runs")
    print("| query | parameters | median (s) | fastest (s) | slowest (s) | rows |")
    print("|---|---|---|---|---|---|")
    medians = []
    for query in queries:
        params = parameters(full, query)
        times, rows = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            _, result = run_query(query, full, params)
            times.append(time.perf_counter() - start)
            rows = len(result)
        medians.append(statistics.median(times) * 1000)
        shown = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in params.items()) or "—"
        print(f"| {query.name} | {shown} | {statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f} | "
              f"{rows:,} |", flush=True)
    print()
    print(f"queries={len(medians)} median_ms_full={statistics.median(medians) if medians else 0:.1f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--subset", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=600.0)
    parser.add_argument("--rdflib-repeat", type=int, default=1)
    parser.add_argument("--queries", type=Path, default=paths.QUERIES, help="folder of .rq files")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this query (repeat it, or give several names separated by commas)")
    parser.add_argument("--same-rows-as", type=Path, metavar="FOLDER")
    parser.add_argument("--store", type=Path, metavar="DIR",
                        help="time the whole build on this on-disk Oxigraph store (bench/run.py --keep DIR leaves "
                        "DIR/store) instead of loading it into memory: the way to measure a 100,000-document build")
    parser.add_argument("--whole-only", action="store_true",
                        help="time the queries on the whole build only, without the subset and rdflib")
    args = parser.parse_args(argv)

    only = {name for names in args.only for name in names.split(",") if name}
    queries = [q for q in list_queries(args.queries) if not only or q.name in only]
    if only - {q.name for q in queries}:
        parser.error(f"no query named {', '.join(sorted(only - {q.name for q in queries}))} in {args.queries}")
    files = dataset_files(args.graph)  # diplograph.nq and, for a build published in parts, parts/*.nq
    if args.store is not None:
        full = ox.Store.read_only(str(args.store))
    else:  # loaded as `diplograph query` and `diplograph serve` load a build, so the timings are theirs
        full = open_store(args.graph)
    if args.same_rows_as is not None and differing_queries(full, queries, args.same_rows_as):
        return 1
    if args.whole_only:
        return time_whole(queries, full, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        part_path = Path(tmp) / "subset.nq"
        size = subset(files, args.subset, part_path)
        part = open_store(part_path)
        rdflib = Rdflib(part_path)
        try:  # the rdflib process is not a daemon (it forks one process per query), so it is always stopped here
            print(f"whole build: {len(full):,} quads; subset: {size:,} quads "
                  f"(rdflib parsed it in {rdflib.parse_seconds:.0f} s: {rdflib.quads:,} quads)")
            table, ratios, fulls = time_queries(queries, full, part, rdflib, args)
        finally:
            rdflib.close()
    print()
    print("| query | Oxigraph, whole build (ms) | rows | Oxigraph, subset (ms) | rows | rdflib, subset (s) | rows | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    print()
    print(
        f"queries={len(ratios)} subset_triples={size} min_ratio={min(ratios, default=0):.0f} "
        f"median_ms_full={statistics.median(fulls) if fulls else 0:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
