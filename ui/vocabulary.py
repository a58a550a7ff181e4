"""How the schema's workflow values read on screen.

The database speaks in ``IN_REVIEW`` and ``NOT_RUN``; reviewers read
"In review" and "Not run". Every view uses these labels so one status
never reads two ways in two windows. Keys are the database labels (the
service layer's ``StrEnum`` members compare equal to them), and a value
this table does not know yet is still shown readably rather than failing:
the spec calls its enum values "representative, not complete".
"""

from __future__ import annotations

from typing import Final

_REVIEW_STATUS_LABELS: Final[dict[str, str]] = {
    "UNASSIGNED": "Unassigned",
    "ASSIGNED": "Assigned",
    "IN_REVIEW": "In review",
    "COMPLETED": "Completed",
}

_SUGGESTED_RULING_LABELS: Final[dict[str, str]] = {
    "NOT_RUN": "Not run",
    "PENDING": "Pending",
    "CLEAN": "Clean",
    "EDITED": "Edited",
    "FRAUD": "Fraud",
    "INSUFFICIENT": "Insufficient",
}


def review_status_label(status: str) -> str:
    return _REVIEW_STATUS_LABELS.get(status) or _readable(status)


def suggested_ruling_label(ruling: str) -> str:
    return _SUGGESTED_RULING_LABELS.get(ruling) or _readable(ruling)


def _readable(value: str) -> str:
    return value.replace("_", " ").capitalize()
