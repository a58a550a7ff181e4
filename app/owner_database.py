"""The maintenance commands' way into a database as its owner: schema at head, one engine, one-line errors.

``users …`` and the listings (``companies list`` and the like) run against
the embedded server or ``--database-url`` alike, never migrate (a central
server's schema changes only by ``db upgrade``), and report a refused or
unreachable database as one line rather than a traceback.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import psycopg
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DBAPIError

import migrations
from app.engine import build_engine, build_unit_of_work
from app.errors import CommandError, first_line
from services.errors import Refusal
from services.unit_of_work import UnitOfWork


def require_head(url: str) -> None:
    """Refuse a database whose schema is not at this program's head revision."""
    head = ScriptDirectory.from_config(migrations.alembic_config(url)).get_current_head()
    try:
        current = migrations.current(url)
    except (DBAPIError, psycopg.Error) as failure:
        raise CommandError(f"cannot read the schema revision: {first_line(failure)}") from failure
    if current != head:
        raise CommandError(
            f"the database schema is at {current or 'no revision'}, not {head}; run 'ruling-desk db upgrade' first"
        )


async def as_owner[T](url: str, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run ``work`` on a one-connection engine to ``url``; refusals and database failures become one line."""
    engine = build_engine(url, pool_size=1)
    try:
        return await work(build_unit_of_work(engine))
    except Refusal as refusal:  # an account function's, or DatabaseUnavailable from the unit of work
        raise CommandError(refusal.message) from refusal
    except (DBAPIError, psycopg.Error) as failure:
        raise CommandError(f"the database refused: {first_line(failure)}") from failure
    finally:
        await engine.dispose()
