"""How demo reviewers rule on documents, and what a ruling means for the entry.

Decisions where the spec is silent or vague:

- **Severity and aggregation** are the domain's, in :mod:`services.rulings`
  (the demo seeds only the fraud leg, so its entry result is
  :func:`services.rulings.entry_result`).
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

from services.rulings import CLEAN, EDITED, FRAUD, INSUFFICIENT, RULINGS
from services.rulings import entry_result as entry_result
from services.rulings import overall_ruling as overall_ruling
from services.rulings import worst_suggestion as worst_suggestion

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
