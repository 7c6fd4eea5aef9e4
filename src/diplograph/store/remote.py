"""Loading into any SPARQL 1.1 store over HTTP.

Each named graph is sent with the Graph Store HTTP Protocol: `PUT <graph-store>?graph=IRI` with the graph as the
body, which replaces exactly that graph, so re-running a load converges. The body is N-Triples, sent as
`text/turtle` (N-Triples is a subset of Turtle, and every Graph Store implementation reads Turtle).

A store without a Graph Store endpoint — none given, or one that answers 404, 405 or 501 — gets SPARQL 1.1
Update instead: DROP SILENT GRAPH + INSERT DATA in one request to the update endpoint, which the store runs as
one transaction. Network faults and 5xx answers are retried (see retry.py); other answers are final.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from .http import HttpClient, refused
from .report import StoreError
from .source import GraphUnit
from .updates import drop_graph_update, graphs_under_query, replace_graph_update

GRAPH_STORE = "graph store protocol (HTTP PUT per graph)"
UPDATE = "SPARQL update (DROP + INSERT DATA per graph)"
NO_GRAPH_STORE = (404, 405, 501)


class RemoteStore:
    def __init__(
        self, endpoint: str, graph_store: str | None, update_endpoint: str | None, client: HttpClient,
    ) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.update_endpoint = update_endpoint or endpoint
        self.client = client
        self.method = GRAPH_STORE if graph_store else UPDATE

    @property
    def target(self) -> str:
        return self.graph_store if self.method == GRAPH_STORE and self.graph_store else self.update_endpoint

    def begin(self) -> None:
        pass

    def replace(self, unit: GraphUnit) -> None:
        if self.method == GRAPH_STORE and self.graph_store:
            response = self.client.request(
                "PUT", self.graph_store, params={"graph": unit.name.value}, data=unit.ntriples().encode("utf-8"),
                headers={"Content-Type": "text/turtle; charset=utf-8"},
            )
            if response.ok:
                return
            if response.status_code not in NO_GRAPH_STORE:
                raise refused(response, f"PUT of graph {unit.name.value}")
            # No Graph Store endpoint here: from now on, SPARQL Update for this graph and the rest.
            self.method = UPDATE
        self.update(replace_graph_update(unit), f"update of graph {unit.name.value}")

    def update(self, text: str, what: str) -> None:
        response = self.client.request(
            "POST", self.update_endpoint, data={"update": text.encode("utf-8")},
            headers={"Accept": "*/*"},
        )
        if not response.ok:
            raise refused(response, what)

    def select(self, query: str) -> list[dict[str, str]]:
        response = self.client.request(
            "POST", self.endpoint, data={"query": query.encode("utf-8")},
            headers={"Accept": "application/sparql-results+json"},
        )
        if not response.ok:
            raise refused(response, "query")
        try:
            bindings = json.loads(response.text)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the answer is not SPARQL JSON results ({exc})", path=self.endpoint) from None
        return [{k: v["value"] for k, v in b.items()} for b in bindings]

    def graphs_under(self, base: str) -> list[str]:
        return sorted(row["g"] for row in self.select(graphs_under_query(base)) if "g" in row)

    def drop(self, name: str) -> None:
        if self.method == GRAPH_STORE and self.graph_store:
            response = self.client.request("DELETE", self.graph_store, params={"graph": name})
            if response.ok:
                return
        self.update(drop_graph_update(ox.NamedNode(name)), f"drop of graph {name}")

    def close(self) -> None:
        self.client.close()
