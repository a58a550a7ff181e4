"""The ``oban`` package runs on the spec's job tables, and the models describe them exactly.

Everything runs against the real migrated database: ``oban`` inserts,
fetches, retries and cancels through its own SQL on ``errors jsonb[]``,
``tags varchar[]`` and ``integer`` counters, a real worker node runs jobs
for a few seconds at most, and the schema is checked against the spec and
against ``models.jobs``. Each test starts from empty job tables.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from oban import Cancel, Job, Oban, worker
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

import migrations
from models.base import Base
from models.jobs import ObanJob, ObanJobState, ObanPeer
from services.database_urls import libpq_url
from services.jobs import (
    MAINTENANCE_QUEUE,
    NOTIFICATIONS_QUEUE,
    RulingNotificationWorker,
    SessionCleanupWorker,
    build_client,
    enqueue_in_transaction,
    run_worker_node,
)

TEST_QUEUE = "desk_test"
NODE_QUEUES = {TEST_QUEUE: 2, NOTIFICATIONS_QUEUE: 2, MAINTENANCE_QUEUE: 1}
JOB_TABLES = frozenset({"oban_jobs", "oban_peers"})
WAIT_SECONDS = 15.0
"""Upper bound for any job to reach a state; a healthy run needs well under a second."""


@worker(queue=TEST_QUEUE, max_attempts=3)
class FailsFirstAttemptWorker:
    """Fails once, then succeeds; the hour-long backoff parks the failed job as ``retryable``."""

    def backoff(self, job: Job) -> int:
        return 3600

    async def process(self, job: Job) -> None:
        if job.attempt == 1:
            raise RuntimeError("first attempt fails")


@worker(queue=TEST_QUEUE, max_attempts=1)
class AlwaysFailsWorker:
    async def process(self, job: Job) -> None:
        raise RuntimeError("always fails")


@worker(queue=TEST_QUEUE)
class RunsUntilCancelledWorker:
    """Cooperates with cancellation the way ``oban`` asks long jobs to."""

    async def process(self, job: Job) -> Cancel:
        async with asyncio.timeout(WAIT_SECONDS):
            while not job.cancelled():
                await asyncio.sleep(0.02)
        return Cancel("stopped on request")


# -- fixtures and helpers ------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_job_tables(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        conn.execute("TRUNCATE oban_jobs, oban_peers, oban_leaders, oban_producers, unauthenticated_session")


@pytest.fixture
def migrated_engine(migrated_url: str) -> Iterator[Engine]:
    engine = create_engine(migrated_url)
    yield engine
    engine.dispose()


@asynccontextmanager
async def open_pool(conninfo: str) -> AsyncIterator[AsyncConnectionPool[Any]]:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(conninfo, min_size=1, max_size=4, open=False)
    await pool.open(wait=True, timeout=10)
    try:
        yield pool
    finally:
        await pool.close()


async def job_row(pool: AsyncConnectionPool[Any], job_id: int | None) -> dict[str, Any]:
    async with pool.connection() as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        await cur.execute("SELECT * FROM oban_jobs WHERE id = %s", (job_id,))
        row = await cur.fetchone()
    assert row is not None, f"job {job_id} does not exist"
    return row


async def wait_for_state(pool: AsyncConnectionPool[Any], job_id: int | None, state: str) -> dict[str, Any]:
    """Poll until the job reaches ``state``; fail after :data:`WAIT_SECONDS`."""
    row: dict[str, Any] = {}
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while (row := await job_row(pool, job_id))["state"] != state:
                await asyncio.sleep(0.05)
    except TimeoutError:
        pytest.fail(f"job {job_id} never reached {state!r}; last seen {row.get('state')!r}")
    return row


async def cancel_executing(client: Oban, pool: AsyncConnectionPool[Any], job_id: int | None) -> dict[str, Any]:
    """Cancel a running job, repeating the request until the job has stopped.

    Cancelling an executing job is a NOTIFY to the node running it, and
    NOTIFY is fire-and-forget: a node that started a moment ago may not be
    LISTENing yet. Repeats are harmless; the job stops at the first one.
    """
    row: dict[str, Any] = {}
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while (row := await job_row(pool, job_id))["state"] != "cancelled":
                await client.cancel_job(job_id)
                await asyncio.sleep(0.1)
    except TimeoutError:
        pytest.fail(f"job {job_id} was never cancelled; last seen {row.get('state')!r}")
    return row


async def job_count(pool: AsyncConnectionPool[Any]) -> int:
    async with pool.connection() as conn:
        row = await (await conn.execute("SELECT count(*) FROM oban_jobs")).fetchone()
    assert row is not None
    return int(row[0])


def column_shapes(conn: psycopg.Connection[Any], table: str) -> dict[str, tuple[str, bool, str | None, str]]:
    """Column -> (type, not null, default, identity kind) as PostgreSQL itself reports them."""
    rows = conn.execute(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity
        FROM pg_attribute a
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """,
        (table,),
    ).fetchall()
    return {name: (type_, not_null, default, identity) for name, type_, not_null, default, identity in rows}


