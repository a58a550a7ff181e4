"""What the reports page shows, without SQLAlchemy: report types, a requested report, its files and chart.

The UI imports only this module (the import contract is transitive); the
service functions in :mod:`services.reports` return these types.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum


class ReportType(StrEnum):
    """``analytics_reports.type``: the five types spec 000 section 6 documents."""

    ENTRY_PERFORMANCE = "entry_performance"
    PROPERTY_PERFORMANCE = "property_performance"
    REVIEWER_PERFORMANCE = "reviewer_performance"
    COMPANY_SUMMARY = "company_summary"
    FRAUD_ANALYSIS = "fraud_analysis"

    @property
    def label(self) -> str:
        """The type as people call it ("Entry performance")."""
        return _TITLES[self]

    @property
    def references_hint(self) -> str:
        """What the references of this type name, in the spec's words."""
        return _REFERENCES[self]


_TITLES = {
    ReportType.ENTRY_PERFORMANCE: "Entry performance",
    ReportType.PROPERTY_PERFORMANCE: "Property performance",
    ReportType.REVIEWER_PERFORMANCE: "Reviewer performance",
    ReportType.COMPANY_SUMMARY: "Company summary",
    ReportType.FRAUD_ANALYSIS: "Fraud analysis",
}
_REFERENCES = {
    ReportType.ENTRY_PERFORMANCE: "entry ids",
    ReportType.PROPERTY_PERFORMANCE: "property ids",
    ReportType.REVIEWER_PERFORMANCE: "reviewer (user) ids",
    ReportType.COMPANY_SUMMARY: "property ids",
    ReportType.FRAUD_ANALYSIS: "entry ids",
}


class ReportStatus(StrEnum):
    """``analytics_reports.status``: the lifecycle a worker node drives."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class ReportFormat(StrEnum):
    """The three files a finished report has, each a ``document_blobs`` row."""

    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]


_CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.CSV: "text/csv",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class ChartPoint:
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class ReportChart:
    """The figures a report's chart draws: one bar (or point) per row, the first figure of each row."""

    title: str
    points: tuple[ChartPoint, ...]
    by_day: bool
    """Rows are days: drawn as a line, not bars."""


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What a person asks for; ``references`` empty means everything they may see."""

    type: ReportType
    from_day: datetime.date | None
    to_day: datetime.date | None
    references: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One requested report as the list shows it."""

    id: uuid.UUID
    type: ReportType
    from_day: datetime.date | None
    to_day: datetime.date | None
    reference_count: int
    all_references: bool
    status: ReportStatus
    requested_at: datetime.datetime
    completed_at: datetime.datetime | None
    error: str | None
    requested_by: str | None
    chart: ReportChart | None


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A finished report's file, with the name a save dialog proposes."""

    content: bytes
    file_name: str
    format: ReportFormat
