"""The reviewer queue service against a real database: keyset paging, order, and names."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import event

from app.engine import build_engine, build_unit_of_work
from services.errors import DatabaseUnavailable
from services.queue import ReviewerQueue, count_queue, load_queue_page
from services.queue_rows import QueueCursor, QueueRow
from services.unit_of_work import UnitOfWork
from tests.conftest import TestServer
from tests.factories import (
    insert_applicant,
    insert_company,
    insert_entry,
    insert_folder,
    insert_property,
    insert_screening,
)
from tests.units_of_work import unit_of_work

BASE = datetime.datetime(2025, 3, 1, 8, 0)


@dataclass(frozen=True)
class QueueDatabase:
    url: str
    libpq_url: str


@pytest.fixture
def queue_db(pg_server: TestServer, migrated_template: str) -> Iterator[QueueDatabase]:
    """A database of this test's own, at head, dropped afterwards."""
    name = pg_server.create_database("queue", template=migrated_template)
    yield QueueDatabase(url=pg_server.admin_url(name), libpq_url=pg_server.libpq_url(name))
    with psycopg.connect(pg_server.libpq_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def all_pages(uow: UnitOfWork, limit: int) -> list[list[QueueRow]]:
    pages: list[list[QueueRow]] = []
    cursor: QueueCursor | None = None
    while True:
        page = await load_queue_page(uow, after=cursor, limit=limit)
        pages.append(list(page.rows))
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.mark.asyncio
async def test_pages_cover_every_open_entry_once_in_submission_order(queue_db: QueueDatabase) -> None:
    statuses = ["UNASSIGNED", "ASSIGNED", "IN_REVIEW", "COMPLETED"]
    expected_open: list[str] = []
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        # Inserted out of order, statuses interleaved, so order can only come from the query.
        for n in (7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 6, 4, 12):
            status = statuses[n % 4]
            insert_screening(
                conn, short_id=f"E-{n:07d}", submission_time=BASE + datetime.timedelta(minutes=n), review_status=status
            )
        expected_open = [f"E-{n:07d}" for n in range(13) if statuses[n % 4] != "COMPLETED"]

    async with unit_of_work(queue_db.url) as uow:
        pages = await all_pages(uow, limit=4)
        total = await count_queue(uow)

    assert [len(page) for page in pages] == [4, 4, 2]
    shown = [row.short_id for page in pages for row in page]
    assert shown == expected_open
    assert total == len(expected_open) == 10
    submitted = [row.submitted_at for page in pages for row in page]
    assert submitted == sorted(submitted)
    assert {row.review_status for page in pages for row in page} == {"UNASSIGNED", "ASSIGNED", "IN_REVIEW"}


@pytest.mark.asyncio
async def test_equal_submission_times_are_ordered_by_id_without_gaps_or_repeats(queue_db: QueueDatabase) -> None:
    ids = sorted(uuid.uuid4() for _ in range(7))
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        folder_id = insert_folder(conn, insert_property(conn, insert_company(conn)))
        for index, entry_id in reversed(list(enumerate(ids))):
            status = "ASSIGNED" if index % 2 else "UNASSIGNED"
            insert_entry(
                conn,
                folder_id,
                short_id=f"E-{index:07d}",
                submission_time=BASE,
                review_status=status,
                entry_id=entry_id,
            )

    async with unit_of_work(queue_db.url) as uow:
        pages = await all_pages(uow, limit=3)

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [row.entry_id for page in pages for row in page] == ids


@pytest.mark.asyncio
async def test_row_shows_first_applicant_property_and_ruling(queue_db: QueueDatabase) -> None:
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        property_id = insert_property(conn, insert_company(conn), name="Harbor View Apartments")
        folder_id = insert_folder(conn, property_id, property_name="Harbor View Apartments")
        entry_id = insert_entry(
            conn,
            folder_id,
            short_id="E-0000042",
            submission_time=BASE,
            review_status="IN_REVIEW",
            suggested_ruling="FRAUD",
        )
        # Inserted second but created first: "first" means by inserted_at, not by insertion order.
        insert_applicant(conn, entry_id, full_name="Second Person", inserted_at=BASE + datetime.timedelta(hours=1))
        insert_applicant(conn, entry_id, first_name="Ada", last_name="Lovelace", inserted_at=BASE)
        # No denormalised property name on the folder: the property's own name is shown.
        bare_folder = insert_folder(conn, property_id, property_name=None)
        insert_entry(conn, bare_folder, short_id="E-0000043", submission_time=BASE + datetime.timedelta(hours=2))

    async with unit_of_work(queue_db.url) as uow:
        page = await load_queue_page(uow, after=None)

    first, second = page.rows
    assert first == QueueRow(
        entry_id=entry_id,
        short_id="E-0000042",
        applicant_name="Ada Lovelace",
        property_name="Harbor View Apartments",
        submitted_at=BASE,
        review_status="IN_REVIEW",
        suggested_ruling="FRAUD",
    )
    assert (second.short_id, second.applicant_name, second.property_name) == (
        "E-0000043",
        None,
        "Harbor View Apartments",
    )
    assert page.next_cursor is None


@pytest.mark.asyncio
async def test_entries_without_submission_time_wait_outside_the_queue(queue_db: QueueDatabase) -> None:
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        insert_screening(conn, short_id="E-0000001", submission_time=None)
        insert_screening(conn, short_id="E-0000002", submission_time=BASE)

    async with unit_of_work(queue_db.url) as uow:
        page = await load_queue_page(uow, after=None)
        total = await count_queue(uow)

    assert [row.short_id for row in page.rows] == ["E-0000002"]
    assert total == 1


@pytest.mark.asyncio
async def test_empty_queue_is_one_empty_page_without_cursor(queue_db: QueueDatabase) -> None:
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        insert_screening(conn, short_id="E-0000001", review_status="COMPLETED")

    async with unit_of_work(queue_db.url) as uow:
        page = await ReviewerQueue(uow).load_page(None, 50)
        total = await ReviewerQueue(uow).count()

    assert page.rows == ()
    assert page.next_cursor is None
    assert total == 0


@pytest.mark.asyncio
async def test_exactly_full_last_page_has_no_cursor(queue_db: QueueDatabase) -> None:
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        for n in range(4):
            insert_screening(conn, short_id=f"E-{n:07d}", submission_time=BASE + datetime.timedelta(minutes=n))

    async with unit_of_work(queue_db.url) as uow:
        pages = await all_pages(uow, limit=2)

    assert [len(page) for page in pages] == [2, 2]


@pytest.mark.asyncio
async def test_unreachable_database_is_reported_as_one_line(pg_server: TestServer) -> None:
    missing = pg_server.admin_url("no_such_database")
    async with unit_of_work(missing) as uow:
        with pytest.raises(DatabaseUnavailable) as failure:
            await load_queue_page(uow, after=None)

    assert 'database "no_such_database" does not exist' in str(failure.value)
    assert "\n" not in str(failure.value)


@pytest.mark.asyncio
async def test_queue_query_reads_the_queue_index_and_never_offsets(queue_db: QueueDatabase) -> None:
    """EXPLAIN on a table big enough for the planner to care: index ranges, no full sort, no OFFSET."""
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        folder_id = insert_folder(conn, insert_property(conn, insert_company(conn)))
        conn.execute(
            """
            INSERT INTO entries (folder_id, short_id, submission_time, review_status)
            SELECT %s, 'E-' || lpad(n::text, 7, '0'), %s + make_interval(secs => n),
                   (ARRAY['UNASSIGNED', 'ASSIGNED', 'IN_REVIEW', 'COMPLETED'])[1 + n %% 4]
            FROM generate_series(1, 20000) AS n
            """,
            (folder_id, BASE),
        )
        conn.execute("INSERT INTO applicants (entry_id, full_name) SELECT id, 'Applicant ' || short_id FROM entries")
        conn.execute("ANALYZE entries, applicants, folders, properties")

    engine = build_engine(queue_db.url)
    statements: list[tuple[str, object]] = []

    def capture(conn: object, cursor: object, sql: str, params: object, context: object, many: bool) -> None:
        statements.append((sql, params))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        uow = build_unit_of_work(engine)
        first = await load_queue_page(uow, after=None, limit=50)
        statements.clear()
        await load_queue_page(uow, after=first.next_cursor, limit=50)
        [(sql, params)] = [(sql, params) for sql, params in statements if "FROM entries" in sql]
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
        async with engine.connect() as connection:
            raw = await connection.exec_driver_sql("EXPLAIN " + sql, params)  # type: ignore[arg-type]
            plan = "\n".join(row[0] for row in raw)
    finally:
        await engine.dispose()

    assert "OFFSET" not in sql.upper()
    assert plan.count("ix_entries_review_queue") == 3, plan
    assert "Seq Scan on entries" not in plan, plan
    assert "ix_applicants_entry_id" in plan, plan


@pytest.mark.asyncio
async def test_rows_for_reads_back_only_the_asked_entries_still_in_the_queue(queue_db: QueueDatabase) -> None:
    """What a live update re-reads: the asked ids that are open and submitted, in queue order, page-shaped."""
    with psycopg.connect(queue_db.libpq_url, autocommit=True) as conn:
        later = insert_screening(conn, short_id="E-LATER", applicant="Grace Hopper", submission_time=BASE)
        earlier = insert_screening(
            conn, short_id="E-EARLY", submission_time=BASE - datetime.timedelta(hours=1), review_status="IN_REVIEW"
        )
        ruled = insert_screening(conn, short_id="E-RULED", review_status="COMPLETED")
        unsubmitted = insert_screening(conn, short_id="E-DRAFT", submission_time=None)
        not_asked = insert_screening(conn, short_id="E-OTHER")

    asked = [later.entry_id, ruled.entry_id, unsubmitted.entry_id, earlier.entry_id, uuid.uuid4()]
    async with unit_of_work(queue_db.url) as uow:
        rows = await ReviewerQueue(uow).rows_for(asked)
        page = await load_queue_page(uow, after=None)
        nothing = await ReviewerQueue(uow).rows_for([])

    assert [row.short_id for row in rows] == ["E-EARLY", "E-LATER"]
    assert rows[1].applicant_name == "Grace Hopper"
    # The same columns as the page shows the same entries.
    assert set(rows) <= set(page.rows)
    assert not_asked.entry_id in {row.entry_id for row in page.rows}
    assert nothing == ()
