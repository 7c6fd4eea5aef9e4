"""The command line: parse options, call one library function, map errors to exit codes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__, paths
from .errors import DiplographError

if TYPE_CHECKING:
    from .queries import CannedQuery

DEFAULT_GRAPH = Path("graph")  # a build's output, and what query, load and serve read: in the current folder


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one (tables then wrap their widest cells), else None."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _fail(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    if isinstance(exc, DiplographError):
        click.echo(f"diplograph: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"diplograph: internal error: {exc!r} (run with --debug for a traceback)", err=True)
    sys.exit(3)


@click.group()
@click.version_option(__version__)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """diplograph: official documents on international information security in, a linked-data graph out."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("corpus", type=click.Path(path_type=Path), default=paths.CORPUS)
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True,
              help="Folder to publish into, in the current folder unless a path is given (replaced whole, only when "
                   "the build succeeds, and only if it is new, empty or an earlier build).")
@click.option("--reference", type=click.Path(path_type=Path), default=paths.REFERENCE, help="Reference data folder.")
@click.option("--shapes", type=click.Path(path_type=Path), default=paths.SHAPES, help="SHACL shapes folder.")
@click.option("--base", default="https://w3id.org/diplograph/", show_default=True, help="Base IRI of minted resources.")
@click.option("--keep-going", is_flag=True, help="Skip documents that cannot be read (and exit 2), publish the rest.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes to run documents in (0: one per core).")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="Build cache folder [default: .OUT.cache beside --out]; unchanged documents are taken from it.")
@click.option("--no-cache", is_flag=True, help="Process every document again and keep no cache.")
@click.option("--release", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
              help="Stamp the build with this release date (generation time and version in the metadata).")
@click.option("--column", "columns", multiple=True, metavar="FIELD=NAME",
              help="For a table corpus: the column that holds FIELD (title, lead, date, place, url, text, "
              "supplement_title, supplement) when its name is not recognised (repeatable).")
@click.pass_context
def build(
    ctx: click.Context, corpus: Path, out: Path, reference: Path, shapes: Path, base: str, keep_going: bool,
    workers: int, cache: Path | None, no_cache: bool, release: dt.datetime | None, columns: tuple[str, ...],
) -> None:
    """Build, validate and publish the graph of CORPUS: a folder of .txt documents and saved .html pages, one such
    file, or a table (.csv, .jsonl) with one document per row."""
    from .pipeline import build as run_build
    from .progress import Progress
    from .publish.guard import default_cache

    named = _columns(columns)
    try:
        if cache is None and not no_cache:
            cache = default_cache(out)
        with Progress("building") as progress:
            result = run_build(
                corpus, out, reference=reference, shapes=shapes, base=base, keep_going=keep_going,
                workers=workers or (os.cpu_count() or 1), cache=None if no_cache else cache,
                release=release.replace(tzinfo=dt.UTC) if release else None, progress=progress.update,
                columns=named,
            )
    except Exception as exc:  # noqa: BLE001 — every error becomes a message and an exit code
        _fail(exc, ctx.obj["debug"])
        return
    for warning in result.warnings:
        click.echo(f"diplograph: warning: {warning}", err=True)
    for failure in result.failed:
        click.echo(f"diplograph: skipped: {failure}", err=True)
    reused = f" ({result.cached} unchanged, from the cache)" if result.cached else ""
    click.echo(f"built {len(result.documents)} document(s){reused}, {result.triples} triples, into {out}")
    if result.failed:
        sys.exit(2)


def _columns(given: tuple[str, ...]) -> dict[str, str]:
    named: dict[str, str] = {}
    for item in given:
        fld, sep, column = item.partition("=")
        if not sep or not fld.strip() or not column.strip():
            raise click.BadParameter(f"{item!r}: expected FIELD=NAME, e.g. text=article_body", param_hint="--column")
        named[fld.strip()] = column.strip()
    return named


@cli.command()
@click.argument("name", required=False)
@click.option("--graph", type=click.Path(path_type=Path), default=None,
              help="Build folder or RDF file.  [default: graph]")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--endpoint", default=None, metavar="URL", help="Query this SPARQL endpoint instead of --graph.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Query an embedded store filled by 'diplograph load' instead of --graph.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=None, metavar="N",
              help="Give at most N rows (a page); the cursor of the next page goes to standard error.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, metavar="M",
              help="Skip the first M rows of the answer.")
