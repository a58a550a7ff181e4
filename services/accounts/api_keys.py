"""API keys: issued with a secret shown once, verified by its hash, revoked instantly.

Only the SHA-256 of a secret is stored (``api_keys.key``), and no
application role can read even that column; issuing, revoking and
verifying go through SECURITY DEFINER functions. A key is a master key
(unscoped) or scoped to a company and/or a property, with a ``role``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.accounts.errors import InvalidAccountRequest, account_errors


@dataclass(frozen=True)
class IssuedApiKey:
    """A new key and its secret: show the secret once, it cannot be read back."""

    api_key_id: uuid.UUID
    secret: str = field(repr=False)


@dataclass(frozen=True)
class VerifiedApiKey:
    """What a presented, active key may do."""

    api_key_id: uuid.UUID
    master: bool
    company_id: uuid.UUID | None
    property_id: uuid.UUID | None
    role_id: int | None


async def issue_api_key(
    session: AsyncSession,
    *,
    description: str,
    master: bool = False,
    company_id: uuid.UUID | None = None,
    property_id: uuid.UUID | None = None,
    role_id: int | None = None,
) -> IssuedApiKey:
    """Issue a key (staff administrators only): a master key, or one scoped to a company and/or property."""
    if master and (company_id or property_id):
        raise InvalidAccountRequest("A master key has no company or property scope.")
    if not master and not (company_id or property_id):
        raise InvalidAccountRequest("Scope the key to a company or a property, or make it a master key.")
    with account_errors():
        result = await session.execute(
            text(
                "SELECT api_key_id, secret FROM rd_issue_api_key("
                ":description, :master, :company_id, :property_id, :role_id)"
            ),
            {
                "description": description,
                "master": master,
                "company_id": company_id,
                "property_id": property_id,
                "role_id": role_id,
            },
        )
    api_key_id, secret = result.one()
    return IssuedApiKey(api_key_id=api_key_id, secret=secret)


async def revoke_api_key(session: AsyncSession, api_key_id: uuid.UUID) -> None:
    """Deactivate a key; it stops verifying at once."""
    with account_errors():
        await session.execute(text("SELECT rd_revoke_api_key(:api_key_id)"), {"api_key_id": api_key_id})


async def verify_api_key(session: AsyncSession, secret: str) -> VerifiedApiKey | None:
    """The active key ``secret`` belongs to, or ``None`` (a worker node's session; unknown and revoked look alike)."""
    with account_errors():
        result = await session.execute(
            text("SELECT api_key_id, master, company_id, property_id, role_id FROM rd_verify_api_key(:secret)"),
            {"secret": secret},
        )
    row = result.one_or_none()
    return None if row is None else VerifiedApiKey(*row)
