"""``ruling-desk bench``: figures for the hot paths, against the raw-SQL floor.

Each hot path is timed through the service layer (engine, unit of work,
result objects) and, as its floor, the very same SQL run with a bare
psycopg cursor. The ratio says what our layers cost on top of what
PostgreSQL itself needs; the median and 95th percentile say what a person
waits. These are figures to read and compare between commits, not
pass/fail assertions.

On the embedded demo every path is timed as the people who use it, signed
in as themselves: that is the real hot path, with row-level security in
every plan (the owner bypasses it). The queue is timed as the owner, a
demo reviewer, the demo property manager and the demo company admin
(the company side's narrowest and widest view); the reviewer's own paths
(claim-next, opening a case, submitting a ruling; see
:mod:`services.review_bench`, which leaves the data as it found it) as
every timed person whose group reviews. The floor runs as the same role,
so the ratio still isolates our layers. ``queue_search`` is the queues
area's search box over the unassigned pool (applicant name, email, short
id; :mod:`services.queue_search`) for a surname the person can see.
``ela_300dpi_scan`` is error-level analysis of a 2550 x 3300 scan off the
event loop (:mod:`app.forensic_bench`).

``--json`` prints one JSON object per path and role, one per line:
``{"path", "role", "entries", "median_ms", "p95_ms", "floor_median_ms"}``.
``--entries N`` seeds N demo entries when the embedded database is empty.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

import psycopg
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import Select

from app.async_runner import run_async
from app.case_documents import document_resolver
from app.connection import Connection, open_connection
from app.demo_defaults import DEFAULT_ENTRIES
from app.demo_setup import prepare_database
from app.engine import build_engine, build_unit_of_work
from app.forensic_bench import ela_figures
from app.settings import Settings
from app.sign_in_flow import prepare_sign_in
from demo.seed.accounts import COMPANY_ADMIN_EMAIL, PROPERTY_MANAGER_EMAIL, REVIEWER_1_EMAIL
from services.case import open_case
from services.database_urls import libpq_url, redacted
from services.errors import Refusal
from services.permissions import Group
from services.queue import DEFAULT_PAGE_SIZE, OPEN_STATUSES, load_queue_page, page_statement
from services.queue_query import QueueFilters, QueueQuery, QueueViewKind
from services.queue_rows import QueueCursor
from services.queue_scope import QueueScope, scope_of
from services.queue_search import ENTRY_QUEUE, search_queue, search_statement
from services.queue_sla import utc_now
from services.review_bench import PathFigure, ReviewerBench, Samples, sample
from services.unit_of_work import UnitOfWork
from ui.document_pages import DocumentPages, render_page

REVIEWING_GROUPS: Final = frozenset({"rd_reviewer", "rd_senior_reviewer"})
DEEP_PAGE: Final = 50
"""The deep page is page 51: a keyset cursor after 50 full pages."""


@dataclasses.dataclass(frozen=True)
class Viewer:
    role: str
    url: str


def _raw(statement: Select[Any]) -> tuple[str, dict[str, Any]]:
    compiled = statement.compile(
        dialect=postgresql.psycopg.dialect(),  # type: ignore[attr-defined]
        compile_kwargs={"render_postcompile": True},
    )
    params = {key: value.value if isinstance(value, enum.Enum) else value for key, value in compiled.params.items()}
    return str(compiled), params


async def _floor(conn: psycopg.AsyncConnection[Any], statement: Select[Any]) -> None:
    sql, params = _raw(statement)
    async with conn.cursor() as cursor:
        await cursor.execute(sql, params)  # type: ignore[arg-type]
        await cursor.fetchall()


async def _deep_cursor(uow: UnitOfWork, pages: int, scope: QueueScope) -> QueueCursor | None:
    cursor = None
    for _ in range(pages):
        page = await load_queue_page(uow, after=cursor, scope=scope)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return cursor


def _figure(path: str, role: str, entries: int, service: Samples, floor: Samples) -> PathFigure:
    return PathFigure(path, role, entries, service.median_ms, service.p95_ms, floor.median_ms)


async def _queue_figures(
    viewer: Viewer, uow: UnitOfWork, conn: psycopg.AsyncConnection[Any], entries: int, runs: int, scope: QueueScope
) -> list[PathFigure]:
    """The first and a deep queue page, and their floors, read as the workstation reads them for this person."""
    statuses = sorted(OPEN_STATUSES)
    deep = await _deep_cursor(uow, DEEP_PAGE, scope)
    figures = []
    for path, after in (("queue_first_page", None), ("queue_deep_page", deep)):
        statement = page_statement(statuses, after, DEFAULT_PAGE_SIZE + 1, scope)
        service = await sample(lambda after=after: load_queue_page(uow, after=after, scope=scope), runs)
        floor = await sample(lambda statement=statement: _floor(conn, statement), runs)
        figures.append(_figure(path, viewer.role, entries, service, floor))
    return figures + await _search_figures(viewer, uow, conn, entries, runs, scope)


async def _search_figures(
    viewer: Viewer, uow: UnitOfWork, conn: psycopg.AsyncConnection[Any], entries: int, runs: int, scope: QueueScope
) -> list[PathFigure]:
    """The search box over the unassigned pool, for the surname of the first applicant the person sees."""
    first = await load_queue_page(uow, after=None, limit=1, scope=scope)
    name = first.rows[0].applicant_name if first.rows else None
    if not name:
        return []
    query = QueueQuery(QueueViewKind.POOL, QueueFilters(search=name.split()[-1]))
    now = utc_now()
    statement = search_statement(ENTRY_QUEUE, query, None, DEFAULT_PAGE_SIZE + 1, now, scope=scope)
    service = await sample(lambda: search_queue(uow, query, limit=DEFAULT_PAGE_SIZE, now=now, scope=scope), runs)
    floor = await sample(lambda: _floor(conn, statement), runs)
    return [_figure("queue_search", viewer.role, entries, service, floor)]


async def _reviewer_figures(viewer: Viewer, bench: ReviewerBench, entries: int, notes: list[str]) -> list[PathFigure]:
    claimed = await bench.claim_next()
    if claimed is None:
        notes.append(f"reviewer paths not timed as {viewer.role}: the unassigned pool is empty")
        return []
    entry_id, claim_service, claim_floor = claimed
    return [
        _figure("claim_next", viewer.role, entries, claim_service, claim_floor),
        _figure("open_case", viewer.role, entries, *await bench.open_case(entry_id)),
        _figure("submit_ruling", viewer.role, entries, *await bench.submit_ruling()),
        *await _first_document_figures(viewer, bench, entry_id, entries, notes),
    ]


async def _first_document_figures(
    viewer: Viewer, bench: ReviewerBench, entry_id: uuid.UUID, entries: int, notes: list[str]
) -> list[PathFigure]:
    """The case view's first page, fetched and decoded into a paintable QImage with an empty cache each run.

    Its floor is the bare decode of the same bytes already in memory into the same QImage, on the calling
    thread: no store, no worker hand-off, no cache.
    """
    case = await open_case(bench.uow, entry_id)
    if not case.documents:
        notes.append(f"first_document not timed as {viewer.role}: the claimed entry has no documents")
        return []
    url = case.documents[0].file_url
    resolver = document_resolver(bench.uow)

    async def fresh_page() -> None:
        pages = DocumentPages(resolver)
        try:
            await pages.page(url, 0)
        finally:
            pages.close()

    stored = await resolver.fetch(url)
    service = await sample(fresh_page, bench.runs)

    async def bare_decode() -> None:
        render_page(stored.content, stored.media_type, 0)

    floor = await sample(bare_decode, bench.runs)
    return [_figure("first_document", viewer.role, entries, service, floor)]


@asynccontextmanager
async def _signed_in(viewer: Viewer) -> AsyncIterator[tuple[UnitOfWork, psycopg.AsyncConnection[Any], Any]]:
    engine = build_engine(viewer.url)
    try:
        async with await psycopg.AsyncConnection.connect(libpq_url(viewer.url), autocommit=True) as conn:
            yield build_unit_of_work(engine), conn, engine
    finally:
        await engine.dispose()


async def _figures_as(viewer: Viewer, entries: int, runs: int, notes: list[str]) -> list[PathFigure]:
    async with _signed_in(viewer) as (uow, conn, engine):
        row = await (await conn.execute("SELECT rd_current_group()")).fetchone()
        group = row[0] if row else None
        scope = scope_of(Group(group) if group else None)
        figures = await _queue_figures(viewer, uow, conn, entries, runs, scope)
        if group not in REVIEWING_GROUPS:
            return figures
        bench = ReviewerBench(engine, conn, runs=runs)
        return figures + await _reviewer_figures(viewer, bench, entries, notes)


async def _entry_count(url: str) -> int:
    async with await psycopg.AsyncConnection.connect(libpq_url(url)) as conn:
        row = await (await conn.execute("SELECT count(*) FROM entries")).fetchone()
        return int(row[0]) if row else 0


async def _measure(settings: Settings, connection: Connection, runs: int) -> tuple[int, list[PathFigure], list[str]]:
    viewers = [Viewer("owner", connection.url)]
    notes: list[str] = []
    if settings.embedded:
        demo = await prepare_sign_in(settings, connection)
        for email in (REVIEWER_1_EMAIL, PROPERTY_MANAGER_EMAIL, COMPANY_ADMIN_EMAIL):
            try:
                viewers.append(Viewer(email.split("@")[0], (await demo.sign_in_demo(email)).url))
            except Refusal as refusal:  # a refused sign-in, or the server gone meanwhile
                notes.append(f"not timed as {email}: {refusal}")
    entries = await _entry_count(connection.url)
    figures = [figure for viewer in viewers for figure in await _figures_as(viewer, entries, runs, notes)]
    return entries, figures + await ela_figures(entries, runs), notes


def run_bench(settings: Settings, *, runs: int, entries: int | None = None, as_json: bool = False) -> int:
    connection = open_connection(settings)
    try:
        # The embedded demo: migrated, and seeded on first run.
        prepare_database(connection, settings, entries=entries or DEFAULT_ENTRIES)
        count, figures, notes = run_async(_measure(settings, connection, runs))
    finally:
        connection.close()
    if entries is not None and entries != count:
        notes.append(f"the database already held {count:,} entries; --entries {entries:,} seeds only an empty one")
    if as_json:
        for figure in figures:
            print(json.dumps(dataclasses.asdict(figure)))
        for note in notes:
            print(note, file=sys.stderr)
        return 0
    print(f"database: {redacted(connection.url)} ({count:,} entries); median and p95 of {runs} runs")
    print(f"{'hot path':<18}{'as':<12}{'median ms':>11}{'p95 ms':>10}{'floor ms':>10}{'ratio':>8}")
    for f in figures:
        print(f"{f.path:<18}{f.role:<12}{f.median_ms:>11.2f}{f.p95_ms:>10.2f}{f.floor_median_ms:>10.2f}{f.ratio:>8.2f}")
    for note in notes:
        print(note)
    return 0
