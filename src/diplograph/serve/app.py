"""The WSGI application: routes a request to the SPARQL endpoint, the ontology, the bundle's files, or — for every
other path — the pages and dataset IRIs, which a worker process answers (see `routes` and `workers`).

The server process itself never reads the data: every page, description, search and canned query runs in a pool of
worker processes, under the same deadline, concurrency cap and memory cap as the public's SPARQL queries (but in a
pool of its own, so that neither can starve the other). What it serves itself are files (streamed) and fixed
documents.
"""

from __future__ import annotations

import logging
import mimetypes
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import paths
from ..formats import by_extension
from .cors import preflight
from .describe import DESCRIPTION_OFFERS, EXTENSIONS, HTML, MEDIA_TYPE_ALIASES, RDF_BY_MEDIA_TYPE, serialize
from .files import file_response, safe_name
from .negotiate import choose
from .render import Site, page, page_language, ui
from .routes import EXTENSION_OF, NamedGraphsTask, PageTask, Routes
from .source import DataSource
from .sparql import Limits, SparqlEndpoint
from .web import Request, Response, loggable, text_response
from .workers import PoolBusy, QueryPool, QueryTimeout, WorkerDied, WorkerSettings

log = logging.getLogger("diplograph.serve")

DEFAULT_BASE = "https://w3id.org/diplograph/"
CORS_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers",
     "Content-Location, Location, Vary, Diplograph-Result-Limit, Diplograph-Truncated"),
]
# Pages carry their style inline and no script; nothing may frame them.
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                "script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                                "frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]
# The CGI variables a page needs, all strings: what is sent to a worker with a page request.
PAGE_ENVIRON = ("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
                "HTTP_HOST", "HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "wsgi.url_scheme")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class ServeConfig:
    source: DataSource = field(default_factory=lambda: DataSource(graph=paths.GRAPH))
    base: str = DEFAULT_BASE
    workers: int = 2
    limits: Limits = field(default_factory=Limits)
    ontology_file: Path = paths.ONTOLOGY / "diplograph.ttl"
    ontology_docs: Path = paths.PROJECT_ROOT / "docs" / "ontology"


class App:
    """The WSGI callable: two worker pools (SPARQL, pages), and the files it serves itself."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        limits = config.limits
        folder = config.source.graph
        self.downloads: Path | None = folder.resolve() if folder is not None and folder.is_dir() else None
        settings = WorkerSettings(base=config.base, max_memory=limits.max_memory, max_bytes=limits.max_bytes,
                                  downloads=self.downloads is not None)
        self.pool = QueryPool(config.source, size=config.workers, timeout=limits.timeout, settings=settings)
        self.pages = QueryPool(config.source, size=config.workers, timeout=limits.timeout, settings=settings)
        try:
            self.pool.wait_ready()
            self.pages.wait_ready()
            graphs = self.pages.run(NamedGraphsTask())
        except Exception:
            self.close()
            raise
        if self.pool.sandbox_error:
            log.warning("query workers cannot be kept off the network (%s): queries that cannot be shown free of "
                        "SERVICE are refused", self.pool.sandbox_error)
        self.site = Site(config.base, downloads=self.downloads is not None)
        self.endpoint = SparqlEndpoint(self.pool, limits, graphs, self.site)

    def close(self) -> None:
        self.pool.close()
        self.pages.close()

    # -- WSGI -------------------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ, max_body=self.config.limits.max_request)
        try:
            response = self.route(request)
        except Exception:  # noqa: BLE001 — a bug must not take the server down; the log has the traceback
            log.error("error serving %s %s\n%s", loggable(request.method), loggable(request.path),
                      traceback.format_exc())
            response = text_response(500, "Internal error while serving this request; the server log has details.")
        response.headers.extend(CORS_HEADERS)
        response.headers.extend(SECURITY_HEADERS)
        start_response(response.status_line(), response.wsgi_headers())
        return response.iterable(request.method)

    def route(self, request: Request) -> Response:
        if not request.host_is_valid():
            return text_response(400, "The Host header is not a host name or address (with an optional port).")
        path = request.path
        if request.method == "OPTIONS":
            return preflight(request)
        if path == "/sparql":
            return self.endpoint.handle(request)
        if request.method not in ("GET", "HEAD"):
            return text_response(405, "Only GET and HEAD here (POST goes to /sparql).").header(
                "Allow", "GET, HEAD, OPTIONS")
        if path == "/ontology" or path.startswith(("/ontology.", "/ontology/")):
            return self.ontology(request, path)
        if path.startswith("/graph/"):
            return self.download(request, path.removeprefix("/graph/"))
        return self.page(request)

    def page(self, request: Request, *, not_found: bool = False) -> Response:
        environ = {k: str(request.environ[k]) for k in PAGE_ENVIRON if k in request.environ}
        try:
            return self.pages.run(PageTask(environ, not_found=not_found))
        except QueryTimeout:
            return text_response(503, f"This page took longer than {self.config.limits.timeout:g} s, the time limit "
                                      "of this server; try again later.", headers=[("Retry-After", "30")])
        except PoolBusy:
            return text_response(503, "The server is busy; try again in a moment.", headers=[("Retry-After", "5")])
        except WorkerDied:
            return text_response(503, "This page needed more memory than the server allows (--max-memory).")

    def download(self, request: Request, name: str) -> Response:
        """The bundle's files (the DCAT distributions' download URLs, BASE/graph/FILE), when serving a build folder.
        Only files inside that folder, by their exact relative path; nothing else on disk is reachable."""
        if self.downloads is None or not safe_name(name):
            return self.page(request, not_found=True)
        target = (self.downloads / name).resolve()
        if self.downloads not in target.parents or not target.is_file():
            return self.page(request, not_found=True)
        fmt = by_extension(target.name)
        media_type = fmt.media_type if fmt is not None else "application/octet-stream"
        return file_response(request, target, f"{media_type}; charset=utf-8")

    # -- the ontology ------------------------------------------------------------------------------------------

    @cached_property
    def _ontology_triples(self) -> list[ox.Triple]:
        return [q.triple for q in ox.parse(path=str(self.config.ontology_file), format=ox.RdfFormat.TURTLE)]

    def ontology(self, request: Request, path: str) -> Response:
        """The ontology document: generated HTML documentation for browsers, the OWL file for RDF clients. Its term
        IRIs (`…/ontology#Term`) arrive here without the fragment, which the browser then scrolls to."""
        docs = self.config.ontology_docs
        rest = path.removeprefix("/ontology").lstrip("/")
        extension = None
        if rest and not rest.startswith("."):
            if not safe_name(rest):
                return self.page(request, not_found=True)
            asset = (docs / rest).resolve()
            if docs.resolve() in asset.parents and asset.is_file():
                kind = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
                return file_response(request, asset, kind)
            if rest != "0.1.0":  # the version IRI names the same document
                return self.page(request, not_found=True)
        elif rest.startswith("."):
            extension = rest
            if extension not in EXTENSIONS:
                return self.page(request, not_found=True)
        media_type = EXTENSIONS[extension] if extension else choose(request.header("Accept"), DESCRIPTION_OFFERS)
        if media_type is None:
            return Routes._not_acceptable("/ontology")
        media_type = MEDIA_TYPE_ALIASES.get(media_type, media_type)
        if media_type == HTML:
            index = docs / "index.html"
            if not index.is_file():
                lang = page_language(request.param("lang"), request.header("Accept-Language"))
                body = (f"<h1>{escape(ui('ontology', lang))}</h1><p>The HTML documentation of the ontology has "
                        f"not been generated (<code>{escape(str(index))}</code> is missing). The ontology itself: "
                        '<a href="/ontology.ttl">Turtle</a>.</p>')
                response = Response(404, page(title="Ontology", body=body, lang=lang).encode("utf-8"))
            else:
                response = file_response(request, index, "text/html; charset=utf-8")
        elif media_type == "text/turtle":
            response = file_response(request, self.config.ontology_file, "text/turtle; charset=utf-8")
        else:
            output = RDF_BY_MEDIA_TYPE[media_type]
            response = Response(200, serialize(self._ontology_triples, output), f"{output.media_type}; charset=utf-8")
        if extension is None:
            response.header("Vary", "Accept").header("Content-Location", "/ontology" + EXTENSION_OF[media_type])
        return response
