"""What a ruling means: severity of document rulings, the overall ruling, and the entry's aggregated result.

These are the domain rules every writer of rulings shares (the reviewer's
submit, the demo seed, later QA and the income/asset/identity/rent
workflows), so they live here once, as pure functions over the spec's
vocabularies.

Decisions where the spec is silent or vague:

- **Severity.** A review's overall ruling is its worst document ruling,
  ordered CLEAN < INSUFFICIENT < EDITED < FRAUD; a submission missing a
  required document is at least INSUFFICIENT.
- **Aggregation** (spec 002, "Result Aggregation Logic"): any FRAUD →
  REJECTED; else any REJECTED leg (income, asset, identity rejected; rent
  BAD) → REJECTED; else any leg needing review → NEEDS_REVIEW; else
  APPROVED. A fraud ruling of EDITED or INSUFFICIENT needs review (an
  edited or unreadable document is for the property manager to judge,
  not an automatic rejection). Legs that were not run do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

# The spec's words as plain strings: this module is imported by what the UI
# imports, so it stays free of SQLAlchemy (models.enums is not); a unit test
# checks they equal models.enums.FraudResultCode and EntryResult.
CLEAN: Final = "CLEAN"
EDITED: Final = "EDITED"
FRAUD: Final = "FRAUD"
INSUFFICIENT: Final = "INSUFFICIENT"

APPROVED: Final = "APPROVED"
REJECTED: Final = "REJECTED"
NEEDS_REVIEW: Final = "NEEDS_REVIEW"
ENTRY_RESULTS: Final = (APPROVED, REJECTED, NEEDS_REVIEW)
"""``entries.result`` values."""

RULINGS: Final = (CLEAN, EDITED, FRAUD, INSUFFICIENT)
"""Every ruling a reviewer can give a document or a review, in ``fraud_result_types`` order."""

SEVERITY: Final = {CLEAN: 0, INSUFFICIENT: 1, EDITED: 2, FRAUD: 3}
"""How bad each ruling is; the overall ruling is the worst of its documents'."""

RULINGS_NEEDING_REASON: Final = frozenset({EDITED, FRAUD})
"""Rulings a reviewer must explain with a structured reason."""


class LegOutcome(StrEnum):
    """One verification leg's outcome, as the aggregation reads it."""

    PASSED = "PASSED"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    REJECTED = "REJECTED"
    FRAUD = "FRAUD"


def worst(rulings: Iterable[str]) -> str:
    """The most severe of ``rulings`` (CLEAN when there are none)."""
    return max(rulings, key=SEVERITY.__getitem__, default=CLEAN)


def overall_ruling(document_rulings: Iterable[str], *, documents_missing: bool) -> str:
    """A review's overall ruling: its worst document ruling, at least INSUFFICIENT if documents are missing."""
    ruling = worst(document_rulings)
    return worst((ruling, INSUFFICIENT)) if documents_missing else ruling


def worst_suggestion(suggestions: Iterable[str]) -> str:
    """An entry's ``suggested_ruling`` from its proofs': PENDING while any is pending, else the worst."""
    collected = list(suggestions)
    if "PENDING" in collected:
        return "PENDING"
    return worst(collected) if collected else "NOT_RUN"


def fraud_leg(ruling: str) -> LegOutcome:
    """The fraud review's contribution to the entry result."""
    if ruling == FRAUD:
        return LegOutcome.FRAUD
    if ruling == CLEAN:
        return LegOutcome.PASSED
    return LegOutcome.NEEDS_REVIEW


def decision_leg(decision: str) -> LegOutcome:
    """An income, asset or identity outcome (APPROVED / REJECTED / anything still open)."""
    if decision.upper() == APPROVED:
        return LegOutcome.PASSED
    if decision.upper() == REJECTED:
        return LegOutcome.REJECTED
    return LegOutcome.NEEDS_REVIEW


def rent_leg(*, good: bool) -> LegOutcome:
    """A rent verification: GOOD passes, BAD rejects."""
    return LegOutcome.PASSED if good else LegOutcome.REJECTED


def aggregate_entry_result(legs: Iterable[LegOutcome | None]) -> str:
    """The entry's final result (one of :data:`ENTRY_RESULTS`) from its legs (``None``: that leg was not run)."""
    outcomes = {leg for leg in legs if leg is not None}
    if LegOutcome.FRAUD in outcomes or LegOutcome.REJECTED in outcomes:
        return REJECTED
    if LegOutcome.NEEDS_REVIEW in outcomes:
        return NEEDS_REVIEW
    return APPROVED


def entry_result(ruling: str) -> str:
    """The entry's result when the fraud ruling is its only leg (the demo seeds no other checks)."""
    return aggregate_entry_result((fraud_leg(ruling),))
