"""The WSGI application: routes a request to the SPARQL endpoint, the canned queries, the ontology, the VoID
description, the site pages, or — for every other path — the dataset IRI that path stands for.

Dereferencing: the path `/id/person/x` stands for the IRI `{base}id/person/x` (the base prefix replaced by the
server root). A thing's IRI answers 303 See Other to its description document (`/id/person/x.html`, `.ttl`,
`.jsonld`, `.nt` or `.rdf`, chosen by the Accept header); an information resource's IRI answers 200 with the
negotiated representation and `Content-Location` naming it (see `describe` for which is which). A path with an
extension always gives that format. Every negotiated answer carries `Vary: Accept`.
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
from ..queries import list_queries
from .canned import CannedQueries
from .cors import preflight
from .describe import (
    DESCRIPTION_OFFERS,
    EXTENSIONS,
    HTML,
    MEDIA_TYPE_ALIASES,
    RDF_BY_MEDIA_TYPE,
    description,
    exists,
    graph_triples,
    is_information_resource,
    serialize,
    types_of,
)
from .negotiate import choose, prefers_html
from .pagekit import PageContext
from .pages import home_page, not_found_page, resource_page, search_page
from .render import Site, page, page_language, ui
from .source import DataSource
from .sparql import Limits, SparqlEndpoint
from .void_page import void_page
from .web import Request, Response, redirect, text_response
from .workers import QueryPool

log = logging.getLogger("diplograph.serve")

DEFAULT_BASE = "https://w3id.org/diplograph/"
CORS_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers",
     "Content-Location, Location, Vary, Diplograph-Result-Limit, Diplograph-Truncated"),
]
EXTENSION_OF = {media_type: ext for ext, media_type in EXTENSIONS.items()}
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
    """The WSGI callable. Holds the store (read by page and description handlers, which are quick and fixed) and
    the worker pool (which runs the public's SPARQL queries, which may be neither)."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        folder = config.source.graph
        self.downloads: Path | None = folder.resolve() if folder is not None and folder.is_dir() else None
        self.site = Site(config.base, downloads=self.downloads is not None)
        self.store: ox.Store = config.source.open()
        self.pool = QueryPool(config.source, size=config.workers, timeout=config.limits.timeout)
        self.pool.wait_ready()
        graphs = sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))
        self.endpoint = SparqlEndpoint(self.pool, config.limits, graphs, self.site)
        self.canned = CannedQueries(self.store)
        self.metadata_graph = config.base + "id/graph/metadata"

    def close(self) -> None:
        self.pool.close()

    # -- WSGI -------------------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ, max_body=self.config.limits.max_request)
        try:
            response = self.route(request)
        except Exception:  # noqa: BLE001 — a bug must not take the server down; the log has the traceback
            log.error("error serving %s %s\n%s", request.method, request.path, traceback.format_exc())
            response = text_response(500, "Internal error while serving this request; the server log has details.")
        response.headers.extend(CORS_HEADERS)
        start_response(response.status_line(), response.wsgi_headers())
        return response.iterable(request.method)

    def route(self, request: Request) -> Response:
        path = request.path
        if request.method == "OPTIONS":
            return preflight(request)
        if path == "/sparql":
            return self.endpoint.handle(request)
        if request.method not in ("GET", "HEAD"):
            return text_response(405, "Only GET and HEAD here (POST goes to /sparql).").header(
                "Allow", "GET, HEAD, OPTIONS")
        ctx = PageContext.make(self.store, self.site, page_language(request.param("lang"),
                                                                    request.header("Accept-Language")))
        if path == "/":
            title, body = home_page(ctx, list_queries(), has_void=self._has_void)
            return self._html(ctx, title, body)
        if path == "/search":
            title, body = search_page(ctx, request.param("q") or "")
            return self._html(ctx, title, body)
        if path in ("/queries", "/queries.json"):
            return self.canned.index(ctx, as_json=path.endswith(".json"))
        if path.startswith("/queries/"):
            name, _, ext = path.removeprefix("/queries/").partition(".")
            if ext not in ("", "html", "csv", "json"):
                return self._not_found(request, ctx)
            return self.canned.run(ctx, name, ext or "html", request.params)
        if path.startswith("/.well-known/void"):
            return self.void(request, ctx, path.removeprefix("/.well-known/void"))
        if path == "/ontology" or path.startswith(("/ontology.", "/ontology/")):
            return self.ontology(request, ctx, path)
        if path.startswith("/graph/"):
            return self.download(request, ctx, path.removeprefix("/graph/"))
        return self.dereference(request, ctx, path)

    def download(self, request: Request, ctx: PageContext, name: str) -> Response:
        """The bundle's files (the DCAT distributions' download URLs, BASE/graph/FILE), when serving a build folder.
        Only files inside that folder, by their exact relative path; nothing else on disk is reachable."""
        if self.downloads is None:
            return self._not_found(request, ctx)
        target = (self.downloads / name).resolve()
        if not name or self.downloads not in target.parents or not target.is_file():
            return self._not_found(request, ctx)
        fmt = by_extension(target.name)
        media_type = fmt.media_type if fmt is not None else "application/octet-stream"
        return Response(200, target.read_bytes(), f"{media_type}; charset=utf-8")

    # -- dataset IRIs ------------------------------------------------------------------------------------------

    def dereference(self, request: Request, ctx: PageContext, path: str) -> Response:
        iri, extension = self.site.iri(path), None
        try:
            ox.NamedNode(iri)
        except ValueError:  # a path no IRI of the dataset can have (quotes, spaces, angle brackets …)
            return self._not_found(request, ctx)
        if not exists(self.store, iri):
            stem, dot, ext = path.rpartition(".")
            if dot and f".{ext}" in EXTENSIONS and "/" not in ext and exists(self.store, self.site.iri(stem)):
                iri, extension, path = self.site.iri(stem), f".{ext}", stem
            else:
                return self._not_found(request, ctx)
        types = types_of(self.store, iri)
        if extension is not None:
            return self.representation(ctx, iri, types, EXTENSIONS[extension], path)
        chosen = choose(request.header("Accept"), DESCRIPTION_OFFERS)
        if chosen is None:
            return self._not_acceptable(path)
        media_type = MEDIA_TYPE_ALIASES.get(chosen, chosen)
        document = path + EXTENSION_OF[media_type]
        if not is_information_resource(types):
            query = f"?{request.query_string}" if request.query_string else ""
            return redirect(303, document + query, vary=True)
        response = self.representation(ctx, iri, types, media_type, path)
        return response.header("Content-Location", document).header("Vary", "Accept")

    def representation(self, ctx: PageContext, iri: str, types: set[str], media_type: str, path: str) -> Response:
        # A named graph's IRI (other than a document's, which names the document) stands for the graph: its RDF is
        # the graph's triples, as the Graph Store Protocol's direct identification has it; its page shows what the
        # dataset says about the graph (its size, the dataset it belongs to) and links to the triples.
        pure_graph = self.store.contains_named_graph(ox.NamedNode(iri)) and not is_information_resource(types)
        if media_type == HTML:
            title, body = resource_page(ctx, iri, types)
            if pure_graph:
                body = (f'<p class="notice">A named graph of the dataset; its triples: '
                        f'<a href="{escape(path)}.ttl">Turtle</a> · <a href="{escape(path)}.nt">N-Triples</a> · '
                        f'<a href="{escape(path)}.jsonld">JSON-LD</a> · <a href="{escape(path)}.rdf">RDF/XML</a>. '
                        "What the dataset says about it:</p>" + body)
            alternates = {mt: path + EXTENSION_OF[mt] for mt in RDF_BY_MEDIA_TYPE}
            return self._html(ctx, title, body, iri=iri, alternates=alternates)
        output = RDF_BY_MEDIA_TYPE[media_type]
        triples = graph_triples(self.store, iri) if pure_graph else description(self.store, iri)
        return Response(200, serialize(triples, output), f"{output.media_type}; charset=utf-8")

    # -- VoID and the ontology ---------------------------------------------------------------------------------

    @property
    def _has_void(self) -> bool:
        return self.store.contains_named_graph(ox.NamedNode(self.metadata_graph))

    def void(self, request: Request, ctx: PageContext, suffix: str) -> Response:
        if suffix and suffix not in EXTENSIONS:
            return self._not_found(request, ctx)
        if not self._has_void:
            message = (f"This dataset has no VoID description: its named graph <{self.metadata_graph}> is absent. "
                       "Builds by a diplograph that writes dataset metadata have it; rebuild and restart the server.")
            if prefers_html(request.header("Accept")):
                body = (f'<h1>{escape(ui("not_found", ctx.lang))}</h1><p>{escape(message)}</p>'
                        '<p><a href="/">Home</a></p>')
                return self._html(ctx, "VoID", body, status=404)
            return text_response(404, message)
        media_type = EXTENSIONS[suffix] if suffix else choose(request.header("Accept"), DESCRIPTION_OFFERS)
        if media_type is None:
            return self._not_acceptable("/.well-known/void")
        media_type = MEDIA_TYPE_ALIASES.get(media_type, media_type)
        triples = graph_triples(self.store, self.metadata_graph)
        if media_type == HTML:
            title, body = void_page(ctx, triples)
            alternates = {mt: "/.well-known/void" + EXTENSION_OF[mt] for mt in RDF_BY_MEDIA_TYPE}
            response = self._html(ctx, title, body, iri=self.metadata_graph, alternates=alternates)
        else:
            output = RDF_BY_MEDIA_TYPE[media_type]
            response = Response(200, serialize(triples, output), f"{output.media_type}; charset=utf-8")
        return response.header("Vary", "Accept") if not suffix else response

    @cached_property
    def _ontology_triples(self) -> list[ox.Triple]:
        return [q.triple for q in ox.parse(path=str(self.config.ontology_file), format=ox.RdfFormat.TURTLE)]

    def ontology(self, request: Request, ctx: PageContext, path: str) -> Response:
        """The ontology document: generated HTML documentation for browsers, the OWL file for RDF clients. Its term
        IRIs (`…/ontology#Term`) arrive here without the fragment, which the browser then scrolls to."""
        docs = self.config.ontology_docs
        rest = path.removeprefix("/ontology").lstrip("/")
        extension = None
        if rest and not rest.startswith("."):
            asset = (docs / rest).resolve()
            if docs.resolve() in asset.parents and asset.is_file():
                kind = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
                return Response(200, asset.read_bytes(), kind)
            if rest != "0.1.0":  # the version IRI names the same document
                return self._not_found(request, ctx)
        elif rest.startswith("."):
            extension = rest
            if extension not in EXTENSIONS:
                return self._not_found(request, ctx)
        media_type = EXTENSIONS[extension] if extension else choose(request.header("Accept"), DESCRIPTION_OFFERS)
        if media_type is None:
            return self._not_acceptable("/ontology")
        media_type = MEDIA_TYPE_ALIASES.get(media_type, media_type)
        if media_type == HTML:
            index = docs / "index.html"
            if not index.is_file():
                body = (f"<h1>{escape(ui('ontology', ctx.lang))}</h1><p>The HTML documentation of the ontology has "
                        f"not been generated (<code>{escape(str(index))}</code> is missing). The ontology itself: "
                        '<a href="/ontology.ttl">Turtle</a>.</p>')
                response = self._html(ctx, "Ontology", body, status=404)
            else:
                response = Response(200, index.read_bytes(), "text/html; charset=utf-8")
        elif media_type == "text/turtle":
            response = Response(200, self.config.ontology_file.read_bytes(), "text/turtle; charset=utf-8")
        else:
            output = RDF_BY_MEDIA_TYPE[media_type]
            response = Response(200, serialize(self._ontology_triples, output), f"{output.media_type}; charset=utf-8")
        if extension is None:
            response.header("Vary", "Accept").header("Content-Location", "/ontology" + EXTENSION_OF[media_type])
        return response

    # -- helpers -----------------------------------------------------------------------------------------------

    def _html(self, ctx: PageContext, title: str, body: str, *, status: int = 200, iri: str | None = None,
              alternates: dict[str, str] | None = None) -> Response:
        html = page(title=title, body=body, lang=ctx.lang, iri=iri, alternates=alternates)
        return Response(status, html.encode("utf-8")).header("Vary", "Accept-Language")

    def _not_found(self, request: Request, ctx: PageContext) -> Response:
        iri = self.site.iri(request.path)
        if prefers_html(request.header("Accept")):
            title, body = not_found_page(ctx, iri, request.path)
            return self._html(ctx, title, body, status=404)
        return text_response(404, f"Nothing is known about <{iri}> (path {request.path}). "
                                  "Search the dataset at /search?q=WORDS or start at /.")

    def _not_acceptable(self, path: str) -> Response:
        offers = ", ".join(DESCRIPTION_OFFERS[: 1 + len(RDF_BY_MEDIA_TYPE)])
        return text_response(406, f"None of the formats of {path} is acceptable. Available: {offers}; or add an "
                                  "extension: .html, .ttl, .jsonld, .nt, .rdf").header("Vary", "Accept")
