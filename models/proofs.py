"""Documents (``proof``) and where a submission's documents came from (spec 002 §2.1).

The ER diagram shows these tables only partially. Beyond every column it
shows, plus ``inserted_at`` / ``updated_at``, we decided:

- ``proof.entry_id`` and ``proof.file`` are NOT NULL: a document belongs
  to an entry and *is* a stored file (``file`` is a document-store URL:
  ``file://``, the ``document_blobs`` table, or S3). Uploads made before an
  entry exists live in ``unauthenticated_session.proofs`` instead.
- ``proof.type`` is NOT NULL (``other`` exists for the unclassified);
  ``result`` defaults to ``PENDING`` and ``suggested_ruling`` to
  ``NOT_RUN``, mirroring ``entries``.
- ``meta_data_flags`` is ``text[]`` (flag names such as
  ``font_manipulation``) and ``similarity_check`` is ``jsonb[]`` (one object
  per similar document); both default to empty arrays and are NOT NULL so
  readers never juggle NULL versus empty.
- ``has_text`` is NULL until text extraction ran; ``manual_review_recommended``
  is NOT NULL, default false.
- ``source_type`` is NOT NULL and limited by CHECK to manual_upload, yardi,
  email, api.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamps, uuid_pk
from models.enums import (
    PROOF_RESULT,
    PROOF_TYPE,
    SUGGESTED_RULING,
    DocumentSourceType,
    ProofResult,
    ProofType,
    SuggestedRuling,
    sql_in,
)

if TYPE_CHECKING:
    from models.applicants import ApplicantSubmission
    from models.entries import Entry


class Proof(Timestamps, Base):
    """One uploaded document with its machine analysis and ruling."""

    __tablename__ = "proof"
    __table_args__ = (
        # Reports ask "did this entry have a fraudulent or edited document" (revision 0017).
        Index("ix_proof_fraud_or_edited", "entry_id", postgresql_where=text("result IN ('FRAUD', 'EDITED')")),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), index=True)
    short_id: Mapped[str | None]
    file: Mapped[str] = mapped_column(Text)
    thumb: Mapped[str | None] = mapped_column(Text)
    type: Mapped[ProofType] = mapped_column(PROOF_TYPE)
    result: Mapped[ProofResult] = mapped_column(PROOF_RESULT, server_default=text("'PENDING'"))
    suggested_ruling: Mapped[SuggestedRuling] = mapped_column(SUGGESTED_RULING, server_default=text("'NOT_RUN'"))
    extracted_meta: Mapped[dict[str, Any] | None]
    meta_data_flags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    similarity_check: Mapped[list[dict[str, Any]]] = mapped_column(ARRAY(JSONB), server_default=text("'{}'"))
    has_text: Mapped[bool | None]
    manual_review_recommended: Mapped[bool] = mapped_column(server_default=text("false"))

    entry: Mapped[Entry] = relationship(back_populates="proofs", lazy="raise")


class ApplicantSubmissionDocumentSource(Timestamps, Base):
    """The channel a submission's documents arrived through; each one triggers checks."""

    __tablename__ = "applicant_submission_document_sources"
    __table_args__ = (CheckConstraint(sql_in("source_type", DocumentSourceType), name="source_type"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    applicant_submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant_submissions.id"), index=True)
    source_type: Mapped[str]

    applicant_submission: Mapped[ApplicantSubmission] = relationship(back_populates="document_sources", lazy="raise")
