"""The load itself, the same for every kind of store: graph by graph, stop at the first failure, then report."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Protocol

from .report import LoadFailed, LoadReport, StoreError
from .source import GraphUnit


class Target(Protocol):
    method: str

    @property
    def target(self) -> str: ...

    def begin(self) -> None: ...

    def replace(self, unit: GraphUnit) -> None: ...

    def graphs_under(self, base: str) -> list[str]: ...

    def drop(self, name: str) -> None: ...

    def close(self) -> None: ...


def load_units(
    units: Iterable[GraphUnit],
    target: Target,
    *,
    prune_under: str | None = None,
    on_loaded: Callable[[GraphUnit], None] | None = None,
) -> LoadReport:
    """Replace each unit's graph in `target`; raise LoadFailed (with the report) if any graph did not go in.

    The load stops at the first graph that fails: when a store is down or refusing writes, trying the rest
    would only wait out the same retries again. With `prune_under`, graphs under that IRI that the input does not
    have are dropped afterwards, and only when every graph loaded.
    """
    started = time.perf_counter()
    target.begin()
    report = LoadReport(target.target, method=target.method)
    names: list[str] = []
    try:
        pending = iter(units)  # read as they are loaded: a build in parts is never all in memory
        for unit in pending:
            names.append(unit.name.value)
            try:
                target.replace(unit)
            except StoreError as exc:
                report.failed.append((unit.name.value, str(exc)))
                report.not_attempted = [u.name.value for u in pending]
                break
            report.loaded.append((unit.name.value, len(unit)))
            report.method = target.method
            if on_loaded is not None:
                on_loaded(unit)
        if prune_under and report.ok:
            keep = set(names)
            for name in target.graphs_under(prune_under):
                if name not in keep:
                    target.drop(name)
                    report.pruned.append(name)
    finally:
        report.target = target.target
        report.method = target.method
        report.seconds = time.perf_counter() - started
        try:
            target.close()
        except StoreError as exc:  # e.g. the last flush met a full disk: reported with the rest
            report.failed.append((f"(closing {target.target})", str(exc)))
    if not report.ok:
        raise LoadFailed(report)
    return report
