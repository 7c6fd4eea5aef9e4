"""Loading into an embedded on-disk Oxigraph store (pyoxigraph.Store on a folder).

Two ways in, chosen per load:
- bulk: when the store holds no quad at all, each graph goes in with `bulk_extend`, Oxigraph's fast loader. It is
  not transactional, but there is nothing to clobber: if it stops half-way, the store is no longer empty, so the
  next run takes the transactional path and replaces every graph whole.
- transaction: otherwise each graph is replaced by one SPARQL update request (DROP SILENT GRAPH + INSERT DATA),
  which Oxigraph applies in one transaction, so a crash leaves every graph either old or new, never half-written.
pyoxigraph 0.5 has no Python transaction object; `Store.update` is its transactional write.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import disk_full
from .report import StoreError
from .source import GraphUnit
from .updates import replace_graph_update

BULK = "bulk load into an empty store"
TRANSACTION = "one transaction per graph"


class EmbeddedStore:
    """A loading target on a folder; holds Oxigraph's lock on it until `close`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(folder))
        except OSError as exc:
            if full_disk(exc):
                raise StoreError(f"no space left on device while writing {folder} (opening the store)") from None
            raise StoreError(
                f"cannot open the store: {exc}", path=folder,
                hint="is another process (a diplograph load, query or server) using it?",
            ) from None
        self.method = TRANSACTION

    @property
    def target(self) -> str:
        return str(self.folder)

    def is_empty(self) -> bool:
        return next(iter(self.store.quads_for_pattern(None, None, None, None)), None) is None

    def begin(self) -> None:
        self.method = BULK if self.is_empty() else TRANSACTION

    def replace(self, unit: GraphUnit) -> None:
        try:
            if self.method == BULK:
                self.store.bulk_extend(unit.quads())
            else:
                self.store.update(replace_graph_update(unit))
        except (OSError, SyntaxError, ValueError) as exc:
            if full_disk(exc):
                raise StoreError(f"no space left on device while writing {self.folder} ({exc})") from None
            raise StoreError(f"cannot write graph {unit.name.value}: {exc}", path=self.folder) from None

    def graphs_under(self, base: str) -> list[str]:
        names = [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted(n for n in names if n.startswith(base))

    def drop(self, name: str) -> None:
        self.store.update(f"DROP SILENT GRAPH {ox.NamedNode(name)}")

    def close(self) -> None:
        try:
            self.store.flush()
        except OSError as exc:
            why = "no space left on device while writing" if full_disk(exc) else f"cannot write ({exc})"
            raise StoreError(f"{why} {self.folder} (flushing the store)") from None
        finally:
            del self.store


def full_disk(exc: BaseException) -> bool:
    """Oxigraph reports a full disk as an OSError carrying RocksDB's text, not always with its errno."""
    return disk_full(exc) or "No space left on device" in str(exc)
