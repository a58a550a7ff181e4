"""The ruling form without Qt: single keys move through the documents, the overall ruling is the worst."""

from __future__ import annotations

import uuid

import pytest

from services.case_view import Case, CaseDocument
from services.review_refusals import InvalidRuling
from services.ruling_submission import FraudType, RulingReason
from ui.ruling_form import RulingForm


def document(kind: str) -> CaseDocument:
    return CaseDocument(uuid.uuid4(), None, kind, "file:///d.pdf", None, "NONE", "PENDING", (), None, (), False)


def case(*kinds: str) -> Case:
    return Case(
        uuid.uuid4(), "E-1", "IN_REVIEW", None, None, None, None, "EDITED", False, None, None, None, None, None,
        None, (), tuple(document(kind) for kind in kinds), (), (),
    )  # fmt: skip


def test_each_key_rules_the_current_document_and_moves_on() -> None:
    form = RulingForm(case("paystub", "bank_statement", "paystub"))
    form.rule_current("CLEAN")
    form.rule_current("EDITED")
    assert (form.current, form.derived, form.unruled) == (2, None, 1)
    form.rule_current("CLEAN")  # the last document: stays there
    assert (form.current, form.derived) == (2, "EDITED")
    form.move(-5)
    assert form.current == 0
    form.rule_current("FRAUD")
    assert form.derived == "FRAUD"


def test_a_submission_needs_every_document_a_reason_and_a_fraud_type() -> None:
    form = RulingForm(case("paystub", "paystub"))
    form.rule_current("CLEAN")
    with pytest.raises(InvalidRuling, match="1 left"):
        form.submission()
    form.rule_current("FRAUD")
    with pytest.raises(InvalidRuling, match="needs a reason"):
        form.submission()
    form.reason = RulingReason.FONT_MANIPULATION
    with pytest.raises(InvalidRuling, match="fraud type"):
        form.submission()
    form.fraud_type = FraudType.DOCUMENT_MANIPULATION
    form.note = "  typed over  "
    submission = form.submission()
    assert (submission.overall_ruling, submission.note, submission.submission_id) == (
        "FRAUD",
        "typed over",
        form.submission_id,
    )


def test_reupload_only_for_an_insufficient_document_and_an_override_needs_a_reason() -> None:
    form = RulingForm(case("paystub", "paystub"))
    form.toggle_reupload()
    assert form.reupload == set()
    form.rule_current("INSUFFICIENT")
    form.move(-1)
    form.toggle_reupload()
    first = form.documents[0].proof_id
    assert form.reupload == {first}
    form.rule_current("CLEAN")  # ruled again, not insufficient: no re-upload
    assert form.reupload == set()
    form.rule_current("CLEAN")
    form.overall_override = "INSUFFICIENT"
    with pytest.raises(InvalidRuling, match="Say why"):
        form.submission()
    form.override_reason = "Bank statement page missing"
    again = RulingForm.from_submission(form.case, form.submission())
    assert (again.overall, again.override_reason, again.submission_id) == (
        "INSUFFICIENT",
        "Bank statement page missing",
        form.submission_id,
    )
