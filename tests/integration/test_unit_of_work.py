""" "The database is gone" is one ``DatabaseUnavailable`` from the unit of work, with a readable line.

Each way a workstation loses its database is done for real: the session
ended by an administrator (``pg_terminate_backend``), the server stopped
as ``ruling-desk db stop`` stops it, the session's server process killed.
Failures that are not a lost connection stay what they are.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncSession

from app.embedded_server import EmbeddedServer
from services.database_urls import libpq_url
from services.errors import DatabaseUnavailable
from tests.conftest import reachable_data_dir
from tests.units_of_work import unit_of_work

HARD_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # SIGTERM is TerminateProcess on Windows


@pytest.fixture(scope="module")
def own_server() -> Iterator[EmbeddedServer]:
    """A server of this module's own: stopping or crashing it must not touch the suite's."""
    with reachable_data_dir("rd-uow-") as directory:
        server = EmbeddedServer(Path(directory), durable=False)
        server.start()
        yield server


@pytest.fixture
def scratch_url(fresh_database: Callable[[], str]) -> str:
    url = fresh_database()
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("CREATE TABLE rulings_written (id int)")
    return url


def assert_readable(unavailable: DatabaseUnavailable) -> None:
    message = unavailable.message
    assert message.startswith("Cannot reach the database server (")
    assert "\n" not in message
    assert "psycopg" not in message and "sqlalchemy" not in message and "[SQL" not in message


async def write_then_get_terminated(session: AsyncSession, url: str) -> None:
    """Write a row in ``session``'s transaction, then have an administrator end the session."""
    await session.execute(text("INSERT INTO rulings_written VALUES (1)"))
    pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))


def rows_written(url: str) -> int:
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute("SELECT count(*) FROM rulings_written").fetchone()
    return row[0] if row else -1


@pytest.mark.parametrize("next_step", ["statement", "commit"])
@pytest.mark.asyncio
async def test_a_session_ended_by_an_administrator(scratch_url: str, next_step: str) -> None:
    """Whether the next statement or the ``COMMIT`` meets the closed connection, it is one readable failure."""
    async with unit_of_work(scratch_url) as uow:
        with pytest.raises(DatabaseUnavailable) as unavailable:
            async with uow.transaction() as session:
                await write_then_get_terminated(session, scratch_url)
                if next_step == "statement":
                    await session.execute(text("INSERT INTO rulings_written VALUES (2)"))

        assert_readable(unavailable.value)
        assert "terminating connection due to administrator command" in unavailable.value.message
        assert rows_written(scratch_url) == 0
        async with uow.transaction() as session:  # the pool recovers: the next call works
            await session.execute(text("INSERT INTO rulings_written VALUES (3)"))
    assert rows_written(scratch_url) == 1


@pytest.mark.asyncio
async def test_a_stopped_server_and_its_return(own_server: EmbeddedServer) -> None:
    async with unit_of_work(own_server.owner_url()) as uow:
        async with uow.transaction() as session:  # a pooled connection, idle when the server goes
            await session.execute(text("SELECT 1"))
        own_server.stop()
        try:
            for _ in range(2):  # checkout finds the pooled connection dead, then cannot connect
                with pytest.raises(DatabaseUnavailable) as unavailable:
                    async with uow.transaction() as session:
                        await session.execute(text("SELECT 1"))
                assert_readable(unavailable.value)
                assert str(own_server.status().socket_dir or "127.0.0.1") in unavailable.value.message
        finally:
            own_server.start()
        async with uow.transaction() as session:
            assert (await session.execute(text("SELECT 1"))).scalar_one() == 1


@pytest.mark.asyncio
async def test_a_killed_server_process_mid_transaction(own_server: EmbeddedServer) -> None:
    async with unit_of_work(own_server.owner_url()) as uow:
        with pytest.raises(DatabaseUnavailable) as unavailable:
            async with uow.transaction() as session:
                pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                os.kill(pid, HARD_KILL)
                await asyncio.sleep(0.2)
                await session.execute(text("SELECT 1"))
        assert_readable(unavailable.value)
    own_server.start()  # after a crash the postmaster restarts its backends; make sure it is up


@pytest.mark.asyncio
async def test_failures_that_are_no_lost_connection_stay_what_they_are(scratch_url: str) -> None:
    async with unit_of_work(scratch_url) as uow:
        with pytest.raises(ProgrammingError):
            async with uow.transaction() as session:
                await session.execute(text("SELECT * FROM no_such_table"))
        with pytest.raises(ZeroDivisionError):
            async with uow.transaction() as session:
                await session.execute(text("INSERT INTO rulings_written VALUES (1)"))
                _ = 1 / 0
    assert rows_written(scratch_url) == 0


@pytest.mark.asyncio
async def test_a_server_restarted_while_the_pool_rested_is_met_with_new_connections(
    own_server: EmbeddedServer,
) -> None:
    """No error at all: the pooled connections the server hung up on are replaced at checkout."""
    async with unit_of_work(own_server.owner_url()) as uow:
        async with uow.transaction() as session:
            before = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        own_server.stop()
        own_server.start()
        async with uow.transaction() as session:
            after = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    assert after != before


@pytest.mark.asyncio
async def test_a_pooled_session_ended_by_an_administrator_is_replaced_unseen(scratch_url: str) -> None:
    async with unit_of_work(scratch_url) as uow:
        async with uow.transaction() as session:
            pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        with psycopg.connect(libpq_url(scratch_url), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
        async with uow.transaction() as session:
            await session.execute(text("INSERT INTO rulings_written VALUES (1)"))
    assert rows_written(scratch_url) == 1
