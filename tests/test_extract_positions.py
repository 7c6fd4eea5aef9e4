"""The position index the extractors use (extract/positions.py) answers exactly what a scan of the whole list
answers, in the same order, for random ranges, duplicates, nested and zero-width items."""

from __future__ import annotations

import random

from diplograph.extract.positions import ByPosition


def test_the_index_agrees_with_a_scan_of_every_item() -> None:
    rng = random.Random(11)
    for _ in range(200):
        items = []
        for n in range(rng.randrange(0, 40)):
            start = rng.randrange(0, 300)
            items.append((f"item-{n}", start, start + rng.choice([0, 1, 3, 10, 120])))
        index: ByPosition[str] = ByPosition()
        for item in items:
            index.add(*item)
        assert len(index) == len(items)
        for _ in range(30):
            low = rng.randrange(-20, 320)
            high = low + rng.randrange(0, 80)
            starting = [name for name, start, _ in items if low <= start < high]
            overlapping = [name for name, start, end in items if start < high and low < end]
            assert index.starting_in(low, high) == starting
            assert index.any_starting_in(low, high) == bool(starting)
            assert index.overlapping(low, high) == overlapping
