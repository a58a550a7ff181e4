"""Revision 0010 as each role sees it: API key secrets unrecoverable, key and job control staff-admin only.

Plain psycopg as every person of the security world (and the worker
node): nobody reads a key's hash, by table or by column; only staff
administrators deactivate, reactivate or delete keys and retry, cancel or
delete jobs, each refused with SQLSTATE 42501; a job an SQL function
inserts wakes a node at once even when the node polls rarely.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import time

import psycopg
import pytest

from services.jobs import NOTIFICATIONS_QUEUE, run_worker_node
from tests.security_roles import World, refused

ISSUE = (
    "SELECT api_key_id, secret"
    " FROM rd_issue_api_key(%s, false, %s, NULL, (SELECT id FROM role WHERE name = 'read_only'))"
)
VERIFY = "SELECT api_key_id FROM rd_verify_api_key(%s)"
JOB_FUNCTIONS = ("rd_retry_jobs", "rd_cancel_jobs", "rd_delete_jobs")
NOT_STAFF_ADMINS = ("company_admin_a", "qa", "reviewer1", "senior", "company_user_a", "worker")


def _issue(world: World, description: str) -> tuple[str, str]:
    with world.connect("admin") as conn:
        row = conn.execute(ISSUE, (description, world.company_a)).fetchone()
    assert row is not None
    return str(row[0]), row[1]


def test_no_role_can_recover_a_secret_or_its_hash(world: World) -> None:
    key_id, secret = _issue(world, "recoverable?")
    digest = hashlib.sha256(secret.encode()).hexdigest()
    for who in ("admin", *NOT_STAFF_ADMINS):
        with world.connect(who) as conn:
            privileges = conn.execute(
                "SELECT has_column_privilege('api_keys', 'key', 'SELECT'), has_table_privilege('api_keys', 'SELECT')"
            ).fetchone()
            assert privileges == (False, False), who
            with refused("42501", "permission denied for table api_keys"):
                conn.execute("SELECT key FROM api_keys")
            readable = (
                conn.execute(
                    "SELECT count(*) FROM audit_log WHERE new_values::text LIKE %s OR old_values::text LIKE %s",
                    (f"%{digest}%", f"%{digest}%"),
                ).fetchone()
                if conn.execute("SELECT has_table_privilege('audit_log', 'SELECT')").fetchone() == (True,)
                else (0,)
            )
            assert readable == (0,), who
    with world.owner() as owner:  # the secret itself is nowhere, only its hash in api_keys.key
        assert owner.execute("SELECT count(*) FROM api_keys WHERE key = %s", (secret,)).fetchone() == (0,)
        assert owner.execute("SELECT key FROM api_keys WHERE id = %s", (key_id,)).fetchone() == (digest,)


def test_verification_accepts_the_key_records_its_use_and_refuses_it_once_deactivated(world: World) -> None:
    key_id, secret = _issue(world, "verify me")
    with world.connect("worker") as conn:
        assert [str(r[0]) for r in conn.execute(VERIFY, (secret,)).fetchall()] == [key_id]
        assert conn.execute(VERIFY, ("rdk_00000000_" + "0" * 64,)).fetchall() == []
    with world.connect("admin") as conn:
        last_used = conn.execute("SELECT last_used_at FROM api_keys WHERE id = %s", (key_id,)).fetchone()
        assert last_used is not None and last_used[0] is not None
        assert abs(last_used[0] - datetime.datetime.now(datetime.UTC).replace(tzinfo=None)) < datetime.timedelta(
            minutes=1
        )
        conn.execute("SELECT rd_set_api_key_active(%s, false)", (key_id,))
    with world.connect("worker") as conn:
        assert conn.execute(VERIFY, (secret,)).fetchall() == []
    with world.connect("admin") as conn:
        conn.execute("SELECT rd_set_api_key_active(%s, true)", (key_id,))
    with world.connect("worker") as conn:
        assert len(conn.execute(VERIFY, (secret,)).fetchall()) == 1
    with world.connect("admin") as conn:
        conn.execute("SELECT rd_delete_api_key(%s)", (key_id,))
        with refused("P0002", "There is no API key"):
            conn.execute("SELECT rd_delete_api_key(%s)", (key_id,))
    with world.connect("worker") as conn:
        assert conn.execute(VERIFY, (secret,)).fetchall() == []
    with world.owner() as owner:  # a use is not audited, the changes are
        actions = owner.execute(
            "SELECT action FROM audit_log WHERE table_name = 'api_keys' AND row_id = %s ORDER BY id", (key_id,)
        ).fetchall()
    assert [a for (a,) in actions] == ["INSERT", "UPDATE", "UPDATE", "DELETE"]


@pytest.mark.parametrize("who", NOT_STAFF_ADMINS)
def test_only_staff_admins_control_keys_and_jobs(world: World, who: str) -> None:
    key_id, secret = _issue(world, f"not {who}'s")
    with world.owner() as owner:
        job = owner.execute(
            "INSERT INTO oban_jobs (queue, worker, state, scheduled_at) VALUES ('desk_test', 'services.jobs.x.Y',"
            " 'scheduled', now() + interval '1 day') RETURNING id"
        ).fetchone()
    assert job is not None
    with world.connect(who) as conn:
        for call in ("SELECT rd_set_api_key_active(%s, false)", "SELECT rd_delete_api_key(%s)"):
            with refused("42501", "permission denied for function"):
                conn.execute(call, (key_id,))
        for function in JOB_FUNCTIONS:
            with refused("42501", f"permission denied for function {function}"):
                conn.execute(f"SELECT {function}(ARRAY[%s]::bigint[])", job)
        if who != "worker":  # the worker node owns the job rows
            for statement in (
                "UPDATE oban_jobs SET state = 'available' WHERE id = %s",
                "DELETE FROM oban_jobs WHERE id = %s",
            ):
                with refused("42501", "permission denied for table oban_jobs"):
                    conn.execute(statement, job)
    with world.connect("worker") as conn:
        assert len(conn.execute(VERIFY, (secret,)).fetchall()) == 1
    with world.owner() as owner:
        assert owner.execute("SELECT state::text FROM oban_jobs WHERE id = %s", job).fetchone() == ("scheduled",)
        owner.execute("DELETE FROM oban_jobs WHERE id = %s", job)


def test_job_control_changes_what_oban_would_and_is_audited(world: World) -> None:
    with world.owner() as owner:
        ids = [
            row[0]
            for row in owner.execute(
                "INSERT INTO oban_jobs (queue, worker, state, attempt, max_attempts, scheduled_at)"
                " SELECT 'desk_test', 'services.jobs.x.Y', s::oban_job_state, 3, 3, now() + interval '1 day'"
                " FROM unnest(ARRAY['discarded', 'executing', 'scheduled']) AS s RETURNING id"
            ).fetchall()
        ]
    discarded, executing, scheduled = ids
    with world.connect("admin") as conn:
        assert conn.execute("SELECT rd_retry_jobs(%s)", (ids,)).fetchone() == ([discarded, scheduled],)
        retried = conn.execute("SELECT state::text, max_attempts FROM oban_jobs WHERE id = %s", (discarded,)).fetchone()
        assert retried == ("available", 4)
        assert conn.execute("SELECT rd_cancel_jobs(%s)", (ids,)).fetchone() == ([discarded, scheduled, executing],)
        assert conn.execute("SELECT rd_delete_jobs(%s)", (ids,)).fetchone() == ([discarded, scheduled],)
        remaining = conn.execute("SELECT id, state::text FROM oban_jobs WHERE id = ANY(%s)", (ids,)).fetchall()
        assert remaining == [(executing, "executing")]  # told to stop (pkill), never deleted under its node
        audit = conn.execute(
            "SELECT new_values ->> 'action', new_values -> 'affected' FROM audit_log"
            " WHERE table_name = 'job_control' ORDER BY id DESC LIMIT 3"
        ).fetchall()
        pkill = conn.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'job_signals' AND new_values = %s::jsonb",
            (f'{{"action": "pkill", "job_id": {executing}}}',),
        ).fetchone()
    assert [a for a, _ in audit] == ["delete", "cancel", "retry"]
    assert pkill == (1,)
    with world.owner() as owner:
        owner.execute("DELETE FROM oban_jobs WHERE id = %s", (executing,))


@pytest.mark.asyncio
async def test_a_job_inserted_by_an_sql_function_wakes_a_node_at_once(world: World) -> None:
    """rd_create_invitation notifies the bare "oban_insert"; the trigger notifies the channel nodes hear."""
    async with (
        world.pool("worker") as worker_pool,
        run_worker_node(
            worker_pool, node="wake-test", queues={NOTIFICATIONS_QUEUE: 1}, leadership=False, stager_interval=60.0
        ),
    ):
        await asyncio.sleep(0.5)  # the node is listening
        started = time.monotonic()
        with world.connect("admin") as conn:
            conn.execute(
                "SELECT * FROM rd_create_invitation(%s, 'Wade', 'Wake', 'reviewer', NULL, NULL, NULL, '{}', false,"
                " interval '1 day')",
                (world.logins.email("wake"),),
            )
        with world.owner() as owner:
            job = owner.execute(
                "SELECT id FROM oban_jobs WHERE args ->> 'email' = %s", (world.logins.email("wake"),)
            ).fetchone()
        assert job is not None
        while time.monotonic() - started < 1.0:
            with world.owner() as owner:
                state = owner.execute("SELECT state::text FROM oban_jobs WHERE id = %s", job).fetchone()
            if state == ("completed",):
                break
            await asyncio.sleep(0.05)
        assert state == ("completed",), f"still {state} after a second: the node was not woken"


def test_a_trigger_on_oban_jobs_notifies_the_prefixed_channel(world: World) -> None:
    with psycopg.connect(world.logins.url(world.worker), autocommit=True) as listener:
        listener.execute('LISTEN "public.oban_insert"')
        with world.owner() as owner:
            owner.execute(
                "INSERT INTO oban_jobs (queue, worker) VALUES ('desk_wake_probe', 'services.jobs.x.Y') RETURNING id"
            )
            owner.execute("DELETE FROM oban_jobs WHERE queue = 'desk_wake_probe'")
        payloads = [n.payload for n in listener.notifies(timeout=2.0, stop_after=1)]
    assert payloads == ['{"queue" : "desk_wake_probe"}']
