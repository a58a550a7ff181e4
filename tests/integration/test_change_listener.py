"""The live-update plumbing against a real server: triggers, payloads, the listener, its recovery.

The listener runs as a reviewer's own login, as on a workstation; the
changes are made by the owner (the client's system writing straight into
the database) or by another person.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg
import pytest

from services.change_listener import APPLICATION_NAME, CHANNEL, ChangeListener
from services.changes import ChangeKind, Changes
from tests.security_roles import World, security_world
from tests.ui.conftest import wait_until


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        yield built


def notified(conn: psycopg.Connection, *, within: float = 1.0) -> list[str]:
    return [notification.payload for notification in conn.notifies(timeout=within)]


def test_triggers_announce_ids_only_and_only_when_something_shown_changed(world: World) -> None:
    entry_id = world.screenings["B1"].entry_id
    with world.connect("reviewer1") as listener, world.owner() as owner:
        listener.execute(f"LISTEN {CHANNEL}")
        owner.execute("UPDATE entries SET note = 'internal remark' WHERE id = %s", (entry_id,))
        owner.execute("UPDATE entries SET review_status = review_status WHERE id = %s", (entry_id,))
        assert notified(listener, within=0.5) == []  # not a shown column; a column set to itself

        owner.execute("UPDATE entries SET review_status = 'IN_REVIEW' WHERE id = %s", (entry_id,))
        owner.execute("UPDATE users SET first_name = 'Renamed' WHERE id = %s", (world.people["reviewer2"].user_id,))
        assert notified(listener) == [f"entry:{entry_id}", f"person:{world.people['reviewer2'].user_id}"]

        with owner.transaction():  # one payload per row and transaction, delivered at commit
            owner.execute("UPDATE entries SET review_status = 'ASSIGNED' WHERE id = %s", (entry_id,))
            owner.execute("UPDATE entries SET review_assigned_date = now() WHERE id = %s", (entry_id,))
        assert notified(listener) == [f"entry:{entry_id}"]

        with pytest.raises(psycopg.errors.RaiseException), owner.transaction():
            owner.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (entry_id,))
            owner.execute("DO $$ BEGIN RAISE EXCEPTION 'rolled back'; END $$")
        assert notified(listener, within=0.5) == []  # a rolled-back change announces nothing


@pytest.mark.asyncio
async def test_listener_delivers_a_burst_as_one_change_and_drops_forged_payloads(world: World) -> None:
    delivered: list[Changes] = []
    listener = ChangeListener(world.logins.url(world.login("reviewer2")), delivered.append, burst=0.2)
    entries = [world.screenings[key].entry_id for key in ("A1", "A2", "B2")]
    try:
        assert await listener.start()
        with world.owner() as owner:
            owner.execute("NOTIFY rd_changes, 'entry:not-a-uuid'")
            owner.execute("NOTIFY rd_changes, 'rm -rf:00000000-0000-0000-0000-000000000000'")
            for entry_id in entries:  # three transactions, well inside one burst
                owner.execute("UPDATE entries SET result = 'NEEDS_REVIEW' WHERE id = %s", (entry_id,))
            owner.execute("UPDATE team SET name = 'Night shift' WHERE id = %s", (world.team_id,))
        await wait_until(lambda: delivered, timeout=2, what="the burst")
        await asyncio.sleep(0.3)
    finally:
        await listener.stop()

    assert delivered == [Changes(kinds=frozenset({ChangeKind.ENTRY, ChangeKind.TEAM}), entry_ids=frozenset(entries))]
    assert not listener.listening


@pytest.mark.asyncio
async def test_listener_survives_a_killed_connection_and_resyncs(world: World) -> None:
    """The Must-show recovery: terminate the listener's backend; it comes back, resyncs, and hears again."""
    delivered: list[Changes] = []
    listener = ChangeListener(world.logins.url(world.login("reviewer1")), delivered.append, heartbeat=1.0)
    entry_id = world.screenings["A2"].entry_id
    try:
        assert await listener.start()
        with world.owner() as owner:
            killed = owner.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = %s AND usename = %s",
                (APPLICATION_NAME, world.login("reviewer1")),
            ).fetchone()
            assert killed == (1,)
            # Sent while nobody listens: lost, which is exactly why the listener resyncs.
            owner.execute("UPDATE entries SET result = 'APPROVED' WHERE id = %s", (entry_id,))

            await wait_until(lambda: Changes(resync=True) in delivered, timeout=10, what="the resync")
            assert listener.listening
            assert listener.reconnects == 1
            owner.execute("UPDATE entries SET result = 'REJECTED' WHERE id = %s", (entry_id,))
            await wait_until(lambda: Changes.entries(entry_id) in delivered, timeout=2, what="a change after it")
    finally:
        await listener.stop()
    assert delivered == [Changes(resync=True), Changes.entries(entry_id)]


@pytest.mark.asyncio
async def test_listener_keeps_trying_an_unreachable_server_and_resyncs_when_it_gets_through(world: World) -> None:
    delivered: list[Changes] = []
    login = world.login("reviewer2")
    with world.owner() as owner:
        owner.execute(f'ALTER ROLE "{login}" NOLOGIN')
        listener = ChangeListener(world.logins.url(login), delivered.append, max_backoff=0.5)
        try:
            assert not await listener.start(wait=1.0)
            owner.execute(f'ALTER ROLE "{login}" LOGIN')
            await wait_until(lambda: delivered, timeout=10, what="the first connection")
        finally:
            await listener.stop()
            owner.execute(f'ALTER ROLE "{login}" LOGIN')
    assert delivered == [Changes(resync=True)]


def test_stop_before_start_and_twice_is_harmless() -> None:
    async def scenario() -> None:
        listener = ChangeListener("postgresql://nobody@/nowhere", lambda _: None)
        await listener.stop()
        await listener.stop()

    asyncio.run(scenario())
