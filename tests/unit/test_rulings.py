"""The domain rules of a ruling: severity, the overall ruling and the entry's aggregated result."""

from __future__ import annotations

import pytest

from models.enums import EntryResult, FraudResultCode
from services import rulings
from services.rulings import CLEAN, EDITED, FRAUD, INSUFFICIENT, LegOutcome


@pytest.mark.parametrize(
    ("document_rulings", "expected"),
    [
        ((), CLEAN),
        ((CLEAN, CLEAN), CLEAN),
        ((CLEAN, INSUFFICIENT), INSUFFICIENT),
        ((INSUFFICIENT, EDITED, CLEAN), EDITED),
        ((EDITED, FRAUD, INSUFFICIENT), FRAUD),
    ],
)
def test_the_worst_document_ruling_wins(document_rulings: tuple[str, ...], expected: str) -> None:
    assert rulings.worst(document_rulings) == expected
    assert rulings.overall_ruling(document_rulings, documents_missing=False) == expected


def test_missing_documents_make_a_clean_review_insufficient_but_never_soften_a_worse_one() -> None:
    assert rulings.overall_ruling((CLEAN,), documents_missing=True) == INSUFFICIENT
    assert rulings.overall_ruling((EDITED,), documents_missing=True) == EDITED
    assert rulings.overall_ruling((FRAUD,), documents_missing=True) == FRAUD


def test_suggestion_is_pending_while_any_proof_is_pending_else_the_worst() -> None:
    assert rulings.worst_suggestion(["CLEAN", "PENDING", "FRAUD"]) == "PENDING"
    assert rulings.worst_suggestion(["CLEAN", "EDITED"]) == "EDITED"
    assert rulings.worst_suggestion([]) == "NOT_RUN"


@pytest.mark.parametrize(
    ("legs", "expected"),
    [
        # The spec's order: any FRAUD, then any REJECTED, then any NEEDS_REVIEW, else APPROVED.
        ((LegOutcome.FRAUD, LegOutcome.PASSED), EntryResult.REJECTED),
        ((LegOutcome.PASSED, LegOutcome.REJECTED, LegOutcome.NEEDS_REVIEW), EntryResult.REJECTED),
        ((LegOutcome.PASSED, LegOutcome.NEEDS_REVIEW), EntryResult.NEEDS_REVIEW),
        ((LegOutcome.PASSED, LegOutcome.PASSED), EntryResult.APPROVED),
        ((LegOutcome.PASSED, None, None), EntryResult.APPROVED),
        ((), EntryResult.APPROVED),
    ],
)
def test_entry_result_follows_the_spec_aggregation(legs: tuple[LegOutcome | None, ...], expected: EntryResult) -> None:
    assert rulings.aggregate_entry_result(legs) == expected


def test_each_leg_maps_to_its_outcome() -> None:
    assert [rulings.fraud_leg(ruling) for ruling in (CLEAN, INSUFFICIENT, EDITED, FRAUD)] == [
        LegOutcome.PASSED,
        LegOutcome.NEEDS_REVIEW,
        LegOutcome.NEEDS_REVIEW,
        LegOutcome.FRAUD,
    ]
    assert rulings.decision_leg("APPROVED") is LegOutcome.PASSED
    assert rulings.decision_leg("rejected") is LegOutcome.REJECTED
    assert rulings.decision_leg("NEEDS_REVIEW") is LegOutcome.NEEDS_REVIEW
    assert rulings.rent_leg(good=True) is LegOutcome.PASSED
    assert rulings.rent_leg(good=False) is LegOutcome.REJECTED


def test_a_fraud_ruling_alone_gives_the_entry_result() -> None:
    assert [rulings.entry_result(ruling) for ruling in (CLEAN, INSUFFICIENT, EDITED, FRAUD)] == [
        "APPROVED",
        "NEEDS_REVIEW",
        "NEEDS_REVIEW",
        "REJECTED",
    ]


def test_the_plain_words_are_the_schema_vocabularies() -> None:
    assert set(rulings.RULINGS) == {code.value for code in FraudResultCode}
    assert set(rulings.ENTRY_RESULTS) == {result.value for result in EntryResult}
