"""Compare canned-query results with expected facts (gold files and test cases), by meaning, not by row."""

from __future__ import annotations

import re

import pyoxigraph as ox

from diplograph.queries import get_query, run_query

SKOS = "http://www.w3.org/2004/02/skos/core#"


def norm(text: str | None) -> str:
    text = (text or "").replace("ё", "е").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def names_of(expected: str) -> list[str]:
    """'Владимир Путин (Vladimir Putin)' → both names; '(implied …)' notes dropped; 'A / B' split."""
    parts = [expected]
    parts += re.findall(r"\(([^)]*)\)", expected)
    bare = re.sub(r"\([^)]*\)", "", expected)
    parts += [bare] + bare.split(" / ") + bare.split(";")
    return [norm(p) for p in parts if norm(p)]


class Results:
    def __init__(self, store: ox.Store, document: str | None = None) -> None:
        self.store = store
        self.document = document
        self._labels: dict[str, set[str]] = {}

    def rows(self, name: str) -> list[dict[str, str | None]]:
        _, rows = run_query(get_query(name), self.store)
        return [r for r in rows if self.document is None or r["document"] == self.document]

    def labels(self, iri: str | None) -> set[str]:
        if not iri:
            return set()
        if iri not in self._labels:
            found = set()
            for pred in ("prefLabel", "altLabel"):
                for quad in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(SKOS + pred), None):
                    found.add(norm(quad.object.value))
            for quad in self.store.quads_for_pattern(
                ox.NamedNode(iri), ox.NamedNode("https://w3id.org/diplograph/ontology#acronym"), None
            ):
                found.add(norm(quad.object.value))
            self._labels[iri] = found
        return self._labels[iri]

    def variants(self, expected: str) -> set[str]:
        """Every label of every entity that has one of the expected names, in any language."""
        wanted = set(names_of(expected))
        found = set(wanted)
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None):
            if norm(quad.object.value) in wanted:
                found |= self.labels(quad.subject.value)
        return found

    def shown_as(self, shown: str | None, expected: str) -> bool:
        """Whether a joined label column ("A; B") shows the expected entity, in any of its names."""
        parts = {norm(p) for p in (shown or "").split(";")}
        return bool(parts & self.variants(expected))

    def names_match(self, iri: str | None, shown: str | None, expected: str) -> bool:
        known = self.labels(iri) | {norm(shown)}
        return any(n in known for n in names_of(expected))


def document_iri(store: ox.Store, url: str) -> str:
    for row in Results(store).rows("documents"):
        if row["url"] == url:
            return str(row["document"])
    raise AssertionError(f"no document with url {url}")


def document_iri_by_key(store: ox.Store, key: str) -> str:
    for row in Results(store).rows("documents"):
        if str(row["document"]).endswith(f"/document/{key}"):
            return str(row["document"])
    raise AssertionError(f"no document with key {key}")


def missing_participants(res: Results, expected: list[dict]) -> list[str]:
    rows = res.rows("participants")
    out = []
    for e in expected:
        ok = any(
            res.names_match(r["person"], r["name"], e["name"]) and norm(r["office"]) == norm(e["office"])
            for r in rows
        )
        if not ok:
            out.append(f"{e['name']} ({e['office']})")
    return out


def missing_speakers(res: Results, expected: list[dict]) -> list[str]:
    rows = res.rows("speakers")
    return [e["name"] for e in expected if not any(res.names_match(r["person"], r["name"], e["name"]) for r in rows)]


def missing_organisations(res: Results, expected: list[dict]) -> list[str]:
    rows = res.rows("organisations")
    out = []
    for e in expected:
        wanted = names_of(e["name"]) + (names_of(e["acronym"]) if e.get("acronym") else [])
        ok = any(any(w in (res.labels(r["organisation"]) | {norm(r["name"]), norm(r["acronym"])}) for w in wanted) for r in rows)
        if not ok:
            out.append(e["name"])
    return out


def missing_instruments(res: Results, expected: list[dict]) -> list[str]:
    rows = res.rows("instruments")
    out = []
    for e in expected:
        ident = e.get("identifier") or ""
        # Only an identifier that is itself a symbol; "established by A/RES/73/27" names another instrument.
        symbol = re.match(r"A/RES/\d+/\d+", ident)
        if symbol:
            ok = any(r["identifier"] == symbol.group() for r in rows)
        else:
            ok = any(
                r["kind"] == e["kind"] and (e.get("year") is None or r["year"] == str(e["year"])) for r in rows
            )
        if not ok:
            out.append(f"{e['kind']} {e.get('year')} {e.get('label', '')[:60]}")
    return out


def missing_proposals(res: Results, expected: list[dict]) -> list[str]:
    """Numbered proposals: ordinal, proposer, and a precedent where one is expected."""
    rows = res.rows("proposals")
    out = []
    for e in expected:
        if e.get("ordinal") is None:
            continue
        candidates = [r for r in rows if r["ordinal"] == str(e["ordinal"])]
        ok = any(
            res.shown_as(r["proposer"], e["proposer"])
            and (not e.get("precedent") or bool(r["precedent"]))
            for r in candidates
        )
        if not ok:
            out.append(f"#{e['ordinal']} by {e['proposer']} (precedent {e.get('precedent')})")
    return out
