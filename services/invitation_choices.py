"""What an administrator can pick when inviting someone: roles, companies, teams, owners, properties.

Read through the administrator's own session, so row-level security
decides the lists: a staff administrator sees every company, team, owner
and property; a company administrator sees their company and its
properties (and no reviewer teams). Roles follow the same rule as the
database's ``rd_authorize_account_change``: a company administrator may
only give ``admin`` (of the company), ``user`` and ``property_manager``;
offering more would only lead to a refusal after filling in the form.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import text

from models.enums import RoleName
from services.unit_of_work import UnitOfWork

COMPANY_ADMIN_ROLES: Final = (RoleName.ADMIN, RoleName.USER, RoleName.PROPERTY_MANAGER)

_COMPANIES: Final = text("SELECT id, coalesce(name, short_id, id::text) AS label FROM companies ORDER BY 2, 1")
_TEAMS: Final = text("SELECT id, name FROM team ORDER BY name, id")
_OWNERS: Final = text("SELECT id, name FROM owners ORDER BY name, id")
_PROPERTIES: Final = text(
    "SELECT id, coalesce(name, short_id, id::text) AS label, company_id FROM properties ORDER BY 2, 1"
)


@dataclass(frozen=True, slots=True)
class Choice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class PropertyChoice:
    id: uuid.UUID
    name: str
    company_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class InvitationChoices:
    roles: tuple[str, ...]
    companies: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    owners: tuple[Choice, ...]
    properties: tuple[PropertyChoice, ...]


async def load_invitation_choices(uow: UnitOfWork) -> InvitationChoices:
    """Everything the invitation form offers to the signed-in administrator, in one transaction."""
    async with uow.transaction() as session:
        group = (await session.execute(text("SELECT rd_current_group()"))).scalar_one_or_none()
        companies = tuple(Choice(*row) for row in await session.execute(_COMPANIES))
        teams = tuple(Choice(*row) for row in await session.execute(_TEAMS))
        owners = tuple(Choice(*row) for row in await session.execute(_OWNERS))
        properties = tuple(PropertyChoice(*row) for row in await session.execute(_PROPERTIES))
    roles = COMPANY_ADMIN_ROLES if group == "rd_company_admin" else tuple(RoleName)
    return InvitationChoices(
        roles=tuple(role.value for role in roles),
        companies=companies,
        teams=teams,
        owners=owners,
        properties=properties,
    )
