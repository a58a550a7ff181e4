"""The jobs a workstation may create, each through its own database function (migration 0006, ``jobs.sql``).

Staff have no INSERT on ``oban_jobs``: a person could otherwise name any
of our workers with arguments of their choosing. Each function here calls
the SQL function that fixes its job's worker, queue and options and
checks who asks and for what; it runs in the caller's transaction, so the
job commits or rolls back with the caller's other writes (a ruling and its
announcement never exist one without the other).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from psycopg import sql
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.jobs.enqueue import TransactionalConnection, require_transaction


async def enqueue_ruling_notification(
    conn: TransactionalConnection, entry_id: uuid.UUID, reupload_proof_ids: Iterable[uuid.UUID] = ()
) -> int:
    """Announce the completed ruling of ``entry_id``; the caller must be its reviewer or QA. Returns the job id.

    ``reupload_proof_ids`` are the entry's INSUFFICIENT documents the applicant
    is asked to upload again; the database refuses any other.
    """
    return await _call(conn, "rd_enqueue_ruling_notification", entry_id, list(reupload_proof_ids))


async def enqueue_session_cleanup(conn: TransactionalConnection) -> int:
    """Run the clean-up of expired applicant sessions now (staff administrators). Returns the job id."""
    return await _call(conn, "rd_enqueue_session_cleanup")


async def _call(conn: TransactionalConnection, function: str, *arguments: object) -> int:
    """``SELECT function(arguments…)`` through ``conn`` inside the caller's transaction."""
    require_transaction(conn)
    if isinstance(conn, AsyncSession):
        names = [f"a{index}" for index in range(len(arguments))]
        statement = text(f"SELECT {function}({', '.join(f':{name}' for name in names)})")
        result = await conn.execute(statement, dict(zip(names, arguments, strict=True)))
        return int(result.scalar_one())
    query = sql.SQL("SELECT {}({})").format(
        sql.Identifier(function), sql.SQL(", ").join(sql.Placeholder() * len(arguments))
    )
    row = await (await conn.execute(query, arguments)).fetchone()
    assert row is not None
    return int(row[0])
