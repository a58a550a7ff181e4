"""Companies, teams, properties and owners with their ids: what ``ruling-desk users`` needs to be told.

``users create --company ID --team ID --property ID`` and ``users grant
--property ID | --owner ID`` take ids, and a script has nowhere else to
find them. These reads select only
the columns listed, in a stable order (name, then id), through whoever's
session the unit of work holds, so row-level security applies as for any
other read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from models.organizations import Company, Owner, Property
from models.users import Team
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class CompanyListing:
    id: uuid.UUID
    short_id: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class TeamListing:
    id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class PropertyListing:
    id: uuid.UUID
    short_id: str | None
    company_id: uuid.UUID | None
    name: str | None


@dataclass(frozen=True, slots=True)
class OwnerListing:
    id: uuid.UUID
    salesforce_id: str
    name: str


async def list_companies(uow: UnitOfWork) -> list[CompanyListing]:
    async with uow.transaction() as session:
        rows = await session.execute(
            select(Company.id, Company.short_id, Company.name).order_by(Company.name, Company.id)
        )
        return [CompanyListing(*row) for row in rows]


async def list_teams(uow: UnitOfWork) -> list[TeamListing]:
    async with uow.transaction() as session:
        rows = await session.execute(select(Team.id, Team.name).order_by(Team.name, Team.id))
        return [TeamListing(*row) for row in rows]


async def list_properties(uow: UnitOfWork, *, company_id: uuid.UUID | None = None) -> list[PropertyListing]:
    """Every property, or only ``company_id``'s."""
    query = select(Property.id, Property.short_id, Property.company_id, Property.name)
    if company_id is not None:
        query = query.where(Property.company_id == company_id)
    async with uow.transaction() as session:
        rows = await session.execute(query.order_by(Property.name, Property.id))
        return [PropertyListing(*row) for row in rows]


async def list_owners(uow: UnitOfWork) -> list[OwnerListing]:
    async with uow.transaction() as session:
        rows = await session.execute(select(Owner.id, Owner.salesforce_id, Owner.name).order_by(Owner.name, Owner.id))
        return [OwnerListing(*row) for row in rows]
