"""CORS preflight: what a browser asks before a cross-origin request that is not "simple" (a POST of a SPARQL
query body, or a request carrying headers such as `X-Requested-With` or `Cache-Control`).

Everything here is public and read-only, and no credentials are accepted (`Access-Control-Allow-Origin: *`), so any
header a client wants to send is harmless: the headers the browser names in `Access-Control-Request-Headers` are
allowed back, as long as they are well-formed header names. The methods are those the path answers."""

from __future__ import annotations

import re

from .web import Request, Response

_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP field name (RFC 9110 §5.1)
COMMON_HEADERS = "Accept, Accept-Language, Content-Type, Cache-Control, X-Requested-With"


def allowed_headers(requested: str | None) -> str:
    """The requested header names that are well-formed tokens, or the usual ones when none is requested."""
    names = [name.strip() for name in (requested or "").split(",") if _TOKEN.match(name.strip())]
    return ", ".join(dict.fromkeys(names)) if names else COMMON_HEADERS


def preflight(request: Request) -> Response:
    methods = "GET, HEAD, POST, OPTIONS" if request.path == "/sparql" else "GET, HEAD, OPTIONS"
    return Response(204, b"", "text/plain", [
        ("Access-Control-Allow-Methods", methods),
        ("Access-Control-Allow-Headers", allowed_headers(request.header("Access-Control-Request-Headers"))),
        ("Access-Control-Max-Age", "86400"), ("Allow", methods),
        ("Vary", "Access-Control-Request-Headers")])
