"""A reviewer's ruling as the workstation holds it before and while it is sent, and the server's receipt.

Plain values, no database: the ruling dialog fills one in, the draft store
keeps it as JSON until the server confirmed it, and :func:`services.ruling.submit_ruling`
writes it. Its ``submission_id`` is generated here, once, when the
reviewer starts the ruling: the server writes a ruling with a given id at
most once, so sending the same draft again after a lost connection is safe.

Decisions:

- The overall ruling is the worst document ruling (:mod:`services.rulings`)
  unless the reviewer overrides it, and an override needs a reason (it
  lands in the audit trail).
- EDITED and FRAUD need a structured reason (one of :class:`RulingReason`);
  the free-text note is separate and optional. FRAUD needs a fraud type.
- "Request re-upload" is allowed only on a document ruled INSUFFICIENT;
  the customer notification names those documents.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from services import rulings
from services.changes import Changes
from services.review_refusals import InvalidRuling


class RulingReason(StrEnum):
    """Why a document or a review is not clean: the structured reasons a reviewer picks from."""

    EDITED_TOTALS = "Totals do not reconcile with the line items"
    FONT_MANIPULATION = "Inconsistent fonts in key fields"
    COPY_MOVE_FORGERY = "Region copied from elsewhere in the document"
    METADATA_MISMATCH = "File metadata shows editing software"
    RESAVED_AFTER_EDITING = "Signs of re-saving after editing"
    DUPLICATE_DOCUMENT = "Same document submitted by another applicant"
    NAME_MISMATCH = "Name does not match the applicant"
    FABRICATED_DOCUMENT = "Document was generated, not issued"
    UNREADABLE = "Document unreadable or incomplete"
    DOCUMENTS_MISSING = "Required documents missing"
    OTHER = "Other (see note)"


class FraudType(StrEnum):
    """``fraud_reviews.fraud_type``: what kind of fraud was found."""

    DOCUMENT_MANIPULATION = "document_manipulation"
    IDENTITY_THEFT = "identity_theft"
    FABRICATED_DOCUMENT = "fabricated_document"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DocumentRuling:
    """The reviewer's ruling on one proof."""

    proof_id: uuid.UUID
    ruling: str
    request_reupload: bool = False


@dataclass(frozen=True, slots=True)
class RulingSubmission:
    """Everything one ruling writes; ``submission_id`` makes sending it idempotent."""

    entry_id: uuid.UUID
    documents: tuple[DocumentRuling, ...]
    reason: RulingReason | None = None
    note: str | None = None
    fraud_type: FraudType | None = None
    overall_override: str | None = None
    override_reason: str | None = None
    submission_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def derived_ruling(self) -> str:
        """The worst document ruling: what the overall ruling is unless overridden."""
        return rulings.worst(document.ruling for document in self.documents)

    @property
    def overall_ruling(self) -> str:
        return self.overall_override or self.derived_ruling

    @property
    def reupload_proof_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(document.proof_id for document in self.documents if document.request_reupload)

    def check(self) -> None:
        """Raise :class:`InvalidRuling` with a message for the reviewer if this ruling cannot be sent."""
        if not self.documents:
            raise InvalidRuling("Rule on at least one document.")
        for document in self.documents:
            if document.ruling not in rulings.RULINGS:
                raise InvalidRuling(f"{document.ruling!r} is not a ruling.")
            if document.request_reupload and document.ruling != rulings.INSUFFICIENT:
                raise InvalidRuling("Only a document ruled INSUFFICIENT can be sent back for re-upload.")
        if len({document.proof_id for document in self.documents}) != len(self.documents):
            raise InvalidRuling("Each document takes one ruling.")
        if self.overall_override is not None:
            if self.overall_override not in rulings.RULINGS:
                raise InvalidRuling(f"{self.overall_override!r} is not a ruling.")
            if self.overall_override != self.derived_ruling and not (self.override_reason or "").strip():
                raise InvalidRuling("Say why the overall ruling differs from the documents' worst.")
        if self.overall_ruling in rulings.RULINGS_NEEDING_REASON and self.reason is None:
            raise InvalidRuling(f"A ruling of {self.overall_ruling} needs a reason.")
        if self.overall_ruling == rulings.FRAUD and self.fraud_type is None:
            raise InvalidRuling("A FRAUD ruling needs a fraud type.")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form for the draft store."""
        return {
            "submission_id": str(self.submission_id),
            "entry_id": str(self.entry_id),
            "documents": [
                {"proof_id": str(d.proof_id), "ruling": d.ruling, "request_reupload": d.request_reupload}
                for d in self.documents
            ],
            "reason": self.reason.name if self.reason else None,
            "note": self.note,
            "fraud_type": self.fraud_type.value if self.fraud_type else None,
            "overall_override": self.overall_override,
            "override_reason": self.override_reason,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RulingSubmission:
        return cls(
            submission_id=uuid.UUID(data["submission_id"]),
            entry_id=uuid.UUID(data["entry_id"]),
            documents=tuple(
                DocumentRuling(uuid.UUID(d["proof_id"]), d["ruling"], bool(d["request_reupload"]))
                for d in data["documents"]
            ),
            reason=RulingReason[data["reason"]] if data["reason"] else None,
            note=data["note"],
            fraud_type=FraudType(data["fraud_type"]) if data["fraud_type"] else None,
            overall_override=data["overall_override"],
            override_reason=data["override_reason"],
        )


@dataclass(frozen=True, slots=True)
class RulingReceipt:
    """What the server confirmed; ``first_write`` is False when a retry found the ruling already written."""

    submission_id: uuid.UUID
    entry_id: uuid.UUID
    ruling: str
    entry_result: str
    first_write: bool
    changes: Changes
