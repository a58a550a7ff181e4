"""What the case view shows of one entry: plain frozen values, no SQLAlchemy (the UI imports these).

Filled by :func:`services.case.open_case`. Timestamps are naive UTC as
stored; the SLA fields follow the spec's notification columns (amber from
16 hours after submission, red from 22, breached at 24).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

SLA: Final = datetime.timedelta(hours=24)
SLA_AMBER_AFTER: Final = datetime.timedelta(hours=16)
SLA_RED_AFTER: Final = datetime.timedelta(hours=22)


class SlaState(StrEnum):
    """How urgent an entry is, from its submission time."""

    ON_TRACK = "on_track"
    AMBER = "amber"
    RED = "red"
    BREACHED = "breached"


def sla_state(submitted_at: datetime.datetime, now: datetime.datetime) -> SlaState:
    """The SLA colour of an entry submitted at ``submitted_at`` (both naive UTC)."""
    waited = now - submitted_at
    if waited >= SLA:
        return SlaState.BREACHED
    if waited >= SLA_RED_AFTER:
        return SlaState.RED
    if waited >= SLA_AMBER_AFTER:
        return SlaState.AMBER
    return SlaState.ON_TRACK


@dataclass(frozen=True, slots=True)
class CaseApplicant:
    name: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class CaseDocument:
    """One proof with its evidence; ``file_url``/``thumb_url`` are resolved by :mod:`services.document_store`."""

    proof_id: uuid.UUID
    short_id: str | None
    kind: str
    file_url: str
    thumb_url: str | None
    result: str
    suggested_ruling: str
    meta_data_flags: tuple[str, ...]
    extracted_meta: dict[str, Any] | None
    similarity_check: tuple[dict[str, Any], ...]
    manual_review_recommended: bool


@dataclass(frozen=True, slots=True)
class PreviousRuling:
    """A completed fraud review on this entry or another entry of its folder."""

    entry_short_id: str | None
    review_type: str
    ruling: str | None
    fraud_type: str | None
    reason: str | None
    completed_at: datetime.datetime | None
    reviewer_name: str | None


@dataclass(frozen=True, slots=True)
class FolderEntryNote:
    """Another entry of the folder with its outcome and note."""

    entry_short_id: str | None
    submitted_at: datetime.datetime | None
    result: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Case:
    """Everything the case view's header and document list show for one entry."""

    entry_id: uuid.UUID
    short_id: str | None
    review_status: str
    assigned_to_id: uuid.UUID | None
    assigned_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    sla_deadline: datetime.datetime | None
    suggested_ruling: str
    repeat_applicant: bool
    note: str | None
    result: str | None
    property_name: str | None
    company_name: str | None
    folder_id: uuid.UUID | None
    folder_ruling: str | None
    applicants: tuple[CaseApplicant, ...]
    documents: tuple[CaseDocument, ...]
    previous_rulings: tuple[PreviousRuling, ...]
    folder_entries: tuple[FolderEntryNote, ...]

    def sla(self, now: datetime.datetime) -> SlaState | None:
        return None if self.submitted_at is None else sla_state(self.submitted_at, now)
