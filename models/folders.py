"""Folders: one applicant's entries at one property (spec 001 §6).

A folder is heavily denormalised for dashboards: property/company short
ids and names, and the ``last_entry_*`` fields, are copies written in the
same transaction that completes a review (see ARCHITECTURE, "Review
workflow"). ``status`` and ``result`` stay free text as documented;
``dynamic_ruling`` is limited by CHECK to the rulings a folder can show.

``last_entry_id`` → ``entries`` closes a cycle with ``entries.folder_id``
→ ``folders``; that FK is created after both tables (``use_alter``).
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk
from models.enums import DynamicRuling, sql_in

if TYPE_CHECKING:
    from models.entries import Entry


class Folder(Timestamps, Base):
    """Groups the entries (screening requests) of one applicant at one property."""

    __tablename__ = "folders"
    __table_args__ = (CheckConstraint(sql_in("dynamic_ruling", DynamicRuling), name="dynamic_ruling"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str | None]
    status: Mapped[str | None]
    result: Mapped[str | None]
    dynamic_ruling: Mapped[str] = mapped_column(server_default=text("'PENDING'"))
    ruling_time: Mapped[datetime.datetime | None]
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id"), index=True)
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    property_short_id: Mapped[str | None]
    property_name: Mapped[str | None]
    company_short_id: Mapped[str | None]
    last_entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("entries.id", use_alter=True), index=True)
    last_entry_submission_time: Mapped[datetime.datetime | None]
    last_entry_result: Mapped[str | None]
    last_entry_status: Mapped[str | None]
    review_assigned_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    review_assigned_date: Mapped[datetime.datetime | None]

    entries: Mapped[list[Entry]] = relationship(back_populates="folder", foreign_keys="Entry.folder_id", lazy="raise")
