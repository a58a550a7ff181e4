"""Job control: a worker node obeys only the signals the database vouches for.

PostgreSQL has no privilege on ``NOTIFY``: the attacker here is the
gatekeeper (and a reviewer), sending oban's pause signal by hand, then
replaying a real one they overheard with ``LISTEN``. The allowed path is a
staff administrator's ``pause_queue``/``resume_queue``, which goes through
``rd_send_job_signal`` and lands in the audit log.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import psycopg
import pytest
from oban import Oban
from psycopg import sql

from services.jobs import NOTIFICATIONS_QUEUE, build_client, run_worker_node
from tests.security_roles import World, gatekeeper_enabled, refused

SETTLE_SECONDS = 1.0
"""How long a node gets to act on a notification (it polls every 0.1 s)."""


def raw_notify(conn: psycopg.Connection, payload: dict[str, Any]) -> None:
    conn.execute(
        sql.SQL("NOTIFY {}, {}").format(sql.Identifier("public.oban_signal"), sql.Literal(json.dumps(payload)))
    )


async def paused_after_settling(node: Oban) -> bool:
    await asyncio.sleep(SETTLE_SECONDS)
    info = node.check_queue(NOTIFICATIONS_QUEUE)
    assert info is not None
    return info.paused


@pytest.mark.asyncio
async def test_forged_and_replayed_signals_are_ignored_and_vouched_ones_obeyed(world: World) -> None:
    pause = {"action": "pause", "queue": "*"}
    async with (
        world.pool("worker") as worker_pool,
        run_worker_node(worker_pool, node="signals", queues={NOTIFICATIONS_QUEUE: 1}, leadership=False) as node,
    ):
        with world.owner() as owner, gatekeeper_enabled(owner) as gatekeeper:
            with world.logins.connect(gatekeeper) as attacker:
                raw_notify(attacker, pause)
                raw_notify(attacker, {**pause, "signal_id": 1})
            with world.connect("reviewer1") as attacker:
                raw_notify(attacker, pause)
                with refused("42501", "permission denied for function rd_send_job_signal"):
                    attacker.execute("SELECT rd_send_job_signal(%s)", (json.dumps(pause),))
        assert not await paused_after_settling(node)

        with psycopg.connect(world.logins.url(world.worker), autocommit=True) as eavesdropper:
            eavesdropper.execute('LISTEN "public.oban_signal"')
            async with world.pool("admin") as admin_pool:
                await build_client(admin_pool).pause_queue(NOTIFICATIONS_QUEUE)
                assert await paused_after_settling(node)
                await build_client(admin_pool).resume_queue(NOTIFICATIONS_QUEUE)
                assert not await paused_after_settling(node)
            overheard = [notice.payload for notice in eavesdropper.notifies(timeout=0.5, stop_after=2)]
        assert [json.loads(payload)["action"] for payload in overheard] == ["pause", "resume"]
        with world.connect("reviewer1") as attacker:
            attacker.execute(
                sql.SQL("NOTIFY {}, {}").format(sql.Identifier("public.oban_signal"), sql.Literal(overheard[0]))
            )
        assert not await paused_after_settling(node)

    with world.owner() as owner:
        trail = owner.execute(
            "SELECT db_role, new_values ->> 'action' FROM audit_log WHERE table_name = 'job_signals' ORDER BY id"
        ).fetchall()
    admin = world.people["admin"].email  # the audit log names the person, not their opaque login
    assert trail == [(admin, "pause"), (admin, "resume")]


def test_signals_are_validated_before_they_are_sent(world: World) -> None:
    with world.connect("admin") as conn:
        for signal in ('{"action": "rm -rf"}', '{"action": "pkill", "job_id": "all"}', '"pause"'):
            with refused("22023", "Not a job signal"):
                conn.execute("SELECT rd_send_job_signal(%s)", (signal,))
