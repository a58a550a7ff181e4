"""Enqueueing a job inside the caller's own transaction (worker nodes and the owner; staff use ``named_jobs``).

``oban`` inserts through whatever connection it is given (``conn=``): a
psycopg ``AsyncConnection`` or a SQLAlchemy ``AsyncSession``. The job row
then commits or rolls back with the caller's other writes, so a ruling and
the job that announces it never exist one without the other.
"""

from __future__ import annotations

from typing import Any

from oban import Job, Oban
from psycopg import AsyncConnection
from psycopg.pq import TransactionStatus
from sqlalchemy.ext.asyncio import AsyncSession

type TransactionalConnection = AsyncSession | AsyncConnection[Any]


async def enqueue_in_transaction(oban: Oban, job: Job, conn: TransactionalConnection) -> Job:
    """Insert ``job`` through ``conn``; it becomes visible only when the caller commits.

    Raises ``ValueError`` when ``conn`` has no transaction the caller will
    commit: an autocommit psycopg connection outside ``conn.transaction()``
    would commit the job on its own, and an ``AsyncSession`` outside
    ``session.begin()`` would start a transaction nobody commits.
    """
    require_transaction(conn)
    return await oban.enqueue(job, conn=conn)


def require_transaction(conn: TransactionalConnection) -> None:
    """Raise ``ValueError`` unless ``conn`` is inside a transaction its caller will commit."""
    if isinstance(conn, AsyncSession):
        if not conn.in_transaction():
            raise ValueError("enqueueing needs a session inside session.begin()")
    elif conn.autocommit and conn.info.transaction_status == TransactionStatus.IDLE:
        raise ValueError("enqueueing needs an autocommit connection inside conn.transaction()")