def table_structure(conninfo: str) -> dict[str, Any]:
    """Columns, indexes, constraints of the job tables and the enum's labels, as the server reports them."""
    with psycopg.connect(conninfo) as conn:
        return {
            "columns": {table: column_shapes(conn, table) for table in sorted(JOB_TABLES)},
            "indexes": conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexname",
                (list(JOB_TABLES),),
            ).fetchall(),
            "constraints": conn.execute(
                """
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = ANY(ARRAY['oban_jobs'::regclass, 'oban_peers'::regclass])
                ORDER BY 1, 2
                """
            ).fetchall(),
            "persistence": conn.execute(
                "SELECT relname, relpersistence FROM pg_class WHERE relname = ANY(%s) ORDER BY relname",
                (list(JOB_TABLES),),
            ).fetchall(),
            "job_states": enum_labels(conn),
        }


def enum_labels(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'oban_job_state'::regtype ORDER BY enumsortorder"
    ).fetchall()
    return [label for (label,) in rows]


# -- the schema ----------------------------------------------------------------


def test_job_tables_keep_the_spec_column_types_after_oban_install(migrated_libpq_url: str) -> None:
    utc_now = "timezone('UTC'::text, now())"
    with psycopg.connect(migrated_libpq_url) as conn:
        jobs = column_shapes(conn, "oban_jobs")
        peers = column_shapes(conn, "oban_peers")
        states = enum_labels(conn)
        oban_objects = conn.execute(
            """
            SELECT to_regclass('oban_leaders') IS NOT NULL, to_regclass('oban_producers') IS NOT NULL,
                   to_regprocedure('oban_count_estimate(text, text)') IS NOT NULL
            """
        ).fetchone()

    assert jobs == {
        "id": ("bigint", True, None, "d"),
        "state": ("oban_job_state", True, "'available'::oban_job_state", ""),
        "queue": ("text", True, "'default'::text", ""),
        "worker": ("text", True, None, ""),
        "args": ("jsonb", True, "'{}'::jsonb", ""),
        "errors": ("jsonb[]", True, "'{}'::jsonb[]", ""),
        "attempt": ("integer", True, "0", ""),
        "max_attempts": ("integer", True, "20", ""),
        "inserted_at": ("timestamp without time zone", True, utc_now, ""),
        "scheduled_at": ("timestamp without time zone", True, utc_now, ""),
        "attempted_at": ("timestamp without time zone", False, None, ""),
        "completed_at": ("timestamp without time zone", False, None, ""),
        "attempted_by": ("text[]", False, None, ""),
        "discarded_at": ("timestamp without time zone", False, None, ""),
        "priority": ("integer", True, "0", ""),
        "tags": ("character varying[]", False, "'{}'::character varying[]", ""),
        "meta": ("jsonb", False, "'{}'::jsonb", ""),
        "cancelled_at": ("timestamp without time zone", False, None, ""),
    }
    assert peers == {
        "name": ("text", True, None, ""),
        "node": ("text", True, None, ""),
        "started_at": ("timestamp without time zone", True, None, ""),
        "expires_at": ("timestamp without time zone", True, None, ""),
    }
    assert states == [state.value for state in ObanJobState]
    assert states == [
        "available",
        "scheduled",
        "suspended",
        "executing",
        "retryable",
        "completed",
        "discarded",
        "cancelled",
    ]
    assert oban_objects == (True, True, True)


def test_autogenerate_finds_no_difference_for_the_job_tables(migrated_engine: Engine) -> None:
    def only_job_tables(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table in JOB_TABLES

    with migrated_engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={**migrations.AUTOGENERATE_OPTIONS, "include_object": only_job_tables},
        )
        assert compare_metadata(context, Base.metadata) == []


def test_models_build_exactly_the_migrated_job_tables(
    fresh_database: Callable[[], str], migrated_libpq_url: str
) -> None:
    """Autogenerate ignores index predicates, INCLUDE columns and CHECK constraints; this does not."""
    from_models = fresh_database()
    engine = create_engine(from_models)
    try:
        Base.metadata.create_all(engine, tables=[ObanJob.__table__, ObanPeer.__table__])
    finally:
        engine.dispose()

    assert table_structure(libpq_url(from_models)) == table_structure(migrated_libpq_url)


