"""Deterministic row ids and human-readable short ids for the demo data.

Why not ``uuid5(namespace, name)`` per row: hashing costs ~4 µs a row, which
is most of the budget at a million entries. Instead each (seed, table) gets
one ``uuid5`` and its first 24 characters (version 5 and the RFC 4122
variant included) become a prefix; the last 12 hex digits are the row's
index. Ids are therefore valid version-5 UUIDs, unique per table and seed,
stable for a given (seed, table, index), and ascending within a table,
which keeps B-tree inserts on the right-hand edge during bulk loading.

Ids are produced as text because COPY parses the text form anyway and
formatting a string is far cheaper than building ``uuid.UUID`` objects.
"""

from __future__ import annotations

import uuid
from typing import Final

DEMO_NAMESPACE: Final = uuid.UUID("6f1c2a8e-4b7d-4c39-9a51-2e0d7b3f5c11")
"""Namespace of every demo id; fixed forever so ids survive code changes."""


class RowIds:
    """Ids of one table's rows for one seed: ``ids(7)`` is always the same UUID."""

    __slots__ = ("_prefix",)

    def __init__(self, seed: int, table: str) -> None:
        self._prefix = str(uuid.uuid5(DEMO_NAMESPACE, f"{seed}/{table}"))[:24]

    def __call__(self, index: int) -> str:
        return f"{self._prefix}{index:012x}"


def short_id(prefix: str, index: int, width: int) -> str:
    """``short_id("E", 1233, 7)`` → ``"E-0001234"``: 1-based, zero-padded, the way staff read them aloud."""
    return f"{prefix}-{index + 1:0{width}d}"
