"""The Teams section's use cases: list, create, change (name, time zone, country, manager) and archive teams.

Staff administrators hold INSERT/UPDATE/DELETE on ``team`` under the
``admin_*`` policies (revision 0003) and the audit trigger records every
change, so these are plain statements in the caller's transaction with
the administrator's reason beside them. The schema has no archived flag
on ``team`` (the client's columns are binding), so archiving a team is
deleting it, and only an empty team can go: its members are moved first,
which keeps every person's history readable.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.users import Country, Team, User
from services import accounts
from services.accounts.errors import InvalidAccountRequest, account_errors
from services.changes import ChangeKind, Changes
from services.people_admin_rows import Option
from services.teams_rows import CountryOption, TeamDraft, TeamRow, timezones
from services.unit_of_work import UnitOfWork

TEAM_CHANGED = Changes.of(ChangeKind.TEAM)
DEFAULT_REASON = "settings pane"
MANAGER_CHOICES = 500
"""Staff people offered as a manager; a picker beyond this would need a search (staff are tens)."""


def checked(draft: TeamDraft) -> TeamDraft:
    """``draft`` with a trimmed name, or a message saying what is wrong before anything is written."""
    name = draft.name.strip()
    if not name:
        raise InvalidAccountRequest("Give the team a name.")
    if draft.timezone not in timezones():
        raise InvalidAccountRequest(f'"{draft.timezone}" is not an IANA time zone (e.g. America/Chicago).')
    return TeamDraft(name, draft.timezone, draft.country_id, draft.manager_id)


class TeamsAdmin:
    """The Teams section's service: one unit of work per call, as the signed-in staff administrator."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def list_teams(self) -> list[TeamRow]:
        member = aliased(User)
        members = (
            select(func.count()).select_from(member).where(member.team_id == Team.id).correlate(Team).scalar_subquery()
        )
        manager = func.nullif(func.concat_ws(" ", User.first_name, User.last_name), "")
        query = (
            select(
                Team.id,
                Team.name,
                Team.timezone,
                Team.country_id,
                Country.name,
                Team.fde_manager_id,
                func.coalesce(manager, User.email),
                members,
            )
            .join(Country, Country.id == Team.country_id)
            .outerjoin(User, User.id == Team.fde_manager_id)
            .order_by(Team.name, Team.id)
        )
        async with self._uow.transaction() as session:
            return [TeamRow(*row) for row in await session.execute(query)]

    async def countries(self) -> list[CountryOption]:
        async with self._uow.transaction() as session:
            rows = await session.execute(select(Country.id, Country.name).order_by(Country.name))
            return [CountryOption(*row) for row in rows]

    async def manager_choices(self) -> list[Option]:
        """Active staff people (no company), by name."""
        label = func.coalesce(func.nullif(func.concat_ws(" ", User.first_name, User.last_name), ""), User.email)
        query = (
            select(User.id, label)
            .where(User.company_id.is_(None), User.is_archived.is_not(True))
            .order_by(label, User.id)
            .limit(MANAGER_CHOICES)
        )
        async with self._uow.transaction() as session:
            return [Option(*row) for row in await session.execute(query)]

    async def create_team(self, draft: TeamDraft, *, reason: str = DEFAULT_REASON) -> tuple[uuid.UUID, Changes]:
        team = checked(draft)
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            with account_errors():
                result = await session.execute(
                    insert(Team)
                    .values(
                        name=team.name,
                        timezone=team.timezone,
                        country_id=team.country_id,
                        fde_manager_id=team.manager_id,
                    )
                    .returning(Team.id)
                )
            return result.scalar_one(), TEAM_CHANGED

    async def change_team(self, team_id: uuid.UUID, draft: TeamDraft, *, reason: str = DEFAULT_REASON) -> Changes:
        team = checked(draft)
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            with account_errors():
                result = await session.execute(
                    update(Team)
                    .where(Team.id == team_id)
                    .values(
                        name=team.name,
                        timezone=team.timezone,
                        country_id=team.country_id,
                        fde_manager_id=team.manager_id,
                    )
                    .returning(Team.id)
                )
            _one(result.scalar_one_or_none())
        return TEAM_CHANGED

    async def archive_team(self, team_id: uuid.UUID, *, reason: str = DEFAULT_REASON) -> Changes:
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            await _refuse_members(session, team_id)
            with account_errors():
                result = await session.execute(delete(Team).where(Team.id == team_id).returning(Team.id))
            _one(result.scalar_one_or_none())
        return TEAM_CHANGED


async def _refuse_members(session: AsyncSession, team_id: uuid.UUID) -> None:
    members = (await session.execute(select(func.count()).where(User.team_id == team_id))).scalar_one()
    if members:
        raise InvalidAccountRequest(
            f"The team still has {members} member{'s' if members != 1 else ''}: move them to another team first."
        )


def _one(team_id: uuid.UUID | None) -> None:
    if team_id is None:
        raise InvalidAccountRequest("That team is gone or not yours to change.")
