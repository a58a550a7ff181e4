"""Which driver failures mean "the database is gone", and the one line that says so.

The unit of work turns exactly these into :class:`~services.errors.DatabaseUnavailable`;
everything else (a constraint, a permission, a bug) stays what it is. The
decision reads structured fields only, never the server's message text, which
is translated into the server's ``lc_messages`` language:

- SQLSTATE class ``08`` (connection exception);
- ``57P01``/``57P02``/``57P03`` (administrator shutdown, crash shutdown,
  cannot connect now), ``57P05`` and ``25P03`` (the server ended an idle
  session);
- a ``psycopg.OperationalError`` without a SQLSTATE: libpq failed before or
  outside any server answer (refused, no socket, no such host, a connection
  closed under the driver, a refused log-in);
- a failure SQLAlchemy marked ``connection_invalidated``.

The message is for a person: where the server was looked for and libpq's
reason, in one line.
"""

from __future__ import annotations

from typing import Final

import psycopg
from sqlalchemy.exc import DBAPIError

from services.driver_errors import driver_reason
from services.errors import DatabaseUnavailable

_GONE_STATES: Final = frozenset({"57P01", "57P02", "57P03", "57P05", "25P03"})
_CONNECTION_EXCEPTION_CLASS: Final = "08"


def driver_failure(failure: BaseException) -> psycopg.Error | None:
    """The psycopg error behind ``failure`` (SQLAlchemy wraps it in ``orig``), if there is one."""
    original = failure.orig if isinstance(failure, DBAPIError) else failure
    return original if isinstance(original, psycopg.Error) else None


def connection_lost(failure: BaseException) -> bool:
    """Whether ``failure`` means the server could not be reached or the connection broke."""
    if isinstance(failure, DBAPIError) and failure.connection_invalidated:
        return True
    original = driver_failure(failure)
    if original is None:
        return False
    sqlstate = original.sqlstate
    if sqlstate is None:
        return isinstance(original, psycopg.OperationalError)
    return sqlstate.startswith(_CONNECTION_EXCEPTION_CLASS) or sqlstate in _GONE_STATES


def database_unavailable(failure: BaseException, server: str | None) -> DatabaseUnavailable:
    """The person-readable :class:`DatabaseUnavailable` for ``failure`` on ``server`` (``host, port N``)."""
    where = f" ({server})" if server else ""
    return DatabaseUnavailable(
        f"Cannot reach the database server{where}: {driver_reason(failure)}. "
        "Check that the server is running and the connection settings are right, then try again."
    )
