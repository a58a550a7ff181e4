"""The unit of work: one ``AsyncSession`` transaction per service call.

Services receive a :class:`UnitOfWork` built once in the composition root
and open exactly one transaction for what they do. Leaving the block
without an exception commits; an exception rolls everything back, so a
service never leaves half a change behind.

It is also the one place where "the database is gone" becomes
:class:`~services.errors.DatabaseUnavailable`: a connection refused at
checkout, lost in the middle of the transaction or at its commit, ended by
an administrator's shutdown. Callers and views therefore handle one
exception with a readable message, whichever statement hit the failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.connection_loss import connection_lost, database_unavailable
from services.database_urls import server_location


class UnitOfWork:
    """Hands out transactions on the process's session factory."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        bind = session_factory.kw.get("bind")
        self._server = server_location(str(bind.url)) if isinstance(bind, AsyncEngine) else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside a transaction that commits on success, rolls back on error.

        Raises :class:`~services.errors.DatabaseUnavailable` when the
        connection could not be had or broke; any other failure as it is.
        """
        try:
            async with self._session_factory() as session, session.begin():
                yield session
        except (DBAPIError, psycopg.Error) as failure:
            if not connection_lost(failure):
                raise
            raise database_unavailable(failure, self._server) from failure
