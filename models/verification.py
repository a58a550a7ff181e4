"""Columns shared by the income and asset verification tables (spec 002 §3.1).

The spec draws ``income_verification_*`` and ``asset_verification_*`` as
the same three tables twice; these mixins hold that shape once. Only what
differs stays in ``models.income`` / ``models.assets``: the table names,
the review's foreign key to its own submission table, and income results'
extra ``type`` column. The decisions behind the columns are in
``models.income``'s docstring.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Identity, Text, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from models.base import Timestamps, uuid_pk
from models.enums import (
    REVIEW_METHOD,
    DecidedEligibility,
    ReviewEligibility,
    ReviewMethod,
    ReviewState,
    VerificationReviewType,
    sql_in,
)


class VerificationSubmissionColumns(Timestamps):
    """A request to verify one aspect of an entry from a document source."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        # A fresh constraint per table: one object cannot belong to two tables.
        return (CheckConstraint(sql_in("review_eligibility", ReviewEligibility), name="review_eligibility"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), index=True)
    applicant_submission_document_source_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applicant_submission_document_sources.id"), index=True
    )
    review_eligibility: Mapped[str | None]
    rejection_reason: Mapped[str | None]


class VerificationReviewColumns(Timestamps):
    """One (automated or manual) review of a submission; the FK to it is the subclass's."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            CheckConstraint(sql_in("status", ReviewState), name="status"),
            CheckConstraint(sql_in("type", VerificationReviewType), name="type"),
        )

    id: Mapped[uuid.UUID] = uuid_pk()
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    calculation_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(server_default=text("'PENDING'"))
    type: Mapped[str] = mapped_column(server_default=text("'INITIAL'"))
    review_method: Mapped[ReviewMethod | None] = mapped_column(REVIEW_METHOD)
    rejection_reason: Mapped[str | None]
    assigned_date: Mapped[datetime.datetime | None]
    completed_date: Mapped[datetime.datetime | None]


class VerificationResultColumns(Timestamps):
    """The decision recorded for an applicant submission."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (CheckConstraint(sql_in("review_eligibility", DecidedEligibility), name="review_eligibility"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    applicant_submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant_submissions.id"), index=True)
    calculation_id: Mapped[uuid.UUID | None]
    review_eligibility: Mapped[str]
    rejected_reasons: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
