"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only, bounded in time, memory, rows, bytes, nesting and
request size.

- `GET /sparql?query=…` and `POST /sparql` with `query=` form-encoded or an `application/sparql-query` body;
  `default-graph-uri` and `named-graph-uri` select the dataset. Without them the default graph is the union of
  every named graph (each source document is one), so plain triple patterns find everything.
- Results by Accept: SPARQL JSON, XML, CSV, TSV for SELECT and ASK; Turtle, JSON-LD, N-Triples, RDF/XML for
  CONSTRUCT and DESCRIBE; a page for a browser (a client that names text/html). `format=` (or `output=`) overrides
  Accept, for forms, links and clients such as SPARQLWrapper: the values other stores accept (json, xml, csv, tsv,
  turtle, n3, json-ld, rdf+xml, html, media types …, see `diplograph.formats`), each answered in the format of its
  kind that fits the query form (`xml`: SPARQL XML for SELECT, RDF/XML for CONSTRUCT); one that fits none is 406
  with a message naming the query form and the formats that fit.
- Federation is not: SERVICE is refused (400), and the worker processes cannot open a network socket anyway
  (`sandbox`). `FROM` / `FROM NAMED` in a query are honoured; without them the default graph is the union.
- Updates are refused (403): an `update=` parameter, an `application/sparql-update` body, or a query that is an
  update operation.
- Without a query: the SPARQL 1.1 Service Description (RDF), or a query form for a browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox

