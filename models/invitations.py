"""Invitations that onboard new users, and the properties each grants (spec 000 §2).

Indexes are the spec's "Recommended Indexes" (``company_id``, ``team_id``,
``email``; ``invitation_id``, ``property_id``) plus ``owner_id``.

Beyond the spec: ``accepted_at`` (nullable) records consumption, which the
spec guesses exists ("likely via deleted_at or accepted_at field not
shown"). Keeping accepted invitations, instead of deleting them, leaves an
audit trail of who was invited by whom. ``invitations_properties`` rows go
with their invitation or property (``ON DELETE CASCADE``).

Also beyond the spec, for the one-time invitation code (migration 0003,
``rd_create_invitation`` / ``rd_accept_invitation``):

- ``token_hash``: the SHA-256 (hex) of the code. The code itself is shown
  once to whoever created the invitation and never stored, so reading the
  table does not let anyone accept an invitation. Unique, because the hash
  is how an acceptance finds its invitation.
- ``expires_at``: after this (naive UTC) the code is refused.
- ``revoked_at``: set when an administrator withdraws the invitation, or
  when a newer invitation for the same address and company supersedes it.
- ``invited_by_id``: the administrator who created it (NULL when the
  deployment owner did, e.g. from the command line).
- ``accepted_user_id``: the ``users`` row the acceptance created or
  re-activated, next to ``accepted_at``.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Identity, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk


class Invitation(Timestamps, Base):
    """An invitation to join a company, a reviewer team or an owner, with the role to assign."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint("token_hash ~ '^[0-9a-f]{64}$'", name="token_hash_hex"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    company_short_id: Mapped[str | None]
    email: Mapped[str | None] = mapped_column(index=True)
    first_name: Mapped[str | None]
    last_name: Mapped[str | None]
    role: Mapped[str | None]
    skip_email_sending: Mapped[bool] = mapped_column(server_default=text("false"))
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("owners.id"), index=True)
    accepted_at: Mapped[datetime.datetime | None]
    token_hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    expires_at: Mapped[datetime.datetime | None]
    revoked_at: Mapped[datetime.datetime | None]
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    accepted_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)

    properties: Mapped[list[InvitationProperty]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", lazy="raise"
    )


class InvitationProperty(Timestamps, Base):
    """A property the invited user will be granted (``users_properties``) on acceptance."""

    __tablename__ = "invitations_properties"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    property_short_id: Mapped[str | None]
    invitation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id", ondelete="CASCADE"), index=True)

    invitation: Mapped[Invitation] = relationship(back_populates="properties", lazy="raise")
