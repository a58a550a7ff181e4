"""The database connection a job runs with, taken from the worker node running it.

``oban`` builds a worker with no arguments (``WorkerClass()``), so there is
no constructor to hand it a pool. Instead :func:`bind_job_pool` puts the
node's pool in a context variable before the node starts; asyncio copies
the context into every task it creates, so each job's task sees the pool of
its own node. Two nodes in one process (as in tests) never mix up pools,
and nothing is global or created at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

_job_pool: ContextVar[AsyncConnectionPool[Any]] = ContextVar("ruling_desk_job_pool")


@contextmanager
def bind_job_pool(pool: AsyncConnectionPool[Any]) -> Iterator[None]:
    """Make ``pool`` the one :func:`job_connection` uses in this context and the tasks it starts."""
    token = _job_pool.set(pool)
    try:
        yield
    finally:
        _job_pool.reset(token)


@asynccontextmanager
async def job_connection() -> AsyncIterator[AsyncConnection[Any]]:
    """A connection in a transaction that commits when the block succeeds.

    Raises ``RuntimeError`` outside a worker node started by
    :func:`services.jobs.run_worker_node`, where no pool is bound.
    """
    try:
        pool = _job_pool.get()
    except LookupError:
        raise RuntimeError("no worker node's pool is bound: run jobs through run_worker_node()") from None
    async with pool.connection() as conn:
        yield conn