@click.option("--cursor", default=None, metavar="CURSOR",
              help="Start where the page that printed this cursor ended (faster than --offset for later pages).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="With --endpoint: seconds to wait for the answer.")
@click.option("--retries", type=click.IntRange(min=1), default=3, show_default=True,
              help="With --endpoint: attempts when the network fails or the store answers 5xx (a query that "
                   "runs out of --timeout is not tried again).")
@click.pass_context
def query(
    ctx: click.Context, name: str | None, graph: Path | None, fmt: str, params: tuple[str, ...],
    endpoint: str | None, store_dir: Path | None, limit: int | None, offset: int, cursor: str | None,
    timeout: float, retries: int,
) -> None:
    """Run the canned query NAME (without NAME: list the queries)."""
    from .queries import get_query, list_queries, parameter_values

    try:
        if name is None:
            for q in list_queries():
                extra = "".join(f" [--param {p.name}=<{p.type}>]" for p in q.parameters)
                click.echo(f"{q.name}{extra}\n    {q.title}: {q.description}")
            return
        given: dict[str, list[str]] = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep:
                raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
            given.setdefault(key, []).append(value)
        sources = [opt for opt, value in (("--graph", graph), ("--store", store_dir), ("--endpoint", endpoint))
                   if value is not None]
        if len(sources) > 1:
            raise click.UsageError(f"give one of --graph, --store and --endpoint, not {' and '.join(sources)}")
        if cursor is not None and (offset or limit is None):
            raise click.UsageError("--cursor goes with --limit, and not with --offset")
        q = get_query(name)
        parsed = parameter_values(q, given)
        if endpoint is not None:
            if cursor is not None:
                raise click.UsageError("--cursor is for --graph and --store; with --endpoint give --offset")
            from .queries import render, run_remote_query

            variables, rows = run_remote_query(q, endpoint, parsed, timeout=timeout, attempts=retries,
                                               limit=limit, offset=offset)
            click.echo(render(variables, rows, fmt, width=_terminal_width()), nl=False)
            return
        _query_local(q, parsed, graph, store_dir, fmt, limit, offset, cursor)
    except click.ClickException:
        raise
    except Exception as exc:  # noqa: BLE001
        _fail(exc, ctx.obj["debug"])


def _query_local(q: CannedQuery, parsed: dict[str, str], graph: Path | None, store_dir: Path | None, fmt: str,
                 limit: int | None, offset: int, cursor: str | None) -> None:
    """A canned query on --graph or --store: a page (--limit), or the whole answer written as it is read."""
    from . import paging
    from .queries import open_embedded_store, open_store, render, write_rows

    store = open_embedded_store(store_dir) if store_dir else open_store(graph or DEFAULT_GRAPH)
    if limit is not None:
        page = paging.run_page(q, store, parsed, limit=limit, offset=offset, cursor=cursor)
        click.echo(render(page.variables, page.rows, fmt, width=_terminal_width()), nl=False)
        if page.next is not None:
            click.echo(f"diplograph: next page: --limit {limit} --cursor {page.next}", err=True)
        return
    if fmt == "table":  # a table's column widths need every row
        variables, rows = paging.iter_rows(q, store, parsed)
        listed = list(rows)[offset:]
        click.echo(render(variables, listed, fmt, width=_terminal_width()), nl=False)
        return
    variables, rows = paging.iter_rows(q, store, parsed)
    if offset:
        import itertools

        rows = itertools.islice(rows, offset, None)
    write_rows(sys.stdout, variables, rows, fmt)


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder to write index.html into.  [default: PROJECT_ROOT/docs/ontology]")
@click.option("--ontology", type=click.Path(path_type=Path), default=paths.ONTOLOGY,
              help="Ontology folder (its *.ttl files) or one Turtle file.")
@click.pass_context
def docs(ctx: click.Context, out: Path | None, ontology: Path) -> None:
    """Generate the HTML documentation of the ontology (English and Russian labels and definitions)."""
    from .ontology_docs import DEFAULT_OUT, write_ontology_docs

    try:
        written = write_ontology_docs(out if out is not None else DEFAULT_OUT, ontology)
    except Exception as exc:  # noqa: BLE001
        _fail(exc, ctx.obj["debug"])
        return
    click.echo(f"wrote {written}")


@cli.command()
@click.option("--graph", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True,
              help="Build folder (its diplograph.nq) or one RDF file.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help=f"Embedded Oxigraph store folder [default: {paths.STORE}].")
@click.option("--endpoint", default=None, metavar="URL", help="A remote store's SPARQL query endpoint.")
@click.option("--graph-store", default=None, metavar="URL", help="Its Graph Store protocol endpoint (HTTP PUT).")
@click.option("--update-endpoint", default=None, metavar="URL",
              help="Its SPARQL Update endpoint, used when there is no Graph Store endpoint [default: --endpoint].")
@click.option("--prune", is_flag=True, help="Drop graphs under --base that the input does not have.")
@click.option("--base", default="https://w3id.org/diplograph/", show_default=True,
              help="Only graphs under this IRI are pruned.")
@click.option("--retries", type=click.IntRange(min=1), default=5, show_default=True,
              help="Attempts per request to a remote store (network faults and 5xx are retried).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for each answer from a remote store.")
@click.pass_context
def load(
    ctx: click.Context, graph: Path, store_dir: Path | None, endpoint: str | None, graph_store: str | None,
    update_endpoint: str | None, prune: bool, base: str, retries: int, timeout: float,
) -> None:
    """Load a build into a triple store, replacing each named graph whole (credentials: DIPLOGRAPH_STORE_USER,
    DIPLOGRAPH_STORE_PASSWORD)."""
    from .options import base_iri
    from .store import RetryPolicy, Target, load_graphs, open_target

    def retrying(attempt: int, why: str, wait: float) -> None:
        click.echo(f"diplograph: attempt {attempt} failed ({why}); retrying in {wait:g} s", err=True)

    def target() -> Target:  # opened once the input has been read: a bad --graph creates no store
        return open_target(store=store_dir, endpoint=endpoint, graph_store=graph_store,
                           update_endpoint=update_endpoint, on_retry=retrying,
                           policy=RetryPolicy(attempts=retries, timeout=timeout))

    try:
        prune_under = base_iri(base) if prune else None
        if endpoint is None and (graph_store or update_endpoint):
            target()  # the options' own error, before the input is read
        report = load_graphs(graph, target, prune_under=prune_under)
    except Exception as exc:  # noqa: BLE001
        _fail(exc, ctx.obj["debug"])
        return
    click.echo(report.summary())


@cli.command()
@click.option("--graph", type=click.Path(path_type=Path), default=None,
              help="Build folder or RDF file, loaded into memory.  [default: graph]")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None, is_flag=False,
              flag_value=str(paths.PROJECT_ROOT / "store"),
              help="Serve an on-disk Oxigraph store instead (--store alone: PROJECT_ROOT/store).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option("--base", default="https://w3id.org/diplograph/", show_default=True,
              help="Base IRI of the dataset; its IRIs are served at the same path here.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes per pool (SPARQL, pages): tasks run in parallel up to this many, plus a spare.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a SPARQL query, page or canned query may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) a SPARQL query returns.")
@click.option("--max-bytes", type=click.IntRange(min=0), default=32 << 20, show_default=True,
              help="Most bytes of one answer: query results are cut, larger pages refused (0: no limit).")
@click.option("--max-memory", type=click.IntRange(min=0), default=4096, show_default=True,
              help="MiB of address space per worker process (0: no limit).")
@click.option("--max-nesting", type=click.IntRange(min=1), default=100, show_default=True,
              help="Deepest bracket nesting a SPARQL query may have.")
@click.option("--max-connections", type=click.IntRange(min=1), default=256, show_default=True,
              help="Connections served at once; more are answered 503.")
@click.option("--header-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a client has to send its request line and headers.")
@click.option("--public-url", default=None, metavar="URL",
              help="The server's root as clients reach it (behind a proxy), for the service description and links; "
                   "the Host header is never used.  [default: the address it listens on]")
@click.pass_context
def serve(ctx: click.Context, graph: Path | None, store_dir: Path | None, host: str, port: int, base: str,
          workers: int, timeout: float, max_rows: int, max_bytes: int, max_memory: int, max_nesting: int,
          max_connections: int, header_timeout: float, public_url: str | None) -> None:
    """Serve the graph over HTTP: linked-data pages, a SPARQL endpoint and the canned queries (docs/serving.md)."""
    import logging

    from .options import base_iri
    from .serve import DataSource, Limits, ServeConfig, Server

    if graph is not None and store_dir is not None:
        raise click.UsageError("give either --graph or --store, not both")
    try:
        base = base_iri(base)
        source = DataSource(store=store_dir) if store_dir is not None else DataSource(graph=graph or DEFAULT_GRAPH)
        public = base_iri(public_url, option="--public-url").rstrip("/") if public_url is not None else None
        config = ServeConfig(source=source, base=base, workers=workers, public_url=public,
                             limits=Limits(timeout=timeout, max_rows=max_rows, max_bytes=max_bytes,
                                           max_memory=max_memory << 20, max_nesting=max_nesting,
                                           max_connections=max_connections, header_timeout=header_timeout))
        server = Server(config, host=host, port=port)
    except Exception as exc:  # noqa: BLE001
        _fail(exc, ctx.obj["debug"])
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    click.echo(f"serving {source.describe()} at {server.url}/ (SPARQL at {server.url}/sparql); Ctrl-C stops")
    server.serve_forever()


def main() -> None:
    cli(prog_name="diplograph")


if __name__ == "__main__":
    main()
