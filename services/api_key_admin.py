"""The API keys page's use cases: list, create (secret shown once), deactivate, reactivate, delete.

Every change is one of the SECURITY DEFINER functions (revision 0003 and
0010), which check the caller is a staff administrator and audit the row;
this module only shapes the request and the answer. The list never selects
the hash (no application role may read it anyway); it is filtered and
keyset-paged on the server, newest first, like the other settings lists.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, and_, case, false, func, or_, select, text, true, tuple_
from sqlalchemy.sql.elements import ColumnElement

from models.api_keys import ApiKey
from models.organizations import Company, Property
from models.users import Role
from services.accounts.api_keys import issue_api_key
from services.accounts.errors import InvalidAccountRequest, account_errors
from services.api_key_admin_rows import (
    ApiKeyCursor,
    ApiKeyFilter,
    ApiKeyPage,
    ApiKeyRole,
    ApiKeyRow,
    ApiKeyScope,
    NewApiKey,
    ScopeChoice,
)
from services.changes import ChangeKind, Changes
from services.organisation_listing import list_companies, list_properties
from services.people_admin import like_pattern
from services.unit_of_work import UnitOfWork

_CHANGED = Changes.of(ChangeKind.API_KEY)
PAGE_SIZE = 100
ANY_KEY = ApiKeyFilter()


async def list_api_keys(
    uow: UnitOfWork, wanted: ApiKeyFilter = ANY_KEY, *, after: ApiKeyCursor | None = None, limit: int = PAGE_SIZE
) -> ApiKeyPage:
    """One page of keys, newest first, filtered and keyset-paged on ``(inserted_at, id)`` in SQL."""
    async with uow.transaction() as session:
        rows = (await session.execute(api_keys_query(wanted, after, limit + 1))).all()
    keys = [
        ApiKeyRow(
            api_key_id=row[0],
            public_id=row[1],
            description=row[2],
            scope=ApiKeyScope(row[3]),
            scope_name=row[4],
            role=row[5],
            is_active=row[6],
            inserted_at=row[7],
            last_used_at=row[8],
        )
        for row in rows
    ]
    page = tuple(keys[:limit])
    return ApiKeyPage(page, page[-1].cursor if len(keys) > limit else None)


def api_keys_query(wanted: ApiKeyFilter, after: ApiKeyCursor | None, limit: int) -> Select[*tuple[Any, ...]]:
    """The list's statement: shown columns only (never the hash), filters and keyset in SQL."""
    is_master = func.coalesce(ApiKey.master, false())
    is_active = func.coalesce(ApiKey.is_active, false())
    conditions: list[ColumnElement[bool]] = []
    if text := wanted.text.strip():
        pattern = like_pattern(text)
        conditions.append(or_(ApiKey.description.ilike(pattern), ApiKey.public_id.ilike(pattern)))
    if wanted.active is not None:
        conditions.append(is_active.is_(wanted.active))
    if after is not None:
        conditions.append(tuple_(ApiKey.inserted_at, ApiKey.id) < tuple_(after.inserted_at, after.id))
    return (
        select(
            ApiKey.id,
            ApiKey.public_id,
            func.coalesce(ApiKey.description, ""),
            case((is_master, "master"), (ApiKey.property_id.is_not(None), "property"), else_="company"),
            func.coalesce(Property.name, Company.name, ""),
            func.coalesce(Role.name, ""),
            is_active,
            ApiKey.inserted_at,
            ApiKey.last_used_at,
        )
        .outerjoin(Property, Property.id == ApiKey.property_id)
        .outerjoin(Company, Company.id == ApiKey.company_id)
        .outerjoin(Role, Role.id == ApiKey.role_id)
        .where(and_(true(), *conditions))
        .order_by(ApiKey.inserted_at.desc(), ApiKey.id.desc())
        .limit(limit)
    )


