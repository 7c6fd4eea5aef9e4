"""Files sent from disk as they are read, never whole in memory: the bundle's downloads (`/graph/FILE`) and the
ontology's documentation. With `ETag` and `Last-Modified` (and 304 for a client that has the file already) and
single byte ranges (`Range: bytes=…`, 206; 416 for a range outside the file)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from .web import Request, Response, text_response

CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                return
            length -= len(data)
            yield data


def _not_modified(request: Request, etag: str, mtime: int) -> bool:
    match = request.header("If-None-Match")
    if match is not None:
        return match.strip() == "*" or etag in [tag.strip().removeprefix("W/") for tag in match.split(",")]
    since = request.header("If-Modified-Since")
    if since is None:
        return False
    try:
        return mtime <= int(parsedate_to_datetime(since).timestamp())
    except (TypeError, ValueError, OverflowError):
        return False


def file_response(request: Request, path: Path, content_type: str) -> Response:
    """The file at `path` (an existing regular file the caller has checked it may serve)."""
    info = path.stat()
    mtime = int(info.st_mtime)
    etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
    headers = [("ETag", etag), ("Last-Modified", formatdate(mtime, usegmt=True)), ("Accept-Ranges", "bytes")]
    if _not_modified(request, etag, mtime):
        return Response(304, b"", content_type, headers)
    size, start, length, status = info.st_size, 0, info.st_size, 200
    wanted = request.header("Range")
    if_range = request.header("If-Range")
    if wanted is not None and (if_range is None or if_range.strip() == etag):
        m = _RANGE.match(wanted.strip())
        if m is not None and (m.group(1) or m.group(2)):
            first, last = m.group(1), m.group(2)
            if first:
                start = int(first)
                end = min(int(last), size - 1) if last else size - 1
            else:  # a suffix: the last N bytes
                start, end = max(0, size - int(last)), size - 1
            if start >= size or end < start:
                return text_response(416, f"The range {wanted!r} is outside the file ({size} bytes).",
                                     headers=[*headers, ("Content-Range", f"bytes */{size}")])
            length, status = end - start + 1, 206
            headers.append(("Content-Range", f"bytes {start}-{end}/{size}"))
    return Response(status, b"", content_type, headers, stream=_chunks(path, start, length), length=length)


def safe_name(name: str) -> bool:
    """Whether a path segment sequence from a URL may be looked up on disk at all (no NUL or other control
    characters, which the file system refuses with an error rather than "not found")."""
    return bool(name) and not any(ord(c) < 32 or c == "\x7f" for c in name) and os.sep + os.sep not in name