from ..formats import FORMAT_PARAMETER, parameter_media_type
from .describe import DESCRIPTION_OFFERS, HTML, MEDIA_TYPE_ALIASES, RDF_BY_MEDIA_TYPE, serialize
from .negotiate import choose, names_html
from .querycheck import nesting_depth
from .render import Site
from .results import Job, Reply
from .sparql_page import page_response, query_form
from .web import LengthRequired, Request, RequestTooLarge, Response, text_response
from .workers import PoolBusy, QueryPool, QueryTimeout, WorkerDied

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# The first keyword after the prologue (BASE/PREFIX declarations and comments) names the operation.
_COMMENT = re.compile(r"#[^\n\r]*")
_PROLOGUE = re.compile(r"^\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*", re.I)
_UPDATE_START = re.compile(r"^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query (comments stripped naively: a '#' inside
    an IRI or string of the prologue is rare enough, and the parser rejects what slips through anyway)."""
    body = _PROLOGUE.sub("", _COMMENT.sub(" ", text), count=1)
    return bool(_UPDATE_START.match(body.lstrip()))


@dataclass
class Limits:
    """Every bound the server puts on a request; `diplograph serve` has an option for each (docs/SECURITY.md)."""

    timeout: float = 10.0              # seconds a query or page may run before its worker is killed
    max_rows: int = 10_000             # solutions (or triples) returned at most
    max_request: int = 256 * 1024      # bytes of request body (and of query string)
    max_bytes: int = 32 * 1024 * 1024  # bytes of one answer (results cut, pages refused beyond it); 0: none
    max_memory: int = 4 << 30          # bytes of address space per worker process; 0: none
    max_nesting: int = 100             # brackets nested in a query, checked before any parser sees it
    max_connections: int = 256         # connections served at once; more are answered 503 and closed
    header_timeout: float = 10.0       # seconds a client has to send its request line and headers


class SparqlEndpoint:
    def __init__(self, pool: QueryPool, limits: Limits, named_graphs: list[str], site: Site) -> None:
        self.pool = pool
        self.limits = limits
        self.named_graphs = named_graphs
        self.site = site  # links dataset IRIs on result pages to this server

    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return text_response(405, "The SPARQL endpoint takes GET and POST.").header(
                "Allow", "GET, HEAD, POST, OPTIONS")
        if len(request.query_string) > self.limits.max_request:
            return text_response(414, f"The query string is longer than {self.limits.max_request} bytes; "
                                      "send long queries by POST.")
        params = request.params
        if request.method == "POST":
            try:
                body = request.body()
            except RequestTooLarge:
                return text_response(413, f"The request body is larger than {self.limits.max_request} bytes.")
            except LengthRequired:
                return text_response(411, "Send a Content-Length with the request body.")
            kind = request.content_type
            if kind == "application/sparql-update":
                return _read_only()
            if kind == "application/x-www-form-urlencoded":
                for name, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            elif kind == "application/sparql-query":
                if "query" in params:
                    return text_response(400, "Give the query either in the body or as query=, not both.")
                params["query"] = [body.decode("utf-8", "replace")]
            else:
                return text_response(415, "POST a query as application/x-www-form-urlencoded (query=…) or as "
                                          "application/sparql-query.")
        if "update" in params:
            return _read_only()
        queries = params.get("query", [])
        if len(queries) > 1:
            return text_response(400, "Give exactly one query= parameter.")
        if not queries:
            return self.describe_service(request)
        query = queries[0]
        if is_update(query):
            return _read_only()
        if nesting_depth(query, self.limits.max_nesting) > self.limits.max_nesting:
            return text_response(400, f"The query nests brackets more than {self.limits.max_nesting} deep, the limit "
                                      "of this endpoint.")
        for name in ("default-graph-uri", "named-graph-uri"):
            for graph in params.get(name, []):
                try:
                    ox.NamedNode(graph)
                except ValueError:
                    return text_response(400, f"{name}={graph!r} is not an absolute IRI.")
        accept, fmt = request.header("Accept"), None
        # SPARQLWrapper sends format=, output= and results=, some values twice (format=tsv&format=text/tab-separated-
        # values): the first value this endpoint knows wins.
        given = [v for v in params.get("format", []) + params.get("output", []) if v.strip()]
        if given:
            fmt = next((v.strip() for v in given if parameter_media_type(v)), None)
            if fmt is None:
                return text_response(400, f"Unknown format={given[0]!r}; use one of "
                                          f"{', '.join(sorted(v for v in FORMAT_PARAMETER if '/' not in v))} "
                                          "or a media type.")
            accept = parameter_media_type(fmt)
        job = Job(query, accept, self.limits.max_rows, tuple(params.get("default-graph-uri", [])),
                  tuple(params.get("named-graph-uri", [])), self.limits.max_bytes, format=fmt)
        try:
            reply = self.pool.run(job)
        except QueryTimeout:
            return text_response(503, f"The query was stopped after {self.limits.timeout:g} s, the time limit of "
                                      "this endpoint. Narrow it down (more specific patterns, LIMIT) and try again.")
        except PoolBusy:
            return text_response(503, "Every query worker is busy; try again in a moment.",
                                 headers=[("Retry-After", "5")])
        except WorkerDied:
            return text_response(503, f"The query needed more memory than the limit of this endpoint "
                                      f"({self.limits.max_memory >> 20} MiB). Narrow it down and try again.")
        if reply.page or (reply.status in (400, 406) and names_html(request.header("Accept"))):
            return page_response(self._root(request) + "/sparql", self.site, job, reply)
        return _response(reply)

    def _root(self, request: Request) -> str:
        """Where clients reach this server: --public-url when given, else its own address (never the Host header)."""
        return self.site.root(request.base_url())

    def describe_service(self, request: Request) -> Response:
        """The service description for RDF clients; a query form for a browser."""
        chosen = choose(request.header("Accept"), DESCRIPTION_OFFERS)
        if chosen is None:
            return text_response(406, f"Available: {', '.join(DESCRIPTION_OFFERS)}")
        chosen = MEDIA_TYPE_ALIASES.get(chosen, chosen)
        if chosen == HTML:
            form = query_form(self._root(request) + "/sparql")
            return Response(200, form.encode("utf-8")).header("Vary", "Accept")
        output = RDF_BY_MEDIA_TYPE[chosen]
        body = serialize(self.service_description(self._root(request) + "/sparql"), output)
        return Response(200, body, f"{output.media_type}; charset=utf-8").header("Vary", "Accept")

    def service_description(self, endpoint: str) -> list[ox.Triple]:
        def sd(local: str) -> ox.NamedNode:
            return ox.NamedNode(SD + local)

        service = ox.NamedNode(endpoint)
        dataset, default = ox.BlankNode(), ox.BlankNode()
        triples = [
            ox.Triple(service, RDF_TYPE, sd("Service")),
            ox.Triple(service, sd("endpoint"), service),
            ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
            ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
            ox.Triple(service, sd("defaultDataset"), dataset),
            ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
            ox.Triple(dataset, sd("defaultGraph"), default),
            ox.Triple(default, RDF_TYPE, sd("Graph")),
            ox.Triple(service, ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal(
                f"Read-only SPARQL 1.1 endpoint of diplograph. The default graph is the union of all named graphs. "
                f"Queries stop after {self.limits.timeout:g} s; at most {self.limits.max_rows} rows and "
                f"{self.limits.max_bytes} bytes are returned; requests are at most {self.limits.max_request} bytes; "
                "SERVICE is not available.", language="en")),
        ]
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                     "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
            triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)))
        for graph in self.named_graphs:
            named = ox.BlankNode()
            triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
                        ox.Triple(named, sd("name"), ox.NamedNode(graph))]
        return triples


def _read_only() -> Response:
    return text_response(403, "This SPARQL endpoint is read-only: SPARQL Update requests are not accepted.")


def _response(reply: Reply) -> Response:
    return Response(reply.status, reply.body, reply.content_type, [*reply.headers, ("Vary", "Accept")])
