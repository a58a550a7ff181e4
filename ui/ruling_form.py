"""What the reviewer has decided so far on one case, before it is a submission: Qt-free state.

The ruling panel is a thin view over a :class:`RulingForm`: single keys set
the ruling of the *current* document and move on to the next, so a case
is ruled with C/E/F/I and J/K alone. The form knows the derived overall
ruling (the worst, :mod:`services.rulings`) and produces a
:class:`~services.ruling_submission.RulingSubmission` whose own ``check``
says what is missing. Its ``submission_id`` is made once per case and
kept across an undo, so whatever is sent for this case is sent under one id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from services import rulings
from services.case_view import Case, CaseDocument
from services.review_refusals import InvalidRuling
from services.ruling_submission import DocumentRuling, FraudType, RulingReason, RulingSubmission


@dataclass
class RulingForm:
    """The reviewer's choices on ``case``; ``current`` is the document the single keys act on."""

    case: Case
    rulings: dict[uuid.UUID, str] = field(default_factory=dict)
    reupload: set[uuid.UUID] = field(default_factory=set)
    current: int = 0
    reason: RulingReason | None = None
    fraud_type: FraudType | None = None
    note: str = ""
    overall_override: str | None = None
    override_reason: str = ""
    submission_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def documents(self) -> tuple[CaseDocument, ...]:
        return self.case.documents

    @property
    def current_document(self) -> CaseDocument | None:
        return self.documents[self.current] if self.documents else None

    def ruling_of(self, proof_id: uuid.UUID) -> str | None:
        return self.rulings.get(proof_id)

    def rule_current(self, ruling: str) -> None:
        """Give the current document ``ruling`` and move to the next unruled one (or stay on the last)."""
        document = self.current_document
        if document is None or ruling not in rulings.RULINGS:
            return
        self.rulings[document.proof_id] = ruling
        if ruling != rulings.INSUFFICIENT:
            self.reupload.discard(document.proof_id)
        self.move(1)

    def move(self, step: int) -> None:
        if self.documents:
            self.current = max(0, min(len(self.documents) - 1, self.current + step))

    def toggle_reupload(self) -> None:
        """Ask the applicant for the current document again (only an INSUFFICIENT one, as the server insists)."""
        document = self.current_document
        if document is None or self.ruling_of(document.proof_id) != rulings.INSUFFICIENT:
            return
        self.reupload ^= {document.proof_id}

    @property
    def unruled(self) -> int:
        return sum(1 for document in self.documents if document.proof_id not in self.rulings)

    @property
    def derived(self) -> str | None:
        """The worst document ruling so far; ``None`` until every document has one."""
        if self.unruled or not self.documents:
            return None
        return rulings.worst(self.rulings.values())

    @property
    def started(self) -> bool:
        """Whether the reviewer has decided or written anything yet (then switching cases must keep it)."""
        return bool(self.rulings or self.reason or self.fraud_type or self.note.strip() or self.overall_override)

    @property
    def overall(self) -> str | None:
        return self.overall_override or self.derived

    def submission(self) -> RulingSubmission:
        """The ruling to send, checked; :class:`InvalidRuling` says what the reviewer still has to do."""
        if self.unruled:
            raise InvalidRuling(f"Rule on every document first ({self.unruled} left).")
        submission = RulingSubmission(
            entry_id=self.case.entry_id,
            documents=tuple(
                DocumentRuling(d.proof_id, self.rulings[d.proof_id], d.proof_id in self.reupload)
                for d in self.documents
            ),
            reason=self.reason,
            note=self.note.strip() or None,
            fraud_type=self.fraud_type,
            overall_override=self.overall_override if self.overall_override != self.derived else None,
            override_reason=self.override_reason.strip() or None,
            submission_id=self.submission_id,
        )
        submission.check()
        return submission

    @classmethod
    def from_submission(cls, case: Case, submission: RulingSubmission) -> RulingForm:
        """A form holding a draft again (after an undo, or a refused send the reviewer corrects)."""
        return cls(
            case=case,
            rulings={d.proof_id: d.ruling for d in submission.documents},
            reupload=set(submission.reupload_proof_ids),
            reason=submission.reason,
            fraud_type=submission.fraud_type,
            note=submission.note or "",
            overall_override=submission.overall_override,
            override_reason=submission.override_reason or "",
            submission_id=submission.submission_id,
        )
