"""Companies, their properties, and the owners those properties belong to (spec 001 §4, 5, 8, 9)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps, uuid_pk


class Company(Timestamps, Base):
    """A property-management company: the top-level tenant of the platform."""

    __tablename__ = "companies"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str | None]
    address: Mapped[str | None]
    city: Mapped[str | None]
    state: Mapped[str | None]
    zip: Mapped[str | None]
    phone: Mapped[str | None]
    website: Mapped[str | None]
    logo: Mapped[str | None]
    short_id: Mapped[str | None]
    salesforce_account_id: Mapped[str | None]


class Property(Timestamps, Base):
    """One apartment building or complex, with its document requirements and IDV settings.

    ``textsearchable_index_col`` is derived: migration 0001 installs a
    ``BEFORE INSERT OR UPDATE`` trigger (``properties_textsearch()``) that
    fills it from name, entity name, short id, PMC name and address with the
    ``simple`` text-search configuration (proper names, not English prose),
    and a GIN index serves the search. Writers never set it themselves.
    """

    __tablename__ = "properties"
    __table_args__ = (
        Index(
            "ix_properties_textsearchable_index_col",
            "textsearchable_index_col",
            postgresql_using="gin",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str | None]
    entity_name: Mapped[str | None]
    address: Mapped[str | None]
    city: Mapped[str | None]
    state: Mapped[str | None]
    zip: Mapped[str | None]
    phone: Mapped[str | None]
    email: Mapped[str | None]
    website: Mapped[str | None]
    logo: Mapped[str | None]
    short_id: Mapped[str | None]
    unit: Mapped[int | None] = mapped_column(Integer)
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    company_short_id: Mapped[str | None]
    pmc_name: Mapped[str | None]
    status: Mapped[str | None]
    sfdc_id: Mapped[str | None]
    bank_statement: Mapped[int | None] = mapped_column(Integer, server_default=text("2"))
    paystub: Mapped[int | None] = mapped_column(Integer, server_default=text("2"))
    supported_doctypes: Mapped[dict[str, Any] | None]
    unit_is_required: Mapped[bool | None] = mapped_column(server_default=text("true"))
    phone_is_required: Mapped[bool | None] = mapped_column(server_default=text("true"))
    identity_verification_enabled: Mapped[bool | None] = mapped_column(server_default=text("false"))
    identity_verification_provider: Mapped[str | None] = mapped_column(server_default=text("'incode'"))
    identity_verification_flow_types: Mapped[dict[str, Any] | None]
    identity_verification_report_image_types: Mapped[dict[str, Any] | None]
    textsearchable_index_col: Mapped[str | None] = mapped_column(TSVECTOR)


class Owner(Timestamps, Base):
    """A property owner (REIT, investment firm), synced from Salesforce.

    ``salesforce_id`` is required by the spec and is the sync key, so it is
    also unique: two rows for one Salesforce owner would split its access
    grants (``users_owners``) between them.
    """

    __tablename__ = "owners"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str]
    address: Mapped[str | None]
    city: Mapped[str | None]
    state: Mapped[str | None]
    zip: Mapped[str | None]
    phone: Mapped[str | None]
    website: Mapped[str | None]
    salesforce_id: Mapped[str] = mapped_column(unique=True)
    status: Mapped[str | None]


class PropertyOwner(Timestamps, Base):
    """Who owned a property when; ``ownership_end IS NULL`` is the current owner.

    Rows disappear with their property or owner (``ON DELETE CASCADE``):
    an ownership period means nothing without both ends. A period may not
    end before it starts.
    """

    __tablename__ = "property_owners"
    __table_args__ = (
        CheckConstraint(
            "ownership_start IS NULL OR ownership_end IS NULL OR ownership_end >= ownership_start",
            name="period_in_order",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    property_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("properties.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("owners.id", ondelete="CASCADE"), index=True)
    ownership_start: Mapped[datetime.datetime | None]
    ownership_end: Mapped[datetime.datetime | None]
