"""Things found in a text (mentions, named persons), looked up by where they lie.

The extractors ask, for every sentence, which of the things found so far start in it or overlap a stretch of it.
Going through the whole list each time is quadratic: harmless for a page of a few dozen sentences, seconds for a
300,000-character paragraph that names thousands of things. This index answers each question with two binary
searches, and gives the things back in the order they were added, so the callers' results do not change.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class ByPosition(Generic[T]):
    """Items, each with a [start, end) range of the text, in the order they were added."""

    def __init__(self, items: Iterable[tuple[T, int, int]] = ()) -> None:
        self._keys: list[tuple[int, int]] = []  # (start, order added), sorted
        self._items: list[tuple[T, int, int]] = []  # (item, start, end), aligned with _keys
        self._widest = 0  # the longest range added: how far before a stretch an overlapping item can start
        for item, start, end in items:
            self.add(item, start, end)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, item: T, start: int, end: int) -> None:
        key = (start, len(self._items))
        at = bisect_right(self._keys, key)
        self._keys.insert(at, key)
        self._items.insert(at, (item, start, end))
        self._widest = max(self._widest, end - start)

    def _slice(self, low: int, high: int) -> list[tuple[int, tuple[T, int, int]]]:
        """(order added, entry) of the entries that start in [low, high)."""
        i = bisect_left(self._keys, (low, -1))
        j = bisect_left(self._keys, (high, -1))
        return [(self._keys[k][1], self._items[k]) for k in range(i, j)]

    def starting_in(self, low: int, high: int) -> list[T]:
        """The items that start in [low, high), in the order they were added."""
        return [entry[0] for _, entry in sorted(self._slice(low, high), key=lambda pair: pair[0])]

    def any_starting_in(self, low: int, high: int) -> bool:
        return bisect_left(self._keys, (low, -1)) < bisect_left(self._keys, (high, -1))

    def overlapping(self, low: int, high: int) -> list[T]:
        """The items whose range overlaps [low, high) (start < high and low < end), in the order they were added."""
        nearby = self._slice(low - self._widest, high)
        found = [(order, entry) for order, entry in nearby if entry[1] < high and low < entry[2]]
        return [entry[0] for _, entry in sorted(found, key=lambda pair: pair[0])]
