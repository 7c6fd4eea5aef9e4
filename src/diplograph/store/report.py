"""What a load did: which graphs went in, which failed and which were never tried; and the errors a store raises.

A load stops at the first graph that cannot be written, so the report splits the input into three lists. Each
graph is replaced whole (one transaction, one HTTP PUT or one update request), so the graphs listed as loaded hold
exactly their new facts, the ones not attempted hold what they held before, and running the same load again
converges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import StoreError

__all__ = ["LoadFailed", "LoadReport", "StoreError"]


@dataclass
class LoadReport:
    target: str  # the store folder or the endpoint URL
    method: str = ""  # how graphs were written: bulk, transaction, graph store protocol, SPARQL update
    loaded: list[tuple[str, int]] = field(default_factory=list)  # graph IRI, triples
    failed: list[tuple[str, str]] = field(default_factory=list)  # graph IRI, why
    not_attempted: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.not_attempted

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.loaded)

    def summary(self) -> str:
        rate = self.triples / self.seconds if self.seconds > 0 else 0.0
        line = (f"loaded {len(self.loaded)} graph(s), {self.triples} triples in {self.seconds:.2f} s "
                f"({rate:,.0f} triples/s) into {self.target} ({self.method})")
        if self.pruned:
            line += f"; pruned {len(self.pruned)} graph(s) absent from the input"
        return line

    def failure_text(self) -> str:
        """Every graph by outcome, for a person deciding what to do next."""
        lines = [f"load into {self.target} failed: {len(self.loaded)} graph(s) loaded, "
                 f"{len(self.failed) + len(self.not_attempted)} not loaded"]
        lines += [f"  loaded      {name} ({n} triples)" for name, n in self.loaded]
        lines += [f"  FAILED      {name}: {why}" for name, why in self.failed]
        lines += [f"  not loaded  {name} (not attempted)" for name in self.not_attempted]
        lines.append("  loaded graphs hold their new facts and graphs not attempted are unchanged; the failed one is "
                     "unchanged where the store writes a graph in one transaction (Oxigraph). Fix the cause and run "
                     "the same command again: it replaces every graph whole, so the store converges")
        return "\n".join(lines)


class LoadFailed(StoreError):
    """Some graphs could not be written; the report says which."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        super().__init__(report.failure_text())
