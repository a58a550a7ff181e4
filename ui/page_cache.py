"""A least-recently-used cache bounded by bytes, not by item count.

Rendered pages differ in size by two orders of magnitude (a phone photo's
thumbnail against a 144 dpi statement page), so a count limit either
wastes memory or keeps too little; the viewer's caches are bounded by what
the items really cost.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable


class ByteBudgetCache[K: Hashable, V]:
    """Keeps the most recently used values whose sizes add up to at most ``budget`` bytes."""

    def __init__(self, budget: int, size_of: Callable[[V], int]) -> None:
        self._budget = budget
        self._size_of = size_of
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._used = 0

    @property
    def used(self) -> int:
        return self._used

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: K) -> bool:
        return key in self._items

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        """Store ``value``; a value larger than the whole budget is not kept at all."""
        size = self._size_of(value)
        old = self._items.pop(key, None)
        if old is not None:
            self._used -= old[1]
        if size > self._budget:
            return
        self._items[key] = (value, size)
        self._used += size
        while self._used > self._budget:
            _, (_, evicted) = self._items.popitem(last=False)
            self._used -= evicted
