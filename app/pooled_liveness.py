"""Telling a pooled connection the server has hung up on, without a round trip.

``pool_pre_ping`` sends ``SELECT 1`` on every checkout: one more round trip
on each unit of work, which was most of what claim-next (one function call)
cost on top of its raw SQL. A server that ends a session (an administrator's
``pg_terminate_backend``, a shutdown, a crash, a restart) says so: it sends
its ``FATAL`` message and closes the socket, so an idle connection it has
hung up on has something to read. This check looks for that without
waiting and tells the pool to replace the connection, exactly where the
ping did: a workstation left open over a server restart
goes on working without an error. A connection that breaks later, in the
middle of a transaction, is what :class:`~services.unit_of_work.UnitOfWork`
reports as ``DatabaseUnavailable``, as before.
"""

from __future__ import annotations

import select
from typing import Any

import psycopg
from psycopg.pq import ConnStatus
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine


def hung_up(connection: psycopg.AsyncConnection[Any]) -> bool:
    """Whether the server has (or may have) closed ``connection``, an idle one that expects nothing.

    Anything to read on an idle pooled connection is, in practice, the
    server's goodbye (pooled connections do not ``LISTEN``); should it be
    something else, replacing the connection costs one reconnect, never a
    wrong answer.
    """
    pgconn = connection.pgconn
    if pgconn.status != ConnStatus.OK:
        return True
    readable, _, _ = select.select([pgconn.socket], [], [], 0)
    return bool(readable)


def replace_hung_up_connections(engine: AsyncEngine) -> None:
    """On every checkout from ``engine``'s pool, swap a connection the server hung up on for a new one."""

    def check(dbapi_connection: Any, _record: object, _proxy: object) -> None:
        if hung_up(dbapi_connection.driver_connection):
            raise DisconnectionError("the server closed this pooled connection")

    event.listen(engine.sync_engine, "checkout", check)
