"""Asset verification: submissions, reviews and results (spec 002 §3.1).

Shaped exactly like income verification (see ``models.income`` for the
decisions: NOT NULL ``entry_id``, nullable document source, eligibility
CHECKs, review status/type CHECKs, ``text[]`` rejected reasons, no FK for
the external ``calculation_id``). Unlike income results, asset results
have no ``type`` column in the diagram, so none is added.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Identity, Text, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamps, uuid_pk
from models.enums import (
    REVIEW_METHOD,
    DecidedEligibility,
    ReviewEligibility,
    ReviewMethod,
    ReviewState,
    VerificationReviewType,
    sql_in,
)


class AssetVerificationSubmission(Timestamps, Base):
    """A request to verify an entry's assets from a document source."""

    __tablename__ = "asset_verification_submissions"
    __table_args__ = (CheckConstraint(sql_in("review_eligibility", ReviewEligibility), name="review_eligibility"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), index=True)
    applicant_submission_document_source_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applicant_submission_document_sources.id"), index=True
    )
    review_eligibility: Mapped[str | None]
    rejection_reason: Mapped[str | None]


class AssetVerificationReview(Timestamps, Base):
    """One (automated or manual) review of an asset submission."""

    __tablename__ = "asset_verification_reviews"
    __table_args__ = (
        CheckConstraint(sql_in("status", ReviewState), name="status"),
        CheckConstraint(sql_in("type", VerificationReviewType), name="type"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    asset_verification_submission_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("asset_verification_submissions.id"), index=True
    )
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    calculation_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(server_default=text("'PENDING'"))
    type: Mapped[str] = mapped_column(server_default=text("'INITIAL'"))
    review_method: Mapped[ReviewMethod | None] = mapped_column(REVIEW_METHOD)
    rejection_reason: Mapped[str | None]
    assigned_date: Mapped[datetime.datetime | None]
    completed_date: Mapped[datetime.datetime | None]


class AssetVerificationResult(Timestamps, Base):
    """The asset decision recorded for an applicant submission."""

    __tablename__ = "asset_verification_results"
    __table_args__ = (CheckConstraint(sql_in("review_eligibility", DecidedEligibility), name="review_eligibility"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    applicant_submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant_submissions.id"), index=True)
    calculation_id: Mapped[uuid.UUID | None]
    review_eligibility: Mapped[str]
    rejected_reasons: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
