"""Find reference entities in text: a trie over folded alias tokens, longest match first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .reference import Entity, ReferenceSet
from .tokens import TOKEN, alias_keys, trie_keys

# Categories scanned in running text; offices are looked up only where an office is printed.
SCANNED = ("person", "organisation", "state", "instrument")


@dataclass(frozen=True)
class Match:
    entity: Entity
    start: int
    end: int
    alias: str


class _Node:
    __slots__ = ("children", "entities")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entities: list[tuple[Entity, str]] = []


class Matcher:
    """All written forms of a set of entities, in both languages."""

    def __init__(self, entities: list[Entity]) -> None:
        self.root = _Node()
        owners: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
        for entity in entities:
            for language in ("en", "ru"):
                for name in entity.names(language):
                    keys = alias_keys(name)
                    if keys:
                        owners[keys].add(entity.key)
                        self._insert(keys, entity, name)
        # A form shared by entities of one category that are not editions of each other is ambiguous
        # (two men named Ivanov): it is kept, and resolve() leaves the choice to the caller's context.
        self.ambiguous = {k for k, v in owners.items() if len(v) > 1}

    def _insert(self, keys: tuple[str, ...], entity: Entity, name: str) -> None:
        node = self.root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        if all(e.key != entity.key for e, _ in node.entities):
            node.entities.append((entity, name))

    def find(
        self, text: str, start: int = 0, end: int | None = None, shorter_than: int | None = None
    ) -> list[list[Match]]:
        """Longest matches, leftmost among equals; each item lists every entity that has the matched form.

        A longer name wins over a shorter one it overlaps even when the shorter starts first, so "the UN
        Security Council" is the Security Council and not "the UN" followed by "Security Council".
        With `shorter_than`, only names of fewer tokens count (the names inside a longer name).
        """
        words = list(TOKEN.finditer(text, start, len(text) if end is None else end))
        keys = [trie_keys(w.group()) for w in words]
        count = len(words)
        root = self.root.children
        candidates: list[tuple[int, int, list[tuple[Entity, str]]]] = []
        for i, (exact, folded) in enumerate(keys):
            # Most words start no name: one look-up at the root settles them.
            node = (root.get(exact) if exact is not None else None) or root.get(folded)
            if node is None:
                continue
            best: tuple[int, list[tuple[Entity, str]]] | None = None
            j = i
            while True:
                if node.entities and (shorter_than is None or j - i + 1 < shorter_than):
                    best = (j, node.entities)
                j += 1
                if j == count:
                    break
                exact, folded = keys[j]
                children = node.children
                node = (children.get(exact) if exact is not None else None) or children.get(folded)
                if node is None:
                    break
            if best is not None:
                candidates.append((i, best[0], best[1]))
        taken: list[tuple[int, int, list[tuple[Entity, str]]]] = []
        used = [False] * count
        for first, last, owners in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(used[first : last + 1]):
                continue
            for k in range(first, last + 1):
                used[k] = True
            taken.append((first, last, owners))
        found: list[list[Match]] = []
        for first, last, owners in sorted(taken, key=lambda c: c[0]):
            s, e = words[first].start(), words[last].end()
            found.append([Match(entity, s, e, name) for entity, name in owners])
        return found


def build_matcher(reference: ReferenceSet, categories: tuple[str, ...] = SCANNED) -> Matcher:
    return Matcher(reference.of(*categories))


class ExactIndex:
    """Entities of some categories by their exact written forms (after folding), first listed wins."""

    def __init__(self, reference: ReferenceSet, *categories: str) -> None:
        self.by_keys: dict[tuple[str, ...], Entity] = {}
        for entity in reference.of(*categories):
            for language in ("en", "ru"):
                for name in entity.names(language):
                    self.by_keys.setdefault(alias_keys(name), entity)

    def get(self, written: str) -> Entity | None:
        return self.by_keys.get(alias_keys(written))
