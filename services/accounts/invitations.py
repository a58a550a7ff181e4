"""Invitations: an administrator creates one, the invitee accepts it with the one-time code.

Creating returns the code exactly once (only its SHA-256 is stored). An
invitation whose e-mail is not skipped also enqueues the e-mail job in the
same transaction. Accepting runs as the gatekeeper, before the invitee has
an account: it creates their users row, login role (with the verifier of
the password they chose), grants, and consumes the invitation. The
database's four refusals become one :class:`InvitationRefused` with a
reason and a message for the invitee; the sign-in dialog shows it as is.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from services.accounts.credentials import new_password_verifier, plain_address
from services.accounts.errors import InvalidAccountRequest, account_errors, sqlstate_and_message
from services.accounts.people import product_role
from services.invitation_request import InvitationRequest
from services.sign_in_outcome import InvitationReason, InvitationRefused

DEFAULT_VALIDITY: Final = datetime.timedelta(days=7)
MAX_VALIDITY: Final = datetime.timedelta(days=30)
"""The database refuses anything longer: an unused code should not stay valid for months."""

_REFUSALS: Final[dict[str, InvitationReason]] = {
    "RD401": InvitationReason.WRONG_CODE,
    "RD410": InvitationReason.EXPIRED,
    "RD403": InvitationReason.REVOKED,
    "RD409": InvitationReason.ALREADY_USED,
}


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its code: show the code once, it cannot be read back."""

    invitation_id: uuid.UUID
    token: str = field(repr=False)
    expires_at: datetime.datetime
    """Naive UTC, as stored."""


async def create_invitation(
    session: AsyncSession,
    *,
    email: str,
    role: str,
    first_name: str | None = None,
    last_name: str | None = None,
    company_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
    owner_id: uuid.UUID | None = None,
    property_ids: Sequence[uuid.UUID] = (),
    skip_email_sending: bool = False,
    valid_for: datetime.timedelta = DEFAULT_VALIDITY,
) -> IssuedInvitation:
    """Invite ``email`` as ``role`` (company, team or owner as the role needs); supersedes pending ones."""
    plain_address(email)
    checked_role = product_role(role)
    if not datetime.timedelta(minutes=1) <= valid_for <= MAX_VALIDITY:
        raise InvalidAccountRequest(f"An invitation is valid for between a minute and {MAX_VALIDITY.days} days.")
    with account_errors():
        result = await session.execute(
            text(
                "SELECT invitation_id, token, expires_at FROM rd_create_invitation("
                ":email, :first_name, :last_name, :role, :company_id, :team_id, :owner_id,"
                " CAST(:property_ids AS uuid[]), :skip_email_sending, :valid_for)"
            ),
            {
                "email": email.strip(),
                "first_name": first_name,
                "last_name": last_name,
                "role": checked_role.value,
                "company_id": company_id,
                "team_id": team_id,
                "owner_id": owner_id,
                "property_ids": list(property_ids),
                "skip_email_sending": skip_email_sending,
                "valid_for": valid_for,
            },
        )
    invitation_id, token, expires_at = result.one()
    return IssuedInvitation(invitation_id=invitation_id, token=token, expires_at=expires_at)


async def create_requested_invitation(session: AsyncSession, request: InvitationRequest) -> IssuedInvitation:
    """:func:`create_invitation` for a request a form or a file produced."""
    return await create_invitation(
        session,
        email=request.email,
        role=request.role,
        first_name=request.first_name,
        last_name=request.last_name,
        company_id=request.company_id,
        team_id=request.team_id,
        owner_id=request.owner_id,
        property_ids=request.property_ids,
        skip_email_sending=request.skip_email_sending,
        valid_for=request.valid_for,
    )


async def revoke_invitation(session: AsyncSession, invitation_id: uuid.UUID) -> None:
    """Withdraw an invitation that has not been accepted; its code is refused from then on."""
    with account_errors():
        await session.execute(text("SELECT rd_revoke_invitation(:invitation_id)"), {"invitation_id": invitation_id})


async def accept_invitation(session: AsyncSession, *, email: str, token: str, password: str) -> uuid.UUID:
    """Accept as the gatekeeper (``session``): returns the new user's id once the caller commits.

    Raises :class:`InvitationRefused` for a wrong, expired, withdrawn or
    used code, and :class:`InvalidAccountRequest` for a password the policy
    refuses (checked first: the database only ever sees its verifier).
    """
    verifier = await new_password_verifier(session, email, password)
    try:
        result = await session.execute(
            text("SELECT rd_accept_invitation(:email, :token, :verifier)"),
            {"email": email, "token": token, "verifier": verifier},
        )
    except DBAPIError as failure:
        sqlstate, message = sqlstate_and_message(failure)
        reason = _REFUSALS.get(sqlstate or "")
        if reason is None:
            raise
        raise InvitationRefused(reason, message) from failure
    user_id: uuid.UUID = result.scalar_one()
    return user_id
