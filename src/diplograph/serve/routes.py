"""The pages and descriptions that read the data, answered inside a worker process (see `workers`): the home page,
search, the canned queries, VoID, every dataset IRI, and the 404 page with its suggestions.

Dereferencing: the path `/id/person/x` stands for the IRI `{base}id/person/x` (the base prefix replaced by the
server root). A thing's IRI answers 303 See Other to its description document (`/id/person/x.html`, `.ttl`,
`.jsonld`, `.nt` or `.rdf`, chosen by the Accept header); an information resource's IRI answers 200 with the
negotiated representation and `Content-Location` naming it (see `describe` for which is which). A path with an
extension always gives that format. Every negotiated answer carries `Vary: Accept`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyoxigraph as ox

from ..queries import list_queries
from .canned import CannedQueries
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
from .void_page import void_page
from .web import Request, Response, redirect, text_response
from .workers import WorkerContext

EXTENSION_OF = {media_type: ext for ext, media_type in EXTENSIONS.items()}


@dataclass(frozen=True)
class PageTask:
    """A GET or HEAD request for a page, as a worker task: the request's CGI variables (strings only, picklable).
    `not_found` asks for the 404 page of the path whatever it is (the server found nothing there itself)."""

    environ: dict[str, str]
    not_found: bool = False

    def run(self, context: WorkerContext) -> Response:
        routes = context.cache.get("routes")
        if routes is None:
            routes = context.cache["routes"] = Routes(context.store, context.settings.base,
                                                      context.settings.max_bytes, context.settings.downloads)
        request = Request(dict(self.environ))
        response = routes.not_found(request) if self.not_found else routes.handle(request)
        limit = context.settings.max_bytes
        if limit and len(response.body) > limit:
            return text_response(503, f"This answer would be larger than {limit} bytes, the limit of this server "
                                      "(--max-bytes).")
        return response


class Routes:
    def __init__(self, store: ox.Store, base: str, max_bytes: int = 0, downloads: bool = True) -> None:
        self.store = store
        self.site = Site(base, downloads=downloads)
        self.canned = CannedQueries(store, max_bytes)
        self.metadata_graph = base + "id/graph/metadata"

    def context(self, request: Request) -> PageContext:
        return PageContext.make(self.store, self.site, page_language(request.param("lang"),
                                                                     request.header("Accept-Language")))

    def handle(self, request: Request) -> Response:
        path = request.path
        ctx = self.context(request)
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
        return self.dereference(request, ctx, path)

    def not_found(self, request: Request) -> Response:
        return self._not_found(request, self.context(request))

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

    # -- VoID --------------------------------------------------------------------------------------------------

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

    @staticmethod
    def _not_acceptable(path: str) -> Response:
        offers = ", ".join(DESCRIPTION_OFFERS[: 1 + len(RDF_BY_MEDIA_TYPE)])
        return text_response(406, f"None of the formats of {path} is acceptable. Available: {offers}; or add an "
                                  "extension: .html, .ttl, .jsonld, .nt, .rdf").header("Vary", "Accept")


@dataclass(frozen=True)
class NamedGraphsTask:
    """The IRIs of the data's named graphs, for the service description."""

    def run(self, context: WorkerContext) -> list[str]:
        return sorted(g.value for g in context.store.named_graphs() if isinstance(g, ox.NamedNode))
