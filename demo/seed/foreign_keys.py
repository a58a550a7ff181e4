"""Dropping the demo tables' foreign keys for the bulk load and putting them back.

Two reasons, both from the PostgreSQL manual's "Populating a Database":

- The schema has two FK cycles (``folders.last_entry_id`` ↔
  ``entries.folder_id`` and ``team.fde_manager_id`` ↔ ``users.team_id``),
  neither deferrable, so a folder and its latest entry cannot both be
  copied in with their final values while the constraints stand.
- Re-adding a constraint checks all rows in one join, which is much
  cheaper than one index probe per copied row.

The constraints are read from ``pg_constraint`` and re-created from
``pg_get_constraintdef`` under their own names, so this follows whatever
the migrations declare. Everything happens inside the seeding
transaction: if anything fails the drops roll back with it, and re-adding
a constraint validates every row, so the committed data is exactly as
checked as if the constraints had never been lifted. Needs table
ownership, which the seeding role (the schema owner) has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncCursor, sql


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    definition: str


async def drop_foreign_keys(cursor: AsyncCursor[Any], tables: list[str]) -> list[ForeignKey]:
    """Drop every FK declared on ``tables`` and return what is needed to re-create them."""
    await cursor.execute(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint AS c JOIN pg_class AS t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relname = ANY (%s) AND pg_table_is_visible(t.oid)
        ORDER BY t.relname, c.conname
        """,
        (tables,),
    )
    keys = [ForeignKey(table, name, definition) for table, name, definition in await cursor.fetchall()]
    for key in keys:
        await cursor.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(key.table), sql.Identifier(key.name))
        )
    return keys


async def restore_foreign_keys(cursor: AsyncCursor[Any], keys: list[ForeignKey]) -> None:
    """Re-create (and so validate) the constraints :func:`drop_foreign_keys` removed."""
    for key in keys:
        await cursor.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                sql.Identifier(key.table), sql.Identifier(key.name), sql.SQL(key.definition)
            )
        )
