"""Where the served data comes from: a build folder or RDF file loaded into memory, or an on-disk Oxigraph store.

The same `DataSource` is handed to the SPARQL worker processes, which open the data themselves (a store cannot be
pickled); so it is a plain description of where the data is, not an open store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import DiplographError
from ..queries import open_store
from .errors import ServeError


@dataclass(frozen=True)
class DataSource:
    """Exactly one of `graph` (build folder or RDF file) and `store` (Oxigraph store folder) is set."""

    graph: Path | None = None
    store: Path | None = None

    def describe(self) -> str:
        return f"graph {self.graph}" if self.graph is not None else f"store {self.store}"

    def _check_store(self) -> Path:
        assert self.store is not None
        if not self.store.is_dir() or not any(self.store.iterdir()):
            raise ServeError("no Oxigraph store here", path=self.store,
                             hint="load one first with 'diplograph load', or serve a build with --graph")
        return self.store

    def open(self) -> ox.Store:
        """The store the server reads pages and descriptions from (the server's own process)."""
        if self.store is not None:
            folder = self._check_store()
            try:
                return ox.Store(str(folder))
            except OSError as exc:
                raise ServeError(f"cannot open the store: {exc}", path=folder,
                                 hint="is another process (a loader, another server) using it?") from None
        try:
            return open_store(self.graph) if self.graph is not None else open_store()
        except DiplographError as exc:
            raise ServeError(exc.detail, path=exc.path, hint=exc.hint) from None

    def open_for_worker(self) -> ox.Store:
        """The store a SPARQL worker process reads: a read-only view of an on-disk store (the server's own
        process holds the read-write instance, and nobody writes while it serves), or its own in-memory copy."""
        if self.store is not None:
            return ox.Store.read_only(str(self._check_store()))
        return self.open()
