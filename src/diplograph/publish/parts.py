"""How a large corpus is cut into parts that stay put when the corpus changes.

A part is a run of consecutive source files (in the corpus's sorted order). Where a part ends is decided by the file's
own path — a file whose path hashes to 0 modulo PART_SPAN ends one — not by counting, so adding, removing or editing
a document changes only the part it falls in (and, when the file is a boundary, the part after it): every other part
keeps the same members, the same bytes and the same cached files. Parts hold PART_SPAN documents on average.

A corpus smaller than PART_SPAN is one part, published in the diplograph.* files as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

PART_SPAN = 256


def ends_part(relative: str) -> bool:
    digest = hashlib.sha256(relative.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:4], "big") % PART_SPAN == 0


def plan_parts(relatives: Sequence[str]) -> list[range]:
    """The parts of a corpus, as ranges of indices into its sorted list of source files."""
    if len(relatives) < PART_SPAN:
        return [range(len(relatives))] if relatives else []
    parts: list[range] = []
    start = 0
    for i, relative in enumerate(relatives):
        if ends_part(relative):
            parts.append(range(start, i + 1))
            start = i + 1
    if start < len(relatives):
        parts.append(range(start, len(relatives)))
    return parts


def part_id(pipeline: str, release: dt.datetime | None, members: Sequence[tuple[str, str]]) -> str:
    """What a part's published bytes depend on: the pipeline, the release stamp, and each member's path and hash."""
    digest = hashlib.sha256(f"part-v1\0{pipeline}\0{release.isoformat() if release else ''}\0".encode())
    for relative, sha256 in members:
        digest.update(f"{relative}\0{sha256}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]
