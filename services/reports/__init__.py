"""Analytics reports (spec 000 section 6): request one, list them with progress, read a finished file.

A request is one call of the database's ``rd_request_report``: the
``analytics_reports`` row and its generation job commit together, and the
database decides who may ask (staff and company administrators) and for
what scope. A worker node runs :mod:`services.reports.generation`; its
status updates reach open workstations through the ``report`` change
kind. Files are read through row-level security, so a person opens
exactly the reports they may see, from any workstation.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.reports.rows import (
    ChartPoint,
    ReportChart,
    ReportFile,
    ReportFormat,
    ReportRequest,
    ReportRow,
    ReportStatus,
    ReportType,
)
from services.unit_of_work import UnitOfWork

__all__ = ["ReportService", "list_reports", "read_report_file", "request_report"]

REFERENCE_LIMIT = 10_000
"""More references than anyone picks by hand; past it, "all" is what they mean."""

_REQUEST = "SELECT rd_request_report(:type, CAST(:refs AS uuid[]), :all_refs, :from_day, :to_day)"

_LIST = """
SELECT r.id, r.type, r."from", r."to", cardinality(r."references"), r.all_references, r.status,
       r.inserted_at, r.completed_at, r.error, u.email, r.chart
FROM analytics_reports AS r
LEFT JOIN users AS u ON u.id = r.user_id
ORDER BY r.inserted_at DESC, r.id DESC
LIMIT :limit
"""

_FILE = """
SELECT b.content, r.type, r."from", r."to"
FROM analytics_reports AS r
JOIN document_blobs AS b ON b.id = CASE :format
    WHEN 'pdf' THEN r.document_blob_id WHEN 'csv' THEN r.csv_blob_id ELSE r.xlsx_blob_id END
WHERE r.id = :id
"""


async def request_report(uow: UnitOfWork, request: ReportRequest) -> tuple[uuid.UUID, Changes]:
    """Ask for one report; returns its id. Refused with a readable message for bad input or no right."""
    if request.from_day and request.to_day and request.from_day > request.to_day:
        raise Refusal("The range starts after it ends: pick a start on or before the end.")
    if len(request.references) > REFERENCE_LIMIT:
        raise Refusal(f"{len(request.references):,} references is too many; leave them empty to cover everything.")
    parameters = {
        "type": request.type.value,
        "refs": [str(reference) for reference in request.references],
        "all_refs": not request.references,
        "from_day": request.from_day,
        "to_day": request.to_day,
    }
    try:
        async with uow.transaction() as session:
            report_id = (await session.execute(text(_REQUEST), parameters)).scalar_one()
    except DBAPIError as failure:
        if getattr(failure.orig, "sqlstate", None) == "42501":
            raise Refusal("Only staff and company administrators can request reports.") from failure
        raise
    return report_id, Changes.of(ChangeKind.REPORT)


async def list_reports(uow: UnitOfWork, limit: int = 200) -> tuple[ReportRow, ...]:
    """The newest reports the caller may see (their own; every report for staff administrators)."""
    async with uow.transaction() as session:
        rows = (await session.execute(text(_LIST), {"limit": limit})).all()
    return tuple(
        ReportRow(
            id=row[0],
            type=ReportType(row[1]),
            from_day=row[2],
            to_day=row[3],
            reference_count=row[4] or 0,
            all_references=row[5],
            status=ReportStatus(row[6]),
            requested_at=row[7],
            completed_at=row[8],
            error=row[9],
            requested_by=row[10],
            chart=chart_from_json(row[11]),
        )
        for row in rows
    )


async def read_report_file(uow: UnitOfWork, report_id: uuid.UUID, file_format: ReportFormat) -> ReportFile:
    """One file of a finished report the caller may see; refused when there is none (yet)."""
    async with uow.transaction() as session:
        row = (await session.execute(text(_FILE), {"id": report_id, "format": file_format.value})).first()
    if row is None:
        raise Refusal("This report has no such file yet: it is still running, failed, or is not yours to see.")
    span = "-".join(str(day) for day in (row[2], row[3]) if day) or "all-time"
    return ReportFile(bytes(row[0]), f"{row[1]}_{span}.{file_format.value}", file_format)


def chart_from_json(value: dict[str, Any] | None) -> ReportChart | None:
    """The ``chart`` column as the worker wrote it (:func:`services.reports.generation.chart_json`)."""
    if not value:
        return None
    points = tuple(ChartPoint(str(label), float(figure)) for label, figure in value.get("points", []))
    return ReportChart(title=str(value.get("title", "")), points=points, by_day=bool(value.get("by_day")))


class ReportService:
    """The three use cases bound to one person's unit of work, as the reports page calls them."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def request(self, request: ReportRequest) -> tuple[uuid.UUID, Changes]:
        return await request_report(self._uow, request)

    async def reports(self) -> tuple[ReportRow, ...]:
        return await list_reports(self._uow)

    async def read_file(self, report_id: uuid.UUID, file_format: ReportFormat) -> ReportFile:
        return await read_report_file(self._uow, report_id, file_format)
