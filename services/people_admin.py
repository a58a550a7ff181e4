"""The people section's use cases: list people, change role and team, disable, re-enable, force a new password.

Reads are shaped for a long list: only the shown columns, filtered on the
server, keyset-paged on ``(lower(email), id)`` (never ``OFFSET``), and read
through the caller's own session, so row-level security decides whom a
company administrator sees (their company's people) without a second rule
here. Writes call the privileged SQL functions (``rd_change_user_role``,
``rd_disable_user``, ``rd_enable_user``, ``rd_reset_login``) or the
column grant staff administrators hold (``users.team_id``); each records
the administrator's reason for the audit log in the same transaction and
returns :class:`~services.changes.Changes` of kind ``PERSON`` for the hub.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.organizations import Company
from models.users import Team, User
from services import accounts
from services.accounts.errors import InvalidAccountRequest, account_errors
from services.changes import ChangeKind, Changes
from services.people_admin_rows import Option, PeopleCursor, PeopleFilter, PeoplePage, PersonRow
from services.unit_of_work import UnitOfWork

PAGE_SIZE = 100
DEFAULT_REASON = "settings pane"
PERSON_CHANGED = Changes.of(ChangeKind.PERSON)


def like_pattern(text: str) -> str:
    """``text`` as a literal ILIKE fragment: ``%`` and ``_`` typed by a person match themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def people_query(wanted: PeopleFilter, after: PeopleCursor | None, limit: int) -> Select[*tuple[Any, ...]]:
    """The page's statement: shown columns only, filters and keyset in SQL."""
    sort_email = func.lower(func.coalesce(User.email, ""))
    query = (
        select(
            User.id,
            User.email,
            User.first_name,
            User.last_name,
            User.role,
            User.company_id,
            Company.name,
            User.team_id,
            Team.name,
            func.coalesce(User.is_archived, False),
        )
        .outerjoin(Company, Company.id == User.company_id)
        .outerjoin(Team, Team.id == User.team_id)
        .order_by(sort_email, User.id)
        .limit(limit)
    )
    conditions = []
    if text := wanted.text.strip():
        pattern = like_pattern(text)
        conditions.append(or_(User.email.ilike(pattern), User.first_name.ilike(pattern), User.last_name.ilike(pattern)))
    if wanted.role is not None:
        conditions.append(User.role == wanted.role)
    if wanted.team_id is not None:
        conditions.append(User.team_id == wanted.team_id)
    if wanted.company_id is not None:
        conditions.append(User.company_id == wanted.company_id)
    if wanted.disabled is not None:
        conditions.append(func.coalesce(User.is_archived, False).is_(wanted.disabled))
    if after is not None:
        conditions.append(tuple_(sort_email, User.id) > tuple_(after.email, after.id))
    return query.where(and_(*conditions)) if conditions else query


class PeopleAdmin:
    """The people section's service: one unit of work per call, as the signed-in administrator."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def list_people(
        self, wanted: PeopleFilter, *, after: PeopleCursor | None = None, limit: int = PAGE_SIZE
    ) -> PeoplePage:
        async with self._uow.transaction() as session:
            result = await session.execute(people_query(wanted, after, limit + 1))
            rows = [PersonRow(*row) for row in result]
        page = tuple(rows[:limit])
        return PeoplePage(page, page[-1].cursor if len(rows) > limit else None)

    async def teams(self) -> list[Option]:
        async with self._uow.transaction() as session:
            result = await session.execute(select(Team.id, Team.name).order_by(Team.name, Team.id))
            return [Option(*row) for row in result]

    async def companies(self) -> list[Option]:
        async with self._uow.transaction() as session:
            result = await session.execute(
                select(Company.id, func.coalesce(Company.name, "")).order_by(Company.name, Company.id)
            )
            return [Option(*row) for row in result]

    async def change_role(self, user_id: uuid.UUID, role: str, *, reason: str = DEFAULT_REASON) -> Changes:
        return await self._write(reason, lambda session: accounts.change_user_role(session, user_id, role))

    async def move_to_team(
        self, user_id: uuid.UUID, team_id: uuid.UUID | None, *, reason: str = DEFAULT_REASON
    ) -> Changes:
        async def move(session: AsyncSession) -> None:
            with account_errors():
                moved = await session.execute(
                    update(User).where(User.id == user_id).values(team_id=team_id).returning(User.id)
                )
            if moved.scalar_one_or_none() is None:
                raise InvalidAccountRequest("That person is not in the list you may change.")

        return await self._write(reason, move)

    async def disable(self, user_id: uuid.UUID, *, reason: str = DEFAULT_REASON) -> Changes:
        return await self._write(reason, lambda session: accounts.disable_user(session, user_id))

    async def enable(self, user_id: uuid.UUID, *, reason: str = DEFAULT_REASON) -> Changes:
        return await self._write(reason, lambda session: accounts.enable_user(session, user_id))

    async def force_password_change(self, user_id: uuid.UUID, *, reason: str = DEFAULT_REASON) -> str:
        """A one-time password for the person, shown once: it opens nothing until they choose their own."""
        password = one_time_password()

        async def reset(session: AsyncSession) -> None:
            await accounts.reset_login(session, user_id, password, must_change=True)

        await self._write(reason, reset)
        return password

    async def _write(self, reason: str, change: Callable[[AsyncSession], Awaitable[None]]) -> Changes:
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            await change(session)
        return PERSON_CHANGED


def one_time_password() -> str:
    """Random, long and mixed enough for the password policy; read out once to the person."""
    return f"Rd-{secrets.token_urlsafe(15)}-{secrets.randbelow(90) + 10}"
