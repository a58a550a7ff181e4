"""API-key and job changes reach other workstations: one admin changes, another admin's listener hears.

Two staff administrators, each with their own login: the first listens on
``rd_changes`` as the workstation does (:class:`ChangeListener`), the
second issues and deactivates a key and enqueues and cancels a job
through the database's functions. The triggers' payloads are checked too:
job ids are bigints, and only a state change of a job is announced.
"""

from __future__ import annotations

import psycopg
import pytest

from services.change_listener import CHANNEL, ChangeListener
from services.changes import ChangeKind, Changes
from tests.security_roles import World
from tests.ui.conftest import wait_until


@pytest.fixture(scope="module")
def second_admin(world: World) -> str:
    """Another staff administrator's login, at another workstation."""
    with world.owner() as owner:
        return world.logins.person(owner, "admin-two", "admin", team_id=world.team_id).login


def notified(conn: psycopg.Connection, *, within: float = 1.0) -> list[str]:
    return [notification.payload for notification in conn.notifies(timeout=within)]


def test_a_job_is_announced_by_id_when_inserted_moved_to_another_state_or_deleted(world: World) -> None:
    with world.connect("admin") as listener, world.owner() as owner:
        listener.execute(f"LISTEN {CHANNEL}")
        row = owner.execute(
            "INSERT INTO oban_jobs (queue, worker, args, state) VALUES"
            " ('desk_live_test', 'services.jobs.session_cleanup.SessionCleanupWorker', '{}', 'scheduled') RETURNING id"
        ).fetchone()
        assert row is not None
        job_id = row[0]
        assert notified(listener) == [f"job:{job_id}"]

        owner.execute("UPDATE oban_jobs SET meta = '{\"seen\": true}', state = state WHERE id = %s", (job_id,))
        assert notified(listener, within=0.5) == []  # nothing a jobs panel counts changed

        owner.execute("UPDATE oban_jobs SET state = 'available' WHERE id = %s", (job_id,))
        owner.execute("DELETE FROM oban_jobs WHERE id = %s", (job_id,))
        assert notified(listener) == [f"job:{job_id}", f"job:{job_id}"]


@pytest.mark.asyncio
async def test_the_other_admins_listener_hears_key_and_job_changes(world: World, second_admin: str) -> None:
    delivered: list[Changes] = []
    listener = ChangeListener(world.logins.url(world.login("admin")), delivered.append, burst=0.05)
    try:
        assert await listener.start()
        with world.logins.connect(second_admin) as other:
            row = other.execute(
                "SELECT api_key_id FROM rd_issue_api_key('Yardi sync', false, %s, NULL,"
                " (SELECT id FROM role WHERE name = 'read_only'))",
                (world.company_a,),
            ).fetchone()
            assert row is not None
            key_id = row[0]
        await wait_until(lambda: any(c.touches(ChangeKind.API_KEY) for c in delivered), timeout=5, what="the new key")
        assert not any(c.touches(ChangeKind.JOB) for c in delivered)

        delivered.clear()
        with world.logins.connect(second_admin) as other:
            other.execute("SELECT rd_set_api_key_active(%s, false)", (key_id,))
        await wait_until(lambda: any(c.touches(ChangeKind.API_KEY) for c in delivered), timeout=5, what="deactivation")

        delivered.clear()
        with world.logins.connect(second_admin) as other:
            job = other.execute("SELECT rd_enqueue_session_cleanup()").fetchone()
            assert job is not None
        await wait_until(lambda: any(c.touches(ChangeKind.JOB) for c in delivered), timeout=5, what="the new job")

        delivered.clear()
        with world.logins.connect(second_admin) as other:
            assert other.execute("SELECT rd_cancel_jobs(ARRAY[%s]::bigint[])", (job[0],)).fetchone() == ([job[0]],)
        await wait_until(lambda: any(c.touches(ChangeKind.JOB) for c in delivered), timeout=5, what="the cancel")
        assert all(not c.resync for c in delivered)
        with world.owner() as owner:
            owner.execute("DELETE FROM oban_jobs WHERE id = %s", (job[0],))
    finally:
        await listener.stop()
