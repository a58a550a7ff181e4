"""Read :class:`~services.server_facts.ServerFacts` through the signed-in person's own session."""

from __future__ import annotations

from sqlalchemy import text

from services.server_facts import ServerFacts
from services.unit_of_work import UnitOfWork

_FACTS = text("SELECT current_setting('server_version'), current_database(), session_user")


async def read_server_facts(uow: UnitOfWork) -> ServerFacts:
    async with uow.transaction() as session:
        version, database, role = (await session.execute(_FACTS)).one()
    return ServerFacts(server_version=version, database=database, signed_in_as=role)
