"""The unit of work: one ``AsyncSession`` transaction per service call.

Services receive a :class:`UnitOfWork` built once in the composition root
and open exactly one transaction for what they do. Leaving the block
without an exception commits; an exception rolls everything back, so a
service never leaves half a change behind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class UnitOfWork:
    """Hands out transactions on the process's session factory."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside a transaction that commits on success, rolls back on error."""
        async with self._session_factory() as session, session.begin():
            yield session
