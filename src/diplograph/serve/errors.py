"""Errors of the web server: a data folder or store that cannot be opened, a bad request option."""

from __future__ import annotations

from ..errors import DiplographError


class ServeError(DiplographError):
    """The server cannot start or serve: a missing graph or store, a port in use, a bad option."""
