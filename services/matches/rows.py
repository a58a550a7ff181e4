"""What the matches panel shows: plain values, importable by the UI without SQLAlchemy."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum


class MatchBand(StrEnum):
    """Spec 000's match-percentage bands."""

    DUPLICATE = "duplicate"
    """90-100: very high confidence duplicate, auto-merge candidate."""
    REVIEW = "review"
    """70-89: flag for review."""
    INFORMATIONAL = "informational"
    """50-69: moderate match."""
    LOW = "low"
    """Below 50: the spec says such rows may not be stored; shown for what they are if they are."""

    @classmethod
    def of(cls, percentage: int) -> MatchBand:
        if percentage >= 90:
            return cls.DUPLICATE
        if percentage >= 70:
            return cls.REVIEW
        if percentage >= 50:
            return cls.INFORMATIONAL
        return cls.LOW


class MatchDecisionKind(StrEnum):
    DUPLICATE = "duplicate"
    """Same applicant / duplicate."""
    DIFFERENT_APPLICANT = "different_applicant"


@dataclass(frozen=True)
class MatchRow:
    """One match of an entry with another, seen from the entry in the case view.

    Fields of the other entry the viewer may not read (row-level security)
    are None: ``visible`` is False when the other entry itself is hidden.
    """

    match_id: int
    percentage: int
    band: MatchBand
    other_entry_id: uuid.UUID
    visible: bool
    other_short_id: str | None
    applicant_name: str | None
    property_name: str | None
    company_name: str | None
    review_status: str | None
    ruling: str | None
    decision: MatchDecisionKind | None
    decision_note: str | None
    decided_at: datetime.datetime | None
