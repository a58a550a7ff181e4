"""People and access: users, teams, roles, countries, and the user → property/owner grants (spec 001 §10-14).

``country`` is not documented by the client but ``team.country_id`` is an
``integer`` FK to it, so we model the smallest table that makes that FK
real: an identity key, a name and a unique ISO 3166-1 alpha-2 code.
Migration 0001 seeds a few countries.
"""

from __future__ import annotations

import uuid

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps, uuid_pk


class Country(Timestamps, Base):
    """Country a team works from (scheduling, localisation)."""

    __tablename__ = "country"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str]
    iso_code: Mapped[str] = mapped_column(String(2), unique=True)


class Role(Base):
    """A product role. Names are unique and seeded by migration 0001 (see ``RoleName``).

    ``users.role`` and ``invitations.role`` hold a role *name*, not an FK,
    as in the client's schema; ``api_keys.role_id`` is a real FK. What a role
    may do is enforced by PostgreSQL group roles of the same name.
    """

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)


class Team(Timestamps, Base):
    """A reviewer team (e.g. Fraud Detection, QA) with its timezone and manager.

    ``fde_manager_id`` → ``users`` closes a cycle with ``users.team_id`` →
    ``team``, so that FK is created after both tables (``use_alter``).
    """

    __tablename__ = "team"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str]
    timezone: Mapped[str]
    country_id: Mapped[int] = mapped_column(Integer, ForeignKey("country.id"), index=True)
    fde_manager_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", use_alter=True), index=True)


class User(Timestamps, Base):
    """A person who signs in: staff reviewer, QA lead, admin or property-side user.

    E-mail addresses are unique regardless of case (unique index on
    ``lower(email)``): people sign in and are invited by e-mail, so two
    rows for one address would be ambiguous. ``email`` stays nullable as
    documented; several NULLs are allowed. A returning person is
    un-archived (``is_archived``), not created again.
    """

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_lower_email", func.lower(text("email")), unique=True),)

    id: Mapped[uuid.UUID] = uuid_pk()
    auth_id: Mapped[uuid.UUID | None]
    short_id: Mapped[str | None]
    first_name: Mapped[str | None]
    last_name: Mapped[str | None]
    email: Mapped[str | None]
    role: Mapped[str | None]
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    settings_notification: Mapped[bool] = mapped_column(server_default=text("true"))
    is_archived: Mapped[bool | None] = mapped_column(server_default=text("false"))


class UserProperty(Timestamps, Base):
    """Grant: a user may see one property. One row per pair; gone with either side."""

    __tablename__ = "users_properties"
    __table_args__ = (
        # Also serves lookups by user_id (its leading column).
        UniqueConstraint("user_id", "property_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    property_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("properties.id", ondelete="CASCADE"), index=True)


class UserOwner(Timestamps, Base):
    """Grant: a user may see every property of an owner. Composite key (owner_id, user_id)."""

    __tablename__ = "users_owners"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
