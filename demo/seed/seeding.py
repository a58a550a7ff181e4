"""``seed_demo_data``: the whole demo data set in one transaction, streamed with COPY.

The steps, all inside one transaction so a failed or interrupted seed
leaves nothing behind:

1. Take a transaction-level advisory lock, so two workstations starting
   on an empty central database at once do not both seed it, and refuse
   a database that already holds demo-populated rows: one query, before
   any table lock, since every embedded start asks.
2. Pause the audit triggers on the demo tables for this transaction
   (:mod:`.audit_pause`): demo data is nobody's change to audit, and an
   audit row per review, document review and result would double the
   time of a large seed. They are enabled again before commit. With
   ``replace``, ``TRUNCATE … RESTART IDENTITY CASCADE`` the demo tables.
   The lookup tables the migrations seed (``role``, ``fraud_result_types``,
   ``country``) are never touched; CASCADE also empties tables that point
   at demo rows (invitations, API keys, reports…), which would otherwise
   reference users and companies that no longer exist.
3. Build (or reuse) the document pool, in a worker thread.
4. Drop the demo tables' foreign keys (:mod:`.foreign_keys`).
5. Organisations, then screenings folder by folder, flushed with COPY
   every :data:`CHUNK_ENTRIES` entries; memory stays bounded by the chunk,
   whatever the number of entries.
6. Re-create the foreign keys (validating every row) and ``ANALYZE``.

Determinism: for a given (seed, entries) every id, short id, name, choice
and number is the same; only timestamps move with the ``now`` the seed is
anchored to (pass ``now`` to pin them too).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import psycopg
from psycopg import AsyncCursor, sql

from demo.documents import build_pool

from .audit_pause import pause_audit_triggers, resume_audit_triggers
from .bulk_copy import CopyBatch
from .document_shelf import DocumentShelf
from .foreign_keys import drop_foreign_keys, restore_foreign_keys
from .forensics import seed_forensics
from .organizations import build_organization
from .rows import TABLES, EntryRow
from .screenings import ScreeningWriter
from .timeline import Timeline

CHUNK_ENTRIES: Final = 5000
SEED_LOCK_KEY: Final = 0x5EED_DE30
"""``pg_advisory_xact_lock`` key held while seeding (any constant unique to this purpose)."""

DEMO_TABLES: Final = tuple(table.name for table in TABLES)


def pool_size(entries: int) -> int:
    """Documents in the pool: 120 for demo-sized data sets, 240 beyond 20,000 entries.

    Two sizes only, so re-seeding at a similar scale reuses the pool on
    disk instead of drawing it again (drawing takes ~65 ms a document).
    """
    return 120 if entries <= 20_000 else 240


class DatabaseNotEmpty(RuntimeError):
    """The database already holds rows the demo would populate; nothing was changed."""

    def __init__(self, table: str, rows: int | None = None) -> None:
        self.table = table
        self.rows = rows  # counted for entries only
        what = f"{rows:,} entries" if rows is not None else f"rows in {table}"
        super().__init__(f"the database already holds {what}; seeding would mix demo data into it")


SeedProgress = Callable[[str, int], None]
"""Told the stage ("preparing documents", "writing entries", "restoring constraints") and the entries written.

Called between chunks, on the event loop: it must be quick (print a line)."""


@dataclass(frozen=True)
class SeedReport:
    """What one seeding run wrote, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)  # table → rows written
    documents: int = 0  # documents in the pool
    pool_seconds: float = 0.0
    seconds: float = 0.0  # everything, pool included

    @property
    def entries(self) -> int:
        return self.rows.get("entries", 0)


