"""Background jobs under the application roles: staff enqueue, a worker node (``rd_worker``) runs them.

The grants must be enough for the real ``oban`` code paths, not just for
hand-written SQL: a reviewer enqueues the ruling notification inside the
ruling's own transaction (through its named function), and a worker node
logged in as a ``rd_worker`` member fetches, runs and completes jobs,
including the session clean-up that deletes ``unauthenticated_session``
rows. Job-control signals are attacked in ``test_security_job_control``.
"""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from services.jobs import (
    MAINTENANCE_QUEUE,
    NOTIFICATIONS_QUEUE,
    enqueue_ruling_notification,
    enqueue_session_cleanup,
    run_worker_node,
)
from tests.security_roles import World, refused

WAIT_SECONDS = 15.0


async def job_state(world: World, job_id: int | None) -> str:
    async with await psycopg.AsyncConnection.connect(world.logins.owner_url) as owner:
        row = await (await owner.execute("SELECT state::text FROM oban_jobs WHERE id = %s", (job_id,))).fetchone()
    assert row is not None
    return str(row[0])


async def until_completed(world: World, job_id: int | None) -> None:
    async with asyncio.timeout(WAIT_SECONDS):
        while await job_state(world, job_id) != "completed":
            await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_a_ruling_and_its_notification_commit_together_and_a_worker_node_runs_it(world: World) -> None:
    a1 = world.screenings["A1"]
    async with world.pool("reviewer1") as reviewer_pool, reviewer_pool.connection() as conn, conn.transaction():
        await conn.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (a1.entry_id,))
        job_id = await enqueue_ruling_notification(conn, a1.entry_id)
    async with (
        world.pool("worker") as worker_pool,
        run_worker_node(worker_pool, node="security-test", queues={NOTIFICATIONS_QUEUE: 1}, leadership=False),
    ):
        await until_completed(world, job_id)
    with world.connect("admin") as admin:  # recorded in the outbox, once per kind; staff admins read it
        deliveries = admin.execute(
            "SELECT kind, entry_id, payload ->> 'event' FROM deliveries WHERE job_id = %s ORDER BY kind", (job_id,)
        ).fetchall()
    assert deliveries == [("notification", a1.entry_id, "entry.ruled"), ("webhook", a1.entry_id, "entry.ruled")]
    with world.connect("reviewer1") as reviewer, refused("42501", "permission denied for table deliveries"):
        reviewer.execute("SELECT count(*) FROM deliveries")


@pytest.mark.asyncio
async def test_the_session_clean_up_runs_as_a_worker_node(world: World) -> None:
    with world.owner() as owner:
        owner.execute(
            "INSERT INTO unauthenticated_session (ip_address, application, property, inserted_at)"
            " VALUES ('192.0.2.9', '{}', '{}', '2020-01-01')"
        )
    async with world.pool("admin") as admin_pool, admin_pool.connection() as conn, conn.transaction():
        job_id = await enqueue_session_cleanup(conn)
    async with (
        world.pool("worker") as worker_pool,
        run_worker_node(worker_pool, node="security-test-cleanup", queues={MAINTENANCE_QUEUE: 1}, leadership=False),
    ):
        await until_completed(world, job_id)
    with world.owner() as owner:
        assert owner.execute("SELECT count(*) FROM unauthenticated_session").fetchone() == (1,)


def test_staff_create_jobs_only_through_the_named_functions(world: World) -> None:
    """No INSERT: a person could name any of our workers with arguments of their choosing."""
    ours = "services.jobs.invitation_email.InvitationEmailWorker"
    insert = "INSERT INTO oban_jobs (worker, queue, args) VALUES (%s, %s, %s) RETURNING id"
    forged = '{"email": "victim@test.example", "token": "chosen-by-the-attacker"}'
    for who in ("reviewer1", "qa", "admin"):
        with world.connect(who) as conn, refused("42501", "permission denied for table oban_jobs"):
            conn.execute(insert, (ours, NOTIFICATIONS_QUEUE, forged))
    a2, b2 = world.screenings["A2"], world.screenings["B2"]
    with world.connect("reviewer1") as conn:
        with refused("42501", "Only the reviewer of entry"):
            conn.execute("SELECT rd_enqueue_ruling_notification(%s)", (a2.entry_id,))  # reviewer2's entry
        with refused("42501", "permission denied for function rd_enqueue_session_cleanup"):
            conn.execute("SELECT rd_enqueue_session_cleanup()")
    with world.connect("reviewer2") as conn, refused("22023", "no completed ruling"):
        conn.execute("SELECT rd_enqueue_ruling_notification(%s)", (a2.entry_id,))
    with world.connect("company_admin_a") as conn, refused("42501", "permission denied for function"):
        conn.execute("SELECT rd_enqueue_ruling_notification(%s)", (b2.entry_id,))


def test_staff_admins_manage_jobs_but_never_redirect_them(world: World) -> None:
    """Since revision 0010 staff admins change jobs only through the audited rd_*_jobs functions."""
    with world.connect("admin") as conn:
        row = conn.execute("SELECT rd_enqueue_session_cleanup()").fetchone()
        assert row is not None
        for statement in (
            "UPDATE oban_jobs SET worker = 'antigravity.Fly' WHERE id = %s",
            "UPDATE oban_jobs SET state = 'cancelled', cancelled_at = now() WHERE id = %s",
            "DELETE FROM oban_jobs WHERE id = %s",
        ):
            with refused("42501", "permission denied"):
                conn.execute(statement, row)
        cancelled = conn.execute("SELECT rd_cancel_jobs(ARRAY[%s]::bigint[])", row).fetchone()
        deleted = conn.execute("SELECT rd_delete_jobs(ARRAY[%s]::bigint[])", row).fetchone()
    assert (cancelled, deleted) == (([row[0]],), ([row[0]],))
