"""The errors diplograph raises, each mapped to a documented exit code.

Exit codes: 0 success, 1 validation failed (the graph breaks a SHACL shape), 2 input or usage error
(a file that cannot be read, parsed or understood; an option whose value cannot be used; a file that cannot be written
because the disk is full), 3 an unexpected internal error, 4 a triple store that cannot be
reached or refuses a request (a load reports which graphs made it).
"""

from __future__ import annotations

import errno
import re
from pathlib import Path


class DiplographError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None, hint: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.hint = hint
        self.detail = message
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{printable(self.path)}: " if self.path else ""
        hint = f" ({printable(self.hint, keep_newlines=True)})" if self.hint else ""
        return f"{where}{printable(self.detail, keep_newlines=True)}{hint}"


# Characters a message must not print as they are: control characters (a newline forges a line, an ANSI escape
# drives the terminal) and the bidirectional controls that reorder what follows them on screen (U+202E turns
# 'txt.exe' around). File names and values from documents may hold any of them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control or bidirectional-control character written as a Python escape (\\n, \\x1b,
    \\u202e), so that a file name prints as one visible line and cannot move the cursor or reorder the text."""

    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        if keep_newlines and ch == "\n":
            return ch
        return ch.encode("unicode_escape").decode("ascii")

    return _UNPRINTABLE.sub(escape, text)


class UsageError(DiplographError):
    """An option whose value cannot be used: a missing folder, an invalid IRI, an output that is not safe to
    replace."""


class InputError(DiplographError):
    """A source document that cannot be read or understood."""


class EncodingError(InputError):
    """A source document that is not UTF-8 text."""


class FormatError(InputError):
    """A source document in no known format, or truncated before a required part."""


class ReferenceDataError(DiplographError):
    """The curated reference data is malformed."""


class QueryError(DiplographError):
    """A canned query that does not exist, or a bad parameter."""


class ValidationFailed(DiplographError):
    """The built graph breaks one or more SHACL shapes."""

    exit_code = 1


class DiskFull(DiplographError):
    """A write that failed because the file system is full (or the user's quota is used up)."""

    def __init__(self, path: Path | str, *, what: str = "") -> None:
        super().__init__(f"no space left on device while writing {path}{what}",
                         hint="free some space and run the command again")


def disk_full(exc: BaseException) -> bool:
    """Whether an error is a full file system or an exhausted quota."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


class StoreError(DiplographError):
    """A store that cannot be opened or reached, or that refuses a request."""

    exit_code = 4
