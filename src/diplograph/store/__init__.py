"""Loading a build into triple stores: an embedded Oxigraph folder, or any SPARQL 1.1 store over HTTP.

`load` reads the input (a build folder's N-Quads or one RDF file), then replaces each named graph whole in the
target, and returns a report; see docs/stores.md.
"""

from __future__ import annotations

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
from .source import GraphUnit, read_units

__all__ = [
    "EmbeddedStore", "GraphUnit", "HttpClient", "LoadFailed", "LoadReport", "RemoteStore", "RetryPolicy",
    "StoreError", "load_graphs", "load_units", "open_target", "read_units",
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
    target: Target,
    *,
    prune_under: str | None = None,
    on_loaded: Callable[[GraphUnit], None] | None = None,
) -> LoadReport:
    """Parse `graph` completely, then replace each of its named graphs in `target` (closed afterwards)."""
    try:
        units = read_units(graph)
    except BaseException:
        target.close()
        raise
    return load_units(units, target, prune_under=prune_under, on_loaded=on_loaded)