def test_downgrade_removes_everything_the_revision_created(fresh_database: Callable[[], str]) -> None:
    import migrations

    url = fresh_database()
    migrations.upgrade(url, "head")
    migrations.downgrade(url, "0001")

    with psycopg.connect(libpq_url(url)) as conn:
        leftovers = conn.execute(
            """
            SELECT relname FROM pg_class WHERE relname LIKE 'oban%'
            UNION ALL SELECT typname FROM pg_type WHERE typname LIKE '%oban%'
            UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE 'oban%'
            """
        ).fetchall()
    assert leftovers == []

    migrations.upgrade(url, "head")


def test_oban_peers_lets_exactly_one_elixir_node_lead(migrated_libpq_url: str) -> None:
    """Elixir Oban's ``Oban.Peers.Postgres`` statements, as Ecto sends them, on the spec's table."""
    join = """
        INSERT INTO oban_peers (name, node, started_at, expires_at)
        VALUES ('Oban', %s, timezone('UTC', now()), timezone('UTC', now()) + interval '30 seconds')
        ON CONFLICT DO NOTHING
    """
    refresh = """
        INSERT INTO oban_peers (name, node, started_at, expires_at)
        VALUES ('Oban', %s, timezone('UTC', now()), timezone('UTC', now()) + interval '30 seconds')
        ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at
    """
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        first_node_leads = conn.execute(join, ("app@one",)).rowcount
        second_node_leads = conn.execute(join, ("app@two",)).rowcount
        leader_refreshed = conn.execute(refresh, ("app@one",)).rowcount
        peers = conn.execute("SELECT node FROM oban_peers").fetchall()

    assert (first_node_leads, second_node_leads, leader_refreshed) == (1, 0, 1)
    assert peers == [("app@one",)]


# -- running jobs --------------------------------------------------------------


def test_enqueued_job_runs_to_completion(migrated_libpq_url: str, migrated_engine: Engine) -> None:
    entry_id = str(uuid.uuid4())

    async def scenario() -> dict[str, Any]:
        async with open_pool(migrated_libpq_url) as pool:
            client = build_client(pool)
            job = await client.enqueue(RulingNotificationWorker.new({"entry_id": entry_id}, tags=["Ruling", "qa"]))
            async with run_worker_node(pool, node="test-node", queues=NODE_QUEUES, leadership=False):
                return await wait_for_state(pool, job.id, "completed")

    row = asyncio.run(scenario())

    assert row["args"] == {"entry_id": entry_id}
    assert row["attempt"] == 1
    assert row["errors"] == []
    assert row["tags"] == ["qa", "ruling"]
    assert row["attempted_by"][0] == "test-node"
    assert row["completed_at"] is not None
    with Session(migrated_engine) as session:
        job = session.scalars(select(ObanJob).where(ObanJob.id == row["id"])).one()
    assert job.state is ObanJobState.COMPLETED
    assert job.worker == "services.jobs.ruling_notification.RulingNotificationWorker"


def test_failed_attempt_is_appended_to_errors_then_retried(migrated_libpq_url: str) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with open_pool(migrated_libpq_url) as pool:
            client = build_client(pool)
            job = await client.enqueue(FailsFirstAttemptWorker.new({}))
            async with run_worker_node(
                pool, node="test-node", queues=NODE_QUEUES, leadership=False, stager_interval=0.05
            ):
                retryable = await wait_for_state(pool, job.id, "retryable")
                # Skip the hour of backoff: the stager makes the job available again.
                async with pool.connection() as conn:
                    await conn.execute(
                        "UPDATE oban_jobs SET scheduled_at = timezone('UTC', now()) WHERE id = %s", (job.id,)
                    )
                completed = await wait_for_state(pool, job.id, "completed")
        return retryable, completed

    retryable, completed = asyncio.run(scenario())

    assert retryable["attempt"] == 1
    assert retryable["scheduled_at"] > datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=30)
    [error] = retryable["errors"]
    assert error["attempt"] == 1
    assert "first attempt fails" in error["error"]
    assert completed["attempt"] == 2
    assert completed["errors"] == [error]


def test_job_out_of_attempts_is_discarded_with_its_error(migrated_libpq_url: str) -> None:
    async def scenario() -> dict[str, Any]:
        async with open_pool(migrated_libpq_url) as pool:
            job = await build_client(pool).enqueue(AlwaysFailsWorker.new({}))
            async with run_worker_node(pool, node="test-node", queues=NODE_QUEUES, leadership=False):
                return await wait_for_state(pool, job.id, "discarded")

    row = asyncio.run(scenario())

    assert row["attempt"] == row["max_attempts"] == 1
    assert row["discarded_at"] is not None
    assert [error["attempt"] for error in row["errors"]] == [1]
    assert "always fails" in row["errors"][0]["error"]


