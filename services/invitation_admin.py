"""The Invitations section's use cases: pending invitations, newest first; revoke; re-issue a code.

The list reads only the shown columns, filtered by address on the server
and keyset-paged on ``(created_at, id)`` descending, through the caller's
session: row-level security shows a company administrator only their
company's invitations. Re-issuing creates a new invitation with the same
address, role, company, team, owner, properties, e-mail choice and
validity (a 30-day code is re-issued for 30 days, not the default 7) through
``rd_create_invitation``, which withdraws the pending one for the same
address and company in the same transaction; the new code is returned
once (only its hash is stored) and the old code is refused from then on.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from models.invitations import Invitation, InvitationProperty
from models.organizations import Company
from models.users import User
from services import accounts
from services.accounts.errors import InvalidAccountRequest
from services.accounts.invitations import MAX_VALIDITY
from services.changes import ChangeKind, Changes
from services.invitation_admin_rows import InvitationCursor, InvitationPage, PendingInvitationRow, ReissuedCode
from services.people_admin import like_pattern
from services.unit_of_work import UnitOfWork

PAGE_SIZE = 100
DEFAULT_REASON = "settings pane"
INVITATION_CHANGED = Changes.of(ChangeKind.INVITATION)


def reissued_validity(original: datetime.timedelta | None) -> datetime.timedelta:
    """A re-issued code is valid as long as the original was, within the database's limits."""
    if original is None:
        return accounts.DEFAULT_VALIDITY
    return min(max(original, datetime.timedelta(minutes=1)), MAX_VALIDITY)


class InvitationAdmin:
    """The Invitations section's service: one unit of work per call, as the signed-in administrator."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def list_pending(
        self, text: str = "", *, after: InvitationCursor | None = None, limit: int = PAGE_SIZE
    ) -> InvitationPage:
        inviter = aliased(User)
        inviter_name = func.coalesce(
            func.nullif(func.concat_ws(" ", inviter.first_name, inviter.last_name), ""), inviter.email
        )
        conditions: list[ColumnElement[bool]] = [Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)]
        if text.strip():
            conditions.append(Invitation.email.ilike(like_pattern(text.strip())))
        if after is not None:
            conditions.append(tuple_(Invitation.inserted_at, Invitation.id) < tuple_(after.created_at, after.id))
        query = (
            select(
                Invitation.id,
                func.coalesce(Invitation.email, ""),
                Invitation.role,
                Company.name,
                inviter_name,
                Invitation.inserted_at,
                Invitation.expires_at,
                Invitation.skip_email_sending,
            )
            .outerjoin(Company, Company.id == Invitation.company_id)
            .outerjoin(inviter, inviter.id == Invitation.invited_by_id)
            .where(and_(*conditions))
            .order_by(Invitation.inserted_at.desc(), Invitation.id.desc())
            .limit(limit + 1)
        )
        async with self._uow.transaction() as session:
            rows = [PendingInvitationRow(*row) for row in await session.execute(query)]
        page = tuple(rows[:limit])
        return InvitationPage(page, page[-1].cursor if len(rows) > limit else None)

    async def revoke(self, invitation_id: uuid.UUID, *, reason: str = DEFAULT_REASON) -> Changes:
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            await accounts.revoke_invitation(session, invitation_id)
        return INVITATION_CHANGED

    async def reissue(self, invitation_id: uuid.UUID, *, reason: str = DEFAULT_REASON) -> ReissuedCode:
        """A new code for the same invitation; the old one is withdrawn in the same transaction."""
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, reason)
            found = (
                await session.execute(
                    select(
                        Invitation.email,
                        Invitation.role,
                        Invitation.first_name,
                        Invitation.last_name,
                        Invitation.company_id,
                        Invitation.team_id,
                        Invitation.owner_id,
                        Invitation.skip_email_sending,
                        Invitation.inserted_at,
                        Invitation.expires_at,
                    ).where(
                        Invitation.id == invitation_id,
                        Invitation.accepted_at.is_(None),
                        Invitation.revoked_at.is_(None),
                    )
                )
            ).one_or_none()
            if found is None:
                raise InvalidAccountRequest("That invitation was accepted or withdrawn meanwhile.")
            email, role, first_name, last_name, company_id, team_id, owner_id, skip_email, inserted_at, expires_at = (
                found
            )
            property_ids = (
                await session.scalars(
                    select(InvitationProperty.property_id).where(InvitationProperty.invitation_id == invitation_id)
                )
            ).all()
            issued = await accounts.create_invitation(
                session,
                email=email or "",
                role=role or "",
                first_name=first_name,
                last_name=last_name,
                company_id=company_id,
                team_id=team_id,
                owner_id=owner_id,
                property_ids=[property_id for property_id in property_ids if property_id is not None],
                skip_email_sending=skip_email,
                valid_for=reissued_validity(None if expires_at is None else expires_at - inserted_at),
            )
        return ReissuedCode(issued.invitation_id, email or "", issued.token, issued.expires_at)
