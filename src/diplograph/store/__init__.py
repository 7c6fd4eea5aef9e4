"""Loading a build into triple stores: an embedded Oxigraph folder, or any SPARQL 1.1 store over HTTP.

`load` reads the input (a build folder's N-Quads — one file, or one per part of a large corpus — or one RDF file) file
by file, replaces each named graph whole in the target, and returns a report; see docs/stores.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from .. import paths
from ..errors import DiplographError
from .embedded import EmbeddedStore
from .http import HttpClient, credentials_from_environment
from .loader import Target, load_units
from .remote import RemoteStore
from .report import LoadFailed, LoadReport, StoreError
from .retry import RetryPolicy
from .source import GraphUnit, iter_units, read_units

__all__ = [
    "EmbeddedStore", "GraphUnit", "HttpClient", "LoadFailed", "LoadReport", "RemoteStore", "RetryPolicy",
    "StoreError", "iter_units", "load_graphs", "load_units", "open_target", "read_units",
]


def open_target(
    *,
    store: Path | None = None,
    endpoint: str | None = None,
    graph_store: str | None = None,
    update_endpoint: str | None = None,
    policy: RetryPolicy | None = None,
    on_retry: Callable[[int, str, float], None] | None = None,
) -> Target:
    """The embedded store folder (default paths.STORE), or the remote store when an endpoint is given."""
    if endpoint is None:
        if graph_store or update_endpoint:
            raise DiplographError("--graph-store and --update-endpoint need --endpoint (the store's query URL)")
        return EmbeddedStore(store or paths.STORE)
    if store is not None:
        raise DiplographError("give either --store (an embedded store folder) or --endpoint (a remote store), not both")
    client = HttpClient(policy, credentials_from_environment(), on_retry=on_retry)
    return RemoteStore(endpoint, graph_store, update_endpoint, client)


def load_graphs(
    graph: Path,
    target: Target | Callable[[], Target],
    *,
    prune_under: str | None = None,
    on_loaded: Callable[[GraphUnit], None] | None = None,
) -> LoadReport:
    """Replace each named graph of `graph` in `target` (closed afterwards). Each file is parsed completely before
    its graphs are written; a build in parts is loaded file by file. `target` may be a function that opens it: it is
    then called only once the first file has been read, so an input that cannot be read creates no store."""
    units = iter_units(graph)
    try:
        first = next(units)  # an unreadable first file leaves the store untouched
    except BaseException:
        if not callable(target):
            target.close()
        raise
    opened = target() if callable(target) else target
    return load_units(itertools.chain([first], units), opened, prune_under=prune_under, on_loaded=on_loaded)
