"""A request and a response over WSGI, with nothing beyond the standard library: the few things every handler
needs (query parameters, a size-bounded body, absolute URLs) and no more."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs
from wsgiref.util import application_uri

# A Host header as RFC 9110 allows it: a registered name or IPv4 address, or an IPv6 literal, and a port.
_HOST = re.compile(r"^(?:[A-Za-z0-9._~!$&'()*+,;=%-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\]")


def loggable(value: object) -> str:
    """`value` for one line of a log: control characters (CR, LF, ANSI escapes), bidi controls and backslashes
    written as escapes, so that a request cannot forge or disguise a line of the server log."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii") if m.group() != "\\"
                            else "\\\\", str(value))


class RequestTooLarge(Exception):
    """The request body is larger than the server accepts."""


class LengthRequired(Exception):
    """A request with a body but no Content-Length."""


@dataclass
class Request:
    environ: dict[str, Any]
    max_body: int = 1 << 20

    @property
    def method(self) -> str:
        return str(self.environ.get("REQUEST_METHOD", "GET")).upper()

    @property
    def path(self) -> str:
        # PATH_INFO arrives as latin-1-decoded bytes (PEP 3333); IRIs in it are UTF-8.
        raw = str(self.environ.get("PATH_INFO", "/")) or "/"
        try:
            return raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return raw

    @property
    def query_string(self) -> str:
        return str(self.environ.get("QUERY_STRING", ""))

    @property
    def params(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        key = name.upper().replace("-", "_")
        value = self.environ.get(key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}")
        return None if value in (None, "") else str(value)

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def body(self) -> bytes:
        """The request body, refused before reading when it is larger than `max_body`."""
        length_header = self.header("Content-Length")
        if length_header is None:
            if self.header("Transfer-Encoding"):
                raise LengthRequired
            return b""
        try:
            length = int(length_header)
        except ValueError:
            raise LengthRequired from None
        if length > self.max_body:
            raise RequestTooLarge
        return bytes(self.environ["wsgi.input"].read(length)) if length > 0 else b""

    def host_is_valid(self) -> bool:
        host = self.environ.get("HTTP_HOST")
        return host is None or bool(_HOST.match(str(host)))

    def base_url(self) -> str:
        """The server root as the server itself knows it (its own address and port), without a trailing slash.

        The Host header is never used: whatever a client sends there would otherwise be written into the service
        description, pages and links that caches and other clients keep. A server behind a proxy names its public
        root with `serve --public-url`."""
        environ = {k: v for k, v in self.environ.items() if k != "HTTP_HOST"}
        return application_uri(environ).rstrip("/")


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: Iterable[bytes] | None = field(default=None, repr=False)  # sent instead of `body` (files)
    length: int | None = None  # the stream's length in bytes

    def header(self, name: str, value: str) -> Response:
        """Add a header; several Vary values are merged into one header, as caches read them."""
        if name.lower() == "vary":
            for i, (existing, old) in enumerate(self.headers):
                if existing.lower() == "vary":
                    merged = [v.strip() for v in old.split(",")]
                    merged += [v.strip() for v in value.split(",") if v.strip() not in merged]
                    self.headers[i] = (existing, ", ".join(merged))
                    return self
        self.headers.append((name, value))
        return self

    def status_line(self) -> str:
        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return f"{self.status} Unknown"

    def wsgi_headers(self) -> list[tuple[str, str]]:
        length = len(self.body) if self.stream is None else self.length
        return [("Content-Type", self.content_type), ("Content-Length", str(length)), *self.headers]

    def iterable(self, method: str) -> Iterable[bytes]:
        if method == "HEAD":
            close = getattr(self.stream, "close", None)
            if close is not None:
                close()
            return []
        return [self.body] if self.stream is None else self.stream


def text_response(status: int, message: str, *, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers or [])


def redirect(status: int, location: str, *, vary: bool = False) -> Response:
    response = text_response(status, f"See {location}").header("Location", location)
    if vary:
        response.header("Vary", "Accept")
    return response
