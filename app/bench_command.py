"""``ruling-desk bench``: figures for the hot paths, against the raw-SQL floor.

Each hot path is timed through the service layer (engine, unit of work,
result objects) and, as its floor, the very same SQL statement run with a
bare psycopg cursor. The ratio says what our layers cost on top of what
PostgreSQL itself needs; the medians say what a reviewer waits. These are
figures to read and compare between commits, not pass/fail assertions.

On the embedded demo the queue is also timed as a demo reviewer and as the
demo property manager, signed in as themselves: that is the real hot path,
with row-level security in every plan (the owner bypasses it). The floor
for those runs as the same role, so the ratio still isolates our layers.
"""

from __future__ import annotations

import enum
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import Select

from app.async_runner import run_async
from app.connection import Connection, open_connection
from app.demo_setup import prepare_database
from app.engine import build_engine, build_unit_of_work
from app.settings import Settings
from app.sign_in_flow import prepare_sign_in
from demo.seed.accounts import PROPERTY_MANAGER_EMAIL, REVIEWER_1_EMAIL
from services.database_urls import libpq_url, redacted
from services.errors import Refusal
from services.queue import DEFAULT_PAGE_SIZE, OPEN_STATUSES, load_queue_page, page_statement
from services.queue_rows import QueueCursor
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Figure:
    name: str
    median_ms: float
    floor_ms: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.floor_ms if self.floor_ms else float("inf")


async def _median_ms(action: Callable[[], Awaitable[Any]], runs: int) -> float:
    await action()  # warm caches and plans once; the figure is the steady state
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _raw(statement: Select[Any]) -> tuple[str, dict[str, Any]]:
    compiled = statement.compile(dialect=postgresql.psycopg.dialect())  # type: ignore[attr-defined]
    params = {key: value.value if isinstance(value, enum.Enum) else value for key, value in compiled.params.items()}
    return str(compiled), params


async def _floor(conn: psycopg.AsyncConnection[Any], statement: Select[Any]) -> None:
    sql, params = _raw(statement)
    async with conn.cursor() as cursor:
        await cursor.execute(sql, params)  # type: ignore[arg-type]
        await cursor.fetchall()


async def _deep_cursor(uow: UnitOfWork, pages: int) -> QueueCursor | None:
    cursor = None
    for _ in range(pages):
        page = await load_queue_page(uow, after=cursor)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return cursor


async def _queue_figures(viewer: str, url: str, runs: int) -> list[Figure]:
    """The first and a deep queue page as ``viewer`` (whose URL this is), and their floors."""
    engine = build_engine(url)
    uow = build_unit_of_work(engine)
    statuses = sorted(OPEN_STATUSES)
    try:
        async with await psycopg.AsyncConnection.connect(libpq_url(url), autocommit=True) as conn:
            deep = await _deep_cursor(uow, 50)
            figures = []
            for name, after in (("first page", None), ("page 51 (keyset)", deep)):
                statement = page_statement(statuses, after, DEFAULT_PAGE_SIZE + 1)
                median = await _median_ms(lambda after=after: load_queue_page(uow, after=after), runs)
                floor = await _median_ms(lambda statement=statement: _floor(conn, statement), runs)
                figures.append(Figure(f"queue as {viewer}: {name}", median, floor))
    finally:
        await engine.dispose()
    return figures


async def _entry_count(url: str) -> int:
    async with await psycopg.AsyncConnection.connect(libpq_url(url)) as conn:
        row = await (await conn.execute("SELECT count(*) FROM entries")).fetchone()
        return int(row[0]) if row else 0


async def _measure(settings: Settings, connection: Connection, runs: int) -> tuple[int, list[Figure], list[str]]:
    viewers = [("owner", connection.url)]
    notes = []
    if settings.embedded:
        demo = await prepare_sign_in(settings, connection)
        for email in (REVIEWER_1_EMAIL, PROPERTY_MANAGER_EMAIL):
            try:
                viewers.append((email.split("@")[0], (await demo.sign_in_demo(email)).url))
            except Refusal as refusal:  # a refused sign-in, or the server gone meanwhile
                notes.append(f"not timed as {email}: {refusal}")
    figures = [figure for viewer, url in viewers for figure in await _queue_figures(viewer, url, runs)]
    return await _entry_count(connection.url), figures, notes


def run_bench(settings: Settings, *, runs: int) -> int:
    connection = open_connection(settings)
    try:
        prepare_database(connection, settings)  # the embedded demo: migrated, and seeded on first run
        entries, figures, notes = run_async(_measure(settings, connection, runs))
    finally:
        connection.close()
    print(f"database: {redacted(connection.url)} ({entries:,} entries); median of {runs} runs")
    print(f"{'hot path':<40}{'service ms':>12}{'raw SQL ms':>12}{'ratio':>8}")
    for figure in figures:
        print(f"{figure.name:<40}{figure.median_ms:>12.2f}{figure.floor_ms:>12.2f}{figure.ratio:>8.2f}")
    for note in notes:
        print(note)
    return 0
