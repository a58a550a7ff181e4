"""Creating people, giving existing rows a login, changing roles, disabling: the privileged SQL functions.

Each function runs in the caller's transaction (``session``), so an
administrator's change and its audit reason (:func:`set_audit_reason`)
commit together. The database decides who may do what; the checks here
only give a clearer message earlier (an unknown role, a weak password).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import RoleName
from services.accounts.credentials import new_password_verifier
from services.accounts.errors import InvalidAccountRequest, account_errors


def product_role(role: str) -> RoleName:
    """``role`` as one of the product's roles, or a message naming the valid ones."""
    try:
        return RoleName(role)
    except ValueError:
        valid = ", ".join(member.value for member in RoleName)
        raise InvalidAccountRequest(f'Unknown role "{role}"; use one of: {valid}.') from None


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    role: str,
    password: str,
    first_name: str | None = None,
    last_name: str | None = None,
    company_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
    property_ids: Sequence[uuid.UUID] = (),
) -> uuid.UUID:
    """A person with a users row, a login role in their role's group, and their property grants.

    ``role`` ``admin`` with a ``company_id`` is that company's
    administrator; without one, a Ruling Desk staff administrator.
    """
    checked_role = product_role(role)
    verifier = await new_password_verifier(session, email, password)
    with account_errors():
        result = await session.execute(
            text(
                "SELECT rd_create_user(:email, :first_name, :last_name, :role, :company_id, :team_id,"
                " CAST(:property_ids AS uuid[]), :verifier)"
            ),
            {
                "email": email.strip(),
                "first_name": first_name,
                "last_name": last_name,
                "role": checked_role.value,
                "company_id": company_id,
                "team_id": team_id,
                "property_ids": list(property_ids),
                "verifier": verifier,
            },
        )
    user_id: uuid.UUID = result.scalar_one()
    return user_id


async def grant_login(session: AsyncSession, user_id: uuid.UUID, password: str) -> str:
    """Give an existing users row (e.g. a seeded demo person) its first login role; returns its name.

    A login that already exists is refused (:class:`AccountConflictError`):
    replacing its password is :func:`reset_login`.
    """
    email = await _email_of(session, user_id)
    verifier = await new_password_verifier(session, email, password)
    with account_errors():
        result = await session.execute(
            text("SELECT rd_grant_login(:user_id, :verifier)"), {"user_id": user_id, "verifier": verifier}
        )
    return str(result.scalar_one())


async def reset_login(session: AsyncSession, user_id: uuid.UUID, password: str, *, must_change: bool = True) -> str:
    """Give an existing login a new password, as its own audited step; returns the login's name.

    With ``must_change`` (the only choice a staff administrator has) the
    database recognises nobody on that login until its person has set their
    own password: whoever chose this one cannot act as them. Only the
    deployment owner may pass ``False`` (the embedded demo repairing a
    wiped keyring).
    """
    email = await _email_of(session, user_id)
    verifier = await new_password_verifier(session, email, password)
    with account_errors():
        result = await session.execute(
            text("SELECT rd_reset_login(:user_id, :verifier, :must_change)"),
            {"user_id": user_id, "verifier": verifier, "must_change": must_change},
        )
    return str(result.scalar_one())


async def change_user_role(session: AsyncSession, user_id: uuid.UUID, role: str) -> None:
    """Give a person another role: their ``users.role`` and their group change together."""
    checked_role = product_role(role)
    with account_errors():
        await session.execute(
            text("SELECT rd_change_user_role(:user_id, :role)"), {"user_id": user_id, "role": checked_role.value}
        )


async def disable_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Archive a person: at commit their login opens nothing but its own account state, and their sessions end."""
    with account_errors():
        await session.execute(text("SELECT rd_disable_user(:user_id)"), {"user_id": user_id})


async def enable_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Bring a disabled person back: their row is active, their login in rd_app and their group again (0009)."""
    with account_errors():
        await session.execute(text("SELECT rd_enable_user(:user_id)"), {"user_id": user_id})


async def find_user_id(session: AsyncSession, email: str, *, active_only: bool = False) -> uuid.UUID | None:
    """The id of the users row with ``email`` (any case) that ``session`` can see, if any.

    ``active_only`` leaves out archived (disabled) people.
    """
    result = await session.execute(
        text("SELECT id FROM users WHERE lower(email) = :login AND (is_archived IS NOT TRUE OR NOT :active_only)"),
        {"login": email.strip().lower(), "active_only": active_only},
    )
    return result.scalar_one_or_none()


async def _email_of(session: AsyncSession, user_id: uuid.UUID) -> str:
    email = (
        await session.execute(text("SELECT email FROM users WHERE id = :user_id"), {"user_id": user_id})
    ).scalar_one_or_none()
    if email is None:
        raise InvalidAccountRequest(f"There is no user {user_id} you can see.")
    return str(email)
