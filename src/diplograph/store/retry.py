"""Bounded retries with exponential backoff, for talking to a store over the network.

A store that is restarting, overloaded or briefly unreachable should not fail a load of many graphs, but a store
that is down must give a clear error soon rather than a hang: every call has a timeout, the number of attempts is
bounded, and the waits between them double up to a ceiling.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class Transient(Exception):
    """A failure worth trying again: a network fault, a timeout, a 5xx answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class GaveUp(Exception):
    """Every attempt failed with a transient fault; `last` says how the last one failed."""

    def __init__(self, attempts: int, last: str) -> None:
        super().__init__(f"gave up after {attempts} attempt(s): {last}")
        self.attempts = attempts
        self.last = last


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    first_delay: float = 0.5  # seconds before the second attempt; doubled each time
    max_delay: float = 8.0
    timeout: float = 30.0  # seconds, for each request (connect and each read)

    def delays(self) -> list[float]:
        """The waits between attempts: attempts - 1 of them."""
        return [min(self.max_delay, self.first_delay * 2**i) for i in range(max(0, self.attempts - 1))]


def with_retries(
    action: Callable[[], T],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, str, float], None] | None = None,
) -> T:
    """Run `action`, again after each `Transient` it raises, at most `policy.attempts` times in all."""
    waits = policy.delays()
    attempt = 0
    while True:
        attempt += 1
        try:
            return action()
        except Transient as exc:
            if attempt > len(waits):
                raise GaveUp(attempt, exc.message) from None
            wait = waits[attempt - 1]
            if on_retry is not None:
                on_retry(attempt, exc.message, wait)
            sleep(wait)
