"""The fraud-detection workflow: submissions, reviews, per-document reviews, results (spec 002 §2.1).

The ER diagram shows these tables only partially. Beyond every column it
shows, plus ``inserted_at`` / ``updated_at``, we decided:

- ``fraud_submissions.applicant_submission_document_source_id`` is an
  "Implicit FK" in production; here it is a real FK (nullable, as a
  submission can be opened by hand without a document source).
- ``fraud_submissions.entry_id`` (NOT NULL FK, our addition) names the
  entry under review directly, as income/asset submissions already do;
  otherwise every queue query would walk document source → submission →
  applicant → entry.
- ``fraud_document_reviews.document_id`` is a real FK to ``proof.id``, and
  a review rules on each document at most once (unique pair).
- ``result`` columns are ``integer`` FKs to ``fraud_result_types.id``
  (``bigint``) exactly as documented; PostgreSQL accepts the mixed widths.
  The ORM attribute keeps the column's name and holds the type's *id*.
- A review's ``status`` is PENDING → IN_PROGRESS → COMPLETED and
  ``review_type`` is INITIAL, ESCALATION or QA (CHECKs). A COMPLETED review
  must carry a result and a completion time.
- ``fraud_results.result`` is NOT NULL: a result row is written only when a
  ruling exists.
- ``fraud_result_types`` has ids 1..4 = CLEAN, FRAUD, EDITED, INSUFFICIENT,
  seeded by migration 0001; ``code`` is unique.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Identity, Integer, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk
from models.enums import FraudReviewType, ReviewState, sql_in

if TYPE_CHECKING:
    from models.proofs import Proof


class FraudResultType(Base):
    """Lookup of fraud rulings (CLEAN, FRAUD, EDITED, INSUFFICIENT)."""

    __tablename__ = "fraud_result_types"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)


class FraudSubmission(Timestamps, Base):
    """A set of documents sent for fraud review; one or more reviews work on it."""

    __tablename__ = "fraud_submissions"

    id: Mapped[uuid.UUID] = uuid_pk()
    applicant_submission_document_source_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applicant_submission_document_sources.id"), index=True
    )
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), index=True)

    reviews: Mapped[list[FraudReview]] = relationship(back_populates="fraud_submission", lazy="raise")


class FraudReview(Timestamps, Base):
    """One reviewer's pass over a fraud submission: overall result, fraud type and reason."""

    __tablename__ = "fraud_reviews"
    __table_args__ = (
        CheckConstraint(sql_in("status", ReviewState), name="status"),
        CheckConstraint(sql_in("review_type", FraudReviewType), name="review_type"),
        CheckConstraint(
            "status <> 'COMPLETED' OR (result IS NOT NULL AND completed_date IS NOT NULL)",
            name="completed_has_result",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    fraud_submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fraud_submissions.id"), index=True)
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    result: Mapped[int | None] = mapped_column(Integer, ForeignKey("fraud_result_types.id"), index=True)
    fraud_type: Mapped[str | None]
    status: Mapped[str] = mapped_column(server_default=text("'PENDING'"))
    review_type: Mapped[str] = mapped_column(server_default=text("'INITIAL'"))
    result_reason: Mapped[str | None]
    assigned_date: Mapped[datetime.datetime | None]
    completed_date: Mapped[datetime.datetime | None]

    fraud_submission: Mapped[FraudSubmission] = relationship(back_populates="reviews", lazy="raise")
    document_reviews: Mapped[list[FraudDocumentReview]] = relationship(
        back_populates="fraud_review", cascade="all, delete-orphan", lazy="raise"
    )


class FraudDocumentReview(Timestamps, Base):
    """A review's ruling on one document (``proof``)."""

    __tablename__ = "fraud_document_reviews"
    __table_args__ = (UniqueConstraint("fraud_review_id", "document_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    # The unique (fraud_review_id, document_id) constraint indexes fraud_review_id.
    fraud_review_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fraud_reviews.id", ondelete="CASCADE"))
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proof.id"), index=True)
    result: Mapped[int | None] = mapped_column(Integer, ForeignKey("fraud_result_types.id"), index=True)
    source_type: Mapped[str | None]

    fraud_review: Mapped[FraudReview] = relationship(back_populates="document_reviews", lazy="raise")
    document: Mapped[Proof] = relationship(lazy="raise")


class FraudResult(Timestamps, Base):
    """The fraud ruling recorded for an applicant submission (latest row wins)."""

    __tablename__ = "fraud_results"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    applicant_submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant_submissions.id"), index=True)
    result: Mapped[int] = mapped_column(Integer, ForeignKey("fraud_result_types.id"), index=True)
