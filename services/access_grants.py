"""Granting and revoking a person's property and owner access (``users_properties`` / ``users_owners``).

The picker must scale to thousands of properties, so nothing here loads a
whole table: a search is one keyset page on ``(lower(name), id)`` of the
shown columns, filtered on the server by name, address, city or company,
each row marked with whether the person already has it (``granted_only``
gives the person's grant list in the same shape). Properties are offered
only from the person's own company, the only ones the database lets anyone
grant them; row-level security narrows a company administrator's search to
their own company without a rule here.

Writes call revision 0014's SECURITY DEFINER functions, which apply the
account functions' rules (a company administrator: their own company's
people only) and refuse with messages written for people; they record the
administrator's reason for the audit log in the same transaction and
return :class:`~services.changes.Changes` of kind ``ACCESS``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, exists, func, literal, or_, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from models.organizations import Company, Owner, Property
from models.users import User, UserOwner, UserProperty
from services import accounts
from services.access_grants_rows import GrantChoice, GrantCursor, GrantKind, GrantPage
from services.accounts.errors import account_errors
from services.changes import ChangeKind, Changes
from services.people_admin import DEFAULT_REASON, like_pattern
from services.unit_of_work import UnitOfWork

PAGE_SIZE: Final = 50
ACCESS_CHANGED: Final = Changes.of(ChangeKind.ACCESS)

_GRANT_FUNCTIONS: Final[dict[GrantKind, tuple[str, str]]] = {
    GrantKind.PROPERTY: ("rd_grant_properties", "rd_revoke_properties"),
    GrantKind.OWNER: ("rd_grant_owners", "rd_revoke_owners"),
}


def choices_query(
    kind: GrantKind, user_id: uuid.UUID, search: str, *, granted_only: bool, after: GrantCursor | None, limit: int
) -> Select[Any]:
    """One page of what may be granted to ``user_id``: shown columns only, filter and keyset in SQL."""
    if kind is GrantKind.PROPERTY:
        name: ColumnElement[Any] = func.coalesce(Property.name, "")
        granted = exists().where(UserProperty.user_id == user_id, UserProperty.property_id == Property.id)
        person_company = select(User.company_id).where(User.id == user_id).scalar_subquery()
        query = (
            select(Property.id, name, Property.address, Property.city, Company.name, granted)
            .outerjoin(Company, Company.id == Property.company_id)
            .where(Property.company_id == person_company)
        )
        searched: tuple[Any, ...] = (
            Property.name,
            Property.address,
            Property.city,
            Property.short_id,
            Company.name,
        )
        key = Property.id
    else:
        name = func.coalesce(Owner.name, "")
        granted = exists().where(UserOwner.user_id == user_id, UserOwner.owner_id == Owner.id)
        query = select(Owner.id, name, Owner.address, Owner.city, literal(None), granted)
        searched = (Owner.name, Owner.address, Owner.city)
        key = Owner.id
    sort = func.lower(name)
    conditions: list[ColumnElement[bool]] = []
    if text_wanted := search.strip():
        pattern = like_pattern(text_wanted)
        conditions.append(or_(*(column.ilike(pattern) for column in searched)))
    if granted_only:
        conditions.append(granted)
    if after is not None:
        conditions.append(tuple_(sort, key) > tuple_(after.name, after.id))
    return query.where(*conditions).order_by(sort, key).limit(limit)


async def change_grants(
    session: AsyncSession, kind: GrantKind, user_id: uuid.UUID, ids: Sequence[uuid.UUID], *, grant: bool
) -> int:
    """Grant (or revoke) ``ids`` for ``user_id`` through the 0014 function; how many rows changed."""
    function = _GRANT_FUNCTIONS[kind][0 if grant else 1]
    with account_errors():
        result = await session.execute(
            text(f"SELECT {function}(:user_id, CAST(:ids AS uuid[]))"), {"user_id": user_id, "ids": list(ids)}
        )
    return int(result.scalar_one())


class AccessGrants:
    """The access picker's service: one unit of work per call, as the signed-in administrator."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def choices(
        self,
        kind: GrantKind,
        user_id: uuid.UUID,
        search: str = "",
        *,
        granted_only: bool = False,
        after: GrantCursor | None = None,
        limit: int = PAGE_SIZE,
    ) -> GrantPage:
        query = choices_query(kind, user_id, search, granted_only=granted_only, after=after, limit=limit + 1)
        async with self._uow.transaction() as session:
            rows = [GrantChoice(*row) for row in await session.execute(query)]
        page = tuple(rows[:limit])
        return GrantPage(page, page[-1].cursor if len(rows) > limit else None)

    async def grant(
        self, kind: GrantKind, user_id: uuid.UUID, ids: Sequence[uuid.UUID], *, reason: str = DEFAULT_REASON
    ) -> Changes:
        return await self._change(kind, user_id, ids, reason, grant=True)

    async def revoke(
        self, kind: GrantKind, user_id: uuid.UUID, ids: Sequence[uuid.UUID], *, reason: str = DEFAULT_REASON
    ) -> Changes:
        return await self._change(kind, user_id, ids, reason, grant=False)

    async def _change(
        self, kind: GrantKind, user_id: uuid.UUID, ids: Sequence[uuid.UUID], reason: str, *, grant: bool
    ) -> Changes:
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            await change_grants(session, kind, user_id, ids, grant=grant)
        return ACCESS_CHANGED