async def create_api_key(
    uow: UnitOfWork,
    *,
    description: str,
    scope: ApiKeyScope,
    role: ApiKeyRole,
    company_id: uuid.UUID | None = None,
    property_id: uuid.UUID | None = None,
) -> tuple[NewApiKey, Changes]:
    """Issue a key; the returned secret is the only copy there will ever be."""
    if not description.strip():
        raise InvalidAccountRequest("Describe what the key is for, so it can be told apart later.")
    if scope is ApiKeyScope.COMPANY and (company_id is None or property_id is not None):
        raise InvalidAccountRequest("Choose the company this key may read and write.")
    if scope is ApiKeyScope.PROPERTY and property_id is None:
        raise InvalidAccountRequest("Choose the property this key may read and write.")
    async with uow.transaction() as session:
        role_id = (await session.execute(text("SELECT id FROM role WHERE name = :name"), {"name": role.value})).scalar()
        if role_id is None:
            raise InvalidAccountRequest(f"This database has no key role {role.value!r}; upgrade it first.")
        issued = await issue_api_key(
            session,
            description=description.strip(),
            master=scope is ApiKeyScope.MASTER,
            company_id=None if scope is ApiKeyScope.MASTER else company_id,
            property_id=property_id if scope is ApiKeyScope.PROPERTY else None,
            role_id=role_id,
        )
        public_id = (
            await session.execute(text("SELECT public_id FROM api_keys WHERE id = :id"), {"id": issued.api_key_id})
        ).scalar_one()
    return NewApiKey(api_key_id=issued.api_key_id, public_id=public_id, secret=issued.secret), _CHANGED


async def set_api_key_active(uow: UnitOfWork, api_key_id: uuid.UUID, *, active: bool) -> Changes:
    """Deactivate or reactivate a key; the next verification already sees it."""
    async with uow.transaction() as session:
        with account_errors():
            await session.execute(
                text("SELECT rd_set_api_key_active(:id, :active)"), {"id": api_key_id, "active": active}
            )
    return _CHANGED


async def delete_api_key(uow: UnitOfWork, api_key_id: uuid.UUID) -> Changes:
    """Delete a key for good (the audit log keeps that it existed)."""
    async with uow.transaction() as session:
        with account_errors():
            await session.execute(text("SELECT rd_delete_api_key(:id)"), {"id": api_key_id})
    return _CHANGED


async def scope_choices(uow: UnitOfWork) -> tuple[tuple[ScopeChoice, ...], tuple[ScopeChoice, ...]]:
    """The companies and the properties a key can be scoped to, by name."""
    companies = await list_companies(uow)
    properties = await list_properties(uow)
    return (
        tuple(ScopeChoice(id=c.id, name=c.name or str(c.id)) for c in companies),
        tuple(ScopeChoice(id=p.id, name=p.name or str(p.id), company_id=p.company_id) for p in properties),
    )


class ApiKeyAdministration:
    """The use cases above bound to one person's unit of work, as the API keys page calls them."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def list_keys(
        self, wanted: ApiKeyFilter = ANY_KEY, *, after: ApiKeyCursor | None = None, limit: int = PAGE_SIZE
    ) -> ApiKeyPage:
        return await list_api_keys(self._uow, wanted, after=after, limit=limit)

    async def create(
        self,
        *,
        description: str,
        scope: ApiKeyScope,
        role: ApiKeyRole,
        company_id: uuid.UUID | None,
        property_id: uuid.UUID | None,
    ) -> tuple[NewApiKey, Changes]:
        return await create_api_key(
            self._uow, description=description, scope=scope, role=role, company_id=company_id, property_id=property_id
        )

    async def set_active(self, api_key_id: uuid.UUID, active: bool) -> Changes:
        return await set_api_key_active(self._uow, api_key_id, active=active)

    async def delete(self, api_key_id: uuid.UUID) -> Changes:
        return await delete_api_key(self._uow, api_key_id)

    async def scope_choices(self) -> tuple[tuple[ScopeChoice, ...], tuple[ScopeChoice, ...]]:
        return await scope_choices(self._uow)
