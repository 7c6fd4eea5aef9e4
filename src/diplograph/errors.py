"""The errors diplograph raises, each mapped to a documented exit code.

Exit codes: 0 success, 1 validation failed (the graph breaks a SHACL shape), 2 input or usage error
(a file that cannot be read, parsed or understood), 3 an unexpected internal error, 4 a triple store that cannot be
reached or refuses a request (a load reports which graphs made it).
"""

from __future__ import annotations

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
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.detail}{hint}"


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


class StoreError(DiplographError):
    """A store that cannot be opened or reached, or that refuses a request."""

    exit_code = 4
