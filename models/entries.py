"""Entries: one screening request, the reviewer's unit of work (spec 001 §7).

Decisions beyond the spec:

- ``review_status`` follows UNASSIGNED → ASSIGNED → IN_REVIEW → COMPLETED
  and is limited to those four by CHECK.
- ``result`` is the *aggregated final result* of spec 002's "Result
  Aggregation Logic" (APPROVED / REJECTED / NEEDS_REVIEW), NULL until
  decided. The fraud ruling itself lives in ``fraud_reviews`` /
  ``fraud_results`` and on the folder's ``dynamic_ruling``.
- ``status`` stays free text: the spec lists examples and ends with "etc.".
- Reviewer queue indexes: ``(review_status, submission_time, id)`` for
  keyset paging through a queue in submission order, and a partial index
  on ``review_assigned_to_id`` for "my open work" (ASSIGNED / IN_REVIEW),
  next to the plain FK index that deleting a user needs.
- Report indexes (revision 0017): the submission time as reports read it
  (``coalesce(submission_time, inserted_at)``) and ``review_date``, so a
  report over a date range reads that range, not every entry.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk
from models.enums import SUGGESTED_RULING, EntryResult, ReviewStatus, SuggestedRuling, sql_in

if TYPE_CHECKING:
    from models.applicants import Applicant
    from models.folders import Folder
    from models.proofs import Proof


class Entry(Timestamps, Base):
    """A screening request for one applicant at one property."""

    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint(sql_in("review_status", ReviewStatus), name="review_status"),
        CheckConstraint(sql_in("result", EntryResult), name="result"),
        Index("ix_entries_review_queue", "review_status", "submission_time", "id"),
        # A company-side page starts from the visible folders (revision 0013); it serves folder_id lookups too.
        Index("ix_entries_folder_queue", "folder_id", "review_status", "submission_time", "id"),
        Index(
            "ix_entries_open_assignments",
            "review_assigned_to_id",
            postgresql_where=text("review_status IN ('ASSIGNED', 'IN_REVIEW')"),
        ),
        Index("ix_entries_submitted_or_inserted", text("coalesce(submission_time, inserted_at)")),
        Index("ix_entries_review_date", "review_date"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    short_id: Mapped[str | None] = mapped_column(index=True)
    status: Mapped[str | None]
    result: Mapped[str | None]
    suggested_ruling: Mapped[SuggestedRuling] = mapped_column(SUGGESTED_RULING, server_default=text("'NOT_RUN'"))
    note: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None]
    # ``metadata`` is reserved by SQLAlchemy's declarative classes.
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    folder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("folders.id"))
    submission_time: Mapped[datetime.datetime | None]
    report_complete_time: Mapped[datetime.datetime | None]
    notification_email: Mapped[str | None]
    has_previously_submitted: Mapped[bool] = mapped_column(server_default=text("false"))
    auto_merged: Mapped[bool | None] = mapped_column(server_default=text("false"))
    is_automatic_review: Mapped[bool | None] = mapped_column(server_default=text("false"))
    review_status: Mapped[str] = mapped_column(server_default=text("'UNASSIGNED'"))
    review_date: Mapped[datetime.datetime | None]
    review_assigned_date: Mapped[datetime.datetime | None]
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    review_assigned_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    primary_notification_sent_at: Mapped[datetime.datetime | None]
    secondary_notification_sent_at: Mapped[datetime.datetime | None]
    twenty_two_hours_notification_sent_at: Mapped[datetime.datetime | None]
    sixteen_hours_notification_sent_at: Mapped[datetime.datetime | None]

    folder: Mapped[Folder | None] = relationship(back_populates="entries", foreign_keys=[folder_id], lazy="raise")
    applicants: Mapped[list[Applicant]] = relationship(back_populates="entry", lazy="raise")
    proofs: Mapped[list[Proof]] = relationship(back_populates="entry", lazy="raise")
