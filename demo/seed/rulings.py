"""How demo reviewers rule on documents, and what a ruling means for the entry.

Decisions where the spec is silent or vague:

- **Severity.** A review's overall ruling is its worst document ruling,
  ordered CLEAN < INSUFFICIENT < EDITED < FRAUD; a submission missing a
  required document is at least INSUFFICIENT.
- **Aggregation** (spec 002, "Result Aggregation Logic", fraud leg only,
  since the demo seeds no income/asset/identity/rent checks): FRAUD →
  REJECTED; EDITED and INSUFFICIENT → NEEDS_REVIEW (an edited or unreadable
  document is for the property manager to judge, not an automatic
  rejection); CLEAN → APPROVED.
- **Reviewer accuracy.** Reviewers mostly follow the truth (was the
  document tampered with? reused from another applicant?) and are swayed
  by the machine suggestion; seniors (escalations) and QA are more
  accurate. The odds below give roughly 70 % CLEAN, 12 % INSUFFICIENT,
  10 % EDITED and 8 % FRAUD among completed entries.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from itertools import accumulate
from typing import Final

from models.enums import EntryResult, FraudResultCode

CLEAN: Final = FraudResultCode.CLEAN.value
EDITED: Final = FraudResultCode.EDITED.value
FRAUD: Final = FraudResultCode.FRAUD.value
INSUFFICIENT: Final = FraudResultCode.INSUFFICIENT.value

RULINGS: Final = (CLEAN, EDITED, FRAUD, INSUFFICIENT)
_SEVERITY: Final = {CLEAN: 0, INSUFFICIENT: 1, EDITED: 2, FRAUD: 3}

# Odds over RULINGS (CLEAN, EDITED, FRAUD, INSUFFICIENT) for one document,
# by what it really is and what the machine check suggested.
_FIRST_LOOK_ODDS: Final[dict[tuple[str, str], tuple[float, ...]]] = {
    ("genuine", CLEAN): (0.96, 0.02, 0.0, 0.02),
    ("genuine", EDITED): (0.8, 0.15, 0.0, 0.05),
    ("genuine", FRAUD): (0.7, 0.2, 0.05, 0.05),
    ("genuine", INSUFFICIENT): (0.15, 0.0, 0.0, 0.85),
    ("tampered", CLEAN): (0.6, 0.3, 0.1, 0.0),
    ("tampered", EDITED): (0.05, 0.65, 0.3, 0.0),
    ("tampered", FRAUD): (0.02, 0.18, 0.8, 0.0),
    ("tampered", INSUFFICIENT): (0.1, 0.3, 0.2, 0.4),
    ("reused", FRAUD): (0.0, 0.1, 0.9, 0.0),
}
_CAREFUL_ODDS: Final[dict[str, tuple[float, ...]]] = {
    "genuine": (0.97, 0.01, 0.0, 0.02),
    "tampered": (0.02, 0.38, 0.6, 0.0),
    "reused": (0.0, 0.02, 0.98, 0.0),
}

# rng.choices with cum_weights skips re-adding the odds on every draw (millions of draws).
_FIRST_LOOK_CUMULATIVE: Final = {key: tuple(accumulate(odds)) for key, odds in _FIRST_LOOK_ODDS.items()}
_CAREFUL_CUMULATIVE: Final = {key: tuple(accumulate(odds)) for key, odds in _CAREFUL_ODDS.items()}

_FLAG_REASONS: Final = {
    "edited_totals": "Totals do not reconcile with the line items",
    "font_manipulation": "Inconsistent fonts in key fields",
    "copy_move_forgery": "Region copied from elsewhere in the document",
    "metadata_mismatch": "File metadata shows editing software",
    "jpeg_double_compression": "Signs of re-saving after editing",
    "duplicate_document": "Same document submitted by another applicant",
}
_REASONS: Final = {
    CLEAN: "No anomalies found",
    INSUFFICIENT: "Document unreadable or incomplete",
    EDITED: "Document shows signs of editing",
    FRAUD: "Document is fraudulent",
}
MISSING_DOCUMENTS_REASON: Final = "Required documents missing"


def truth(*, tampered: bool, reused: bool) -> str:
    """What a document really is: ``genuine``, ``tampered`` or ``reused`` (another applicant's)."""
    return "reused" if reused else "tampered" if tampered else "genuine"


def rule_document(rng: random.Random, nature: str, suggested: str, *, careful: bool) -> str:
    """One reviewer's ruling on one document of the given ``nature`` (see :func:`truth`)."""
    odds = _CAREFUL_CUMULATIVE[nature] if careful else _FIRST_LOOK_CUMULATIVE[(nature, suggested)]
    return rng.choices(RULINGS, cum_weights=odds)[0]


def worst(rulings: Iterable[str]) -> str:
    """The most severe of ``rulings`` (CLEAN when there are none)."""
    return max(rulings, key=_SEVERITY.__getitem__, default=CLEAN)


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


def entry_result(ruling: str) -> str:
    """The entry's aggregated result for a fraud ruling (see the module docstring)."""
    if ruling == FRAUD:
        return EntryResult.REJECTED.value
    if ruling == CLEAN:
        return EntryResult.APPROVED.value
    return EntryResult.NEEDS_REVIEW.value


def fraud_type(ruling: str, natures: Iterable[str]) -> str | None:
    """``fraud_reviews.fraud_type``: what kind of fraud a FRAUD/EDITED ruling found."""
    if ruling not in (FRAUD, EDITED):
        return None
    return "identity_theft" if "reused" in natures else "document_manipulation"


def reason(ruling: str, flags: Iterable[str], *, documents_missing: bool) -> str:
    """A one-line ``result_reason`` a reviewer would type, from the machine flags where they fit."""
    if ruling == INSUFFICIENT and documents_missing:
        return MISSING_DOCUMENTS_REASON
    if ruling in (FRAUD, EDITED):
        for flag in flags:
            if flag in _FLAG_REASONS:
                return _FLAG_REASONS[flag]
    return _REASONS[ruling]