def test_cancel_stops_waiting_and_executing_jobs(migrated_libpq_url: str) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with open_pool(migrated_libpq_url) as pool:
            client = build_client(pool)
            waiting = await client.enqueue(RulingNotificationWorker.new({"entry_id": "e"}, scheduled_in=3600))
            await client.cancel_job(waiting)
            async with run_worker_node(pool, node="test-node", queues=NODE_QUEUES, leadership=False) as node:
                running = await node.enqueue(RunsUntilCancelledWorker.new({}))
                await wait_for_state(pool, running.id, "executing")
                return await job_row(pool, waiting.id), await cancel_executing(client, pool, running.id)

    waiting, running = asyncio.run(scenario())

    assert waiting["cancelled_at"] is not None
    assert waiting["attempt"] == 0
    assert waiting["errors"] == []
    assert running["cancelled_at"] is not None
    assert [error["error"] for error in running["errors"]] == ["stopped on request"]


# -- enqueueing with the caller's transaction ----------------------------------


def test_enqueue_commits_and_rolls_back_with_a_psycopg_transaction(migrated_libpq_url: str) -> None:
    class RulingRejected(Exception):
        pass

    async def scenario() -> tuple[int, int]:
        async with open_pool(migrated_libpq_url) as pool:
            client = build_client(pool)
            async with pool.connection() as conn:
                with pytest.raises(RulingRejected):
                    async with conn.transaction():
                        job = RulingNotificationWorker.new({"entry_id": "rolled-back"})
                        await enqueue_in_transaction(client, job, conn)
                        raise RulingRejected
            after_rollback = await job_count(pool)
            async with pool.connection() as conn, conn.transaction():
                job = RulingNotificationWorker.new({"entry_id": "committed"})
                await enqueue_in_transaction(client, job, conn)
            return after_rollback, await job_count(pool)

    assert asyncio.run(scenario()) == (0, 1)


def test_enqueue_commits_and_rolls_back_with_a_sqlalchemy_session(migrated_url: str, migrated_libpq_url: str) -> None:
    class RulingRejected(Exception):
        pass

    async def scenario() -> tuple[int, int]:
        engine = create_async_engine(migrated_url)
        sessions = async_sessionmaker(engine)
        try:
            async with open_pool(migrated_libpq_url) as pool:
                client = build_client(pool)
                with pytest.raises(RulingRejected):
                    async with sessions() as session, session.begin():
                        job = RulingNotificationWorker.new({"entry_id": "rolled-back"})
                        await enqueue_in_transaction(client, job, session)
                        raise RulingRejected
                after_rollback = await job_count(pool)
                async with sessions() as session, session.begin():
                    job = RulingNotificationWorker.new({"entry_id": "committed"})
                    await enqueue_in_transaction(client, job, session)
                return after_rollback, await job_count(pool)
        finally:
            await engine.dispose()

    assert asyncio.run(scenario()) == (0, 1)


def test_enqueue_refuses_a_connection_that_would_commit_the_job_alone(migrated_libpq_url: str) -> None:
    async def scenario() -> int:
        async with open_pool(migrated_libpq_url) as pool:
            client = build_client(pool)
            conn = await psycopg.AsyncConnection.connect(migrated_libpq_url, autocommit=True)
            async with conn:
                with pytest.raises(ValueError, match="transaction"):
                    await enqueue_in_transaction(client, RulingNotificationWorker.new({"entry_id": "e"}), conn)
            return await job_count(pool)

    assert asyncio.run(scenario()) == 0


# -- workers -------------------------------------------------------------------


def test_session_cleanup_deletes_sessions_older_than_48_hours(migrated_libpq_url: str) -> None:
    fresh_token, stale_token = uuid.uuid4(), uuid.uuid4()

    async def scenario() -> list[uuid.UUID]:
        async with open_pool(migrated_libpq_url) as pool:
            async with pool.connection() as conn:
                for token, age in ((fresh_token, timedelta(hours=47)), (stale_token, timedelta(hours=49))):
                    await conn.execute(
                        """
                        INSERT INTO unauthenticated_session
                            (id, token, ip_address, inserted_at, application, property, proofs)
                        VALUES (gen_random_uuid(), %s, '203.0.113.7', timezone('UTC', now()) - %s, %s, %s, '{}')
                        """,
                        (token, age, Jsonb({"first_name": "Ada"}), Jsonb({"name": "Sunset Apartments"})),
                    )
            job = await build_client(pool).enqueue(SessionCleanupWorker.new())
            async with run_worker_node(pool, node="test-node", queues=NODE_QUEUES, leadership=False):
                await wait_for_state(pool, job.id, "completed")
            async with pool.connection() as conn:
                rows = await (await conn.execute("SELECT token FROM unauthenticated_session")).fetchall()
        return [token for (token,) in rows]

    assert asyncio.run(scenario()) == [fresh_token]