async def seed_demo_data(
    conn: psycopg.AsyncConnection[Any],
    *,
    documents_dir: Path,
    entries: int,
    seed: int,
    replace: bool = False,
    now: datetime | None = None,
    progress: SeedProgress | None = None,
) -> SeedReport:
    """Fill the demo tables with ``entries`` screenings and everything around them.

    ``conn`` must be connected to a database migrated to head, as a role
    that owns the tables (the foreign keys are lifted during the load).
    ``now`` (naive UTC) anchors the submission times; by default the
    current time. Raises :class:`DatabaseNotEmpty` if demo tables hold rows
    and ``replace`` is false. ``progress`` hears how far it got (a million
    entries take minutes).
    """
    if entries < 1:
        raise ValueError("the demo needs at least one entry")
    started = time.perf_counter()
    anchor = now or datetime.now(UTC).replace(tzinfo=None)
    report = progress or _silent
    async with conn.transaction(), conn.cursor() as cursor:
        await cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SEED_LOCK_KEY,))
        if not replace:
            # Before anything takes table locks: a start on a seeded database ends here.
            await _refuse_if_populated(cursor)
        audit_triggers = await pause_audit_triggers(cursor, list(DEMO_TABLES))
        if replace:
            await _truncate_demo_tables(cursor)

        report("preparing documents", 0)
        pool_started = time.perf_counter()
        pool = await asyncio.to_thread(build_pool, documents_dir, seed=seed, size=pool_size(entries))
        pool_seconds = time.perf_counter() - pool_started

        foreign_keys = await drop_foreign_keys(cursor, list(DEMO_TABLES))
        batch = CopyBatch()
        organization = build_organization(
            batch, seed=seed, entries=entries, now=anchor, country_ids=await _lookup(cursor, "country", "iso_code")
        )
        writer = ScreeningWriter(
            batch,
            seed=seed,
            entries=entries,
            timeline=Timeline(anchor, entries),
            organization=organization,
            shelf=DocumentShelf(pool),
            result_type_ids=await _lookup(cursor, "fraud_result_types", "code"),
        )
        written = await batch.flush(cursor)  # the organisation
        written += await _stream_screenings(writer, batch, cursor, report)
        report("restoring constraints", written["entries"])
        await restore_foreign_keys(cursor, foreign_keys)
        await seed_forensics(cursor, pool)
        await resume_audit_triggers(cursor, audit_triggers)
        await cursor.execute(sql.SQL("ANALYZE {}").format(_table_list()))
    return SeedReport(
        rows=dict(written),
        documents=len(pool),
        pool_seconds=pool_seconds,
        seconds=time.perf_counter() - started,
    )


async def _stream_screenings(
    writer: ScreeningWriter, batch: CopyBatch, cursor: AsyncCursor[Any], progress: SeedProgress
) -> Counter[str]:
    """Write folders until a chunk of entries is pending, copy the chunk, repeat.

    (Generating the next chunk in a worker thread while this one is copied
    was measured: the GIL contention ate the overlap, so it stays simple.)
    """
    written: Counter[str] = Counter()
    while not writer.done:
        writer.write_folder()
        if batch.pending(EntryRow) >= CHUNK_ENTRIES:
            written += await batch.flush(cursor)
            progress("writing entries", written["entries"])
    written += await batch.flush(cursor)
    progress("writing entries", written["entries"])
    return written


def _silent(stage: str, entries: int) -> None:
    """No one is listening (the workstation's first-run seed)."""


async def _refuse_if_populated(cursor: AsyncCursor[Any]) -> None:
    """One round trip: the entry count, and the first other demo table that holds rows."""
    others = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {name} WHERE EXISTS (SELECT FROM {table})").format(
            name=sql.Literal(table), table=sql.Identifier(table)
        )
        for table in DEMO_TABLES
    )
    await cursor.execute(sql.SQL("SELECT (SELECT count(*) FROM entries), ({} LIMIT 1)").format(others))
    row = await cursor.fetchone()
    entries, populated = row if row else (0, None)
    if entries:
        raise DatabaseNotEmpty("entries", entries)
    if populated is not None:
        raise DatabaseNotEmpty(populated)


async def _truncate_demo_tables(cursor: AsyncCursor[Any]) -> None:
    await cursor.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(_table_list()))


def _table_list() -> sql.Composed:
    return sql.SQL(", ").join([sql.Identifier(table) for table in DEMO_TABLES])


async def _lookup(cursor: AsyncCursor[Any], table: str, key: str) -> dict[str, int]:
    """A migration-seeded lookup table as ``{key: id}`` (ids are looked up, never assumed)."""
    await cursor.execute(sql.SQL("SELECT {}, id FROM {}").format(sql.Identifier(key), sql.Identifier(table)))
    return {name: identifier for name, identifier in await cursor.fetchall()}
