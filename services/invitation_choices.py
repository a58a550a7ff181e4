"""What an administrator can pick when inviting someone: roles, companies, teams, owners, properties.

Read through the administrator's own session, so row-level security
decides the lists: a staff administrator sees every company, team, owner
and property; a company administrator sees their company and its
properties (and no reviewer teams). Roles follow the same rule as the
database's ``rd_authorize_account_change``: a company administrator may
only give ``admin`` (of the company), ``user`` and ``property_manager``;
offering more would only lead to a refusal after filling in the form.

The ``admin`` role means two different people depending on the company
(``rd_group_role``): without one, a Ruling Desk staff administrator; with
one, that company's administrator. The form offers them as two choices,
each saying whether it takes a company, so nobody makes a staff admin by
forgetting to pick a company.

The pending invitations are read too: creating an invitation withdraws
any unused one for the same address and company (``rd_create_invitation``),
and the form says so before the administrator submits.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy import text

from models.enums import RoleName
from services.unit_of_work import UnitOfWork

_COMPANIES: Final = text("SELECT id, coalesce(name, short_id, id::text) AS label FROM companies ORDER BY 2, 1")
_TEAMS: Final = text("SELECT id, name FROM team ORDER BY name, id")
_OWNERS: Final = text("SELECT id, name FROM owners ORDER BY name, id")
_PROPERTIES: Final = text(
    "SELECT id, coalesce(name, short_id, id::text) AS label, company_id FROM properties ORDER BY 2, 1"
)
_PENDING: Final = text(
    "SELECT lower(btrim(email)), company_id, expires_at FROM invitations"
    " WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > (now() AT TIME ZONE 'utc')"
)


class CompanyRule(StrEnum):
    """Whether an invitation in a role names a company (``rd_check_account_scope``'s rules)."""

    NONE = "none"
    """Review staff, and the staff administrator: they belong to no company."""
    REQUIRED = "required"
    OPTIONAL = "optional"


@dataclass(frozen=True, slots=True)
class RoleChoice:
    """One entry of the role list: a product role and whether it takes a company."""

    role: str
    company: CompanyRule

    @property
    def needs_company(self) -> bool:
        return self.company is CompanyRule.REQUIRED

    @property
    def forbids_company(self) -> bool:
        return self.company is CompanyRule.NONE

    @property
    def staff_admin(self) -> bool:
        return self.role == RoleName.ADMIN and self.company is CompanyRule.NONE

    @property
    def company_admin(self) -> bool:
        return self.role == RoleName.ADMIN and self.company is CompanyRule.REQUIRED


STAFF_ADMIN: Final = RoleChoice(RoleName.ADMIN, CompanyRule.NONE)
COMPANY_ADMIN: Final = RoleChoice(RoleName.ADMIN, CompanyRule.REQUIRED)
STAFF_ADMIN_ROLES: Final = (
    RoleChoice(RoleName.REVIEWER, CompanyRule.NONE),
    RoleChoice(RoleName.SENIOR_REVIEWER, CompanyRule.NONE),
    RoleChoice(RoleName.QA, CompanyRule.NONE),
    STAFF_ADMIN,
    COMPANY_ADMIN,
    RoleChoice(RoleName.USER, CompanyRule.REQUIRED),
    RoleChoice(RoleName.PROPERTY_MANAGER, CompanyRule.REQUIRED),
    RoleChoice(RoleName.OWNER_ADMIN, CompanyRule.OPTIONAL),
    RoleChoice(RoleName.OWNER_VIEWER, CompanyRule.OPTIONAL),
)
COMPANY_ADMIN_ROLES: Final = (
    COMPANY_ADMIN,
    RoleChoice(RoleName.USER, CompanyRule.REQUIRED),
    RoleChoice(RoleName.PROPERTY_MANAGER, CompanyRule.REQUIRED),
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
class PendingInvitation:
    """An unused, unexpired invitation: a new one for the same address and company withdraws it."""

    email: str
    """Lower-cased, as the database compares them."""
    company_id: uuid.UUID | None
    expires_at: datetime.datetime
    """Timezone-aware (UTC)."""


@dataclass(frozen=True, slots=True)
class InvitationChoices:
    roles: tuple[RoleChoice, ...]
    companies: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    owners: tuple[Choice, ...]
    properties: tuple[PropertyChoice, ...]
    pending: tuple[PendingInvitation, ...]

    def pending_for(self, email: str, company_id: uuid.UUID | None) -> PendingInvitation | None:
        """The invitation that inviting ``email`` for ``company_id`` would withdraw, if any."""
        address = email.strip().lower()
        return next(
            (found for found in self.pending if found.email == address and found.company_id == company_id), None
        )


async def load_invitation_choices(uow: UnitOfWork) -> InvitationChoices:
    """Everything the invitation form offers to the signed-in administrator, in one transaction."""
    async with uow.transaction() as session:
        group = (await session.execute(text("SELECT rd_current_group()"))).scalar_one_or_none()
        companies = tuple(Choice(*row) for row in await session.execute(_COMPANIES))
        teams = tuple(Choice(*row) for row in await session.execute(_TEAMS))
        owners = tuple(Choice(*row) for row in await session.execute(_OWNERS))
        properties = tuple(PropertyChoice(*row) for row in await session.execute(_PROPERTIES))
        pending = tuple(
            # expires_at is a UTC timestamp without time zone, as the database writes it.
            PendingInvitation(email, company_id, expires_at.replace(tzinfo=datetime.UTC))
            for email, company_id, expires_at in await session.execute(_PENDING)
        )
    return InvitationChoices(
        roles=COMPANY_ADMIN_ROLES if group == "rd_company_admin" else STAFF_ADMIN_ROLES,
        companies=companies,
        teams=teams,
        owners=owners,
        properties=properties,
        pending=pending,
    )
