"""Buffered ``COPY … FROM STDIN`` writing: rows of many tables, flushed in chunks.

Builders append rows to a :class:`CopyBatch`; the seeding loop flushes it
every few thousand entries, one ``COPY`` per table in load order. Memory
is bounded by the chunk, not by the data set, and the database sees a few
large statements instead of millions of small ones.

Array columns are passed as ready-made array literals: psycopg's generic
list adaptation costs several microseconds per value, and almost every
array here is empty or a short list of identifiers.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from psycopg import AsyncCursor, sql

from .rows import TABLES, Row

EMPTY_ARRAY = "{}"


def text_array(values: Iterable[str]) -> str:
    """A ``text[]`` literal of plain identifiers (flag names: no quotes, commas or braces)."""
    return "{" + ",".join(values) + "}"


def jsonb_array(objects: Iterable[dict[str, Any]]) -> str:
    """A ``jsonb[]`` literal: each element is JSON text, quoted and escaped for the array syntax."""
    elements = (json.dumps(value).replace("\\", "\\\\").replace('"', '\\"') for value in objects)
    return "{" + ",".join(f'"{element}"' for element in elements) + "}"


class CopyBatch:
    """Rows waiting to be copied, kept per table."""

    def __init__(self) -> None:
        self._pending: dict[type[Row], list[Row]] = {table.row_type: [] for table in TABLES}

    def add(self, row: Row) -> None:
        self._pending[type(row)].append(row)

    def extend(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.add(row)

    def pending(self, row_type: type[Row]) -> int:
        return len(self._pending[row_type])

    async def flush(self, cursor: AsyncCursor[Any]) -> Counter[str]:
        """COPY every buffered row, table by table in load order, forget them, and count them per table."""
        written: Counter[str] = Counter()
        for table in TABLES:
            rows = self._pending[table.row_type]
            if not rows:
                continue
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table.name), sql.SQL(", ").join([sql.Identifier(column) for column in table.columns])
            )
            async with cursor.copy(statement) as copy:
                for row in rows:
                    await copy.write_row(row)
            written[table.name] += len(rows)
            rows.clear()
        return written
