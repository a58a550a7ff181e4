"""Generating one requested report on a worker node: figures in SQL, files streamed, output in the database.

Each report type has one set-based query in ``sql/<type>.sql`` over
``rd_report_entries`` (revision 0011: the entries a report covers, each
with its team's day). Its rows stream through a server-side cursor into
:class:`~services.reports.files.ReportWriter`; the three files become
``document_blobs`` rows and the report row is completed in one
transaction, so a workstation sees either no files or all of them.
A report already completed is left alone: a job that runs twice
(a rescued or retried job) produces no second set of files.
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from services.reports.files import ReportWriter
from services.reports.rows import ReportChart, ReportFormat, ReportType

FETCH_ROWS: Final = 2_000
"""Rows per round trip of the server-side cursor."""

_REPORT_PLANNING = ("SET LOCAL work_mem = '64MB'", "SET LOCAL cursor_tuple_fraction = 1")
"""A report groups a million entries into a few hundred rows, for the one report transaction.
With the default 4 MB the server sorts and joins them on disk, with 64 MB it hashes them in memory
(server memory; the client's stays flat either way). A cursor is planned for its first 10 % by
default, which favours index-order merge joins over a million random reads; a report reads every
row of its cursor, so it is planned for all of them."""

_START = """
UPDATE analytics_reports SET status = 'running', error = NULL
WHERE id = %(id)s AND status <> 'completed'
RETURNING type, "from", "to"
"""
_STORE_BLOB = """
INSERT INTO document_blobs (content, content_type, sha256, byte_size)
VALUES (%(content)s, %(content_type)s, %(sha256)s, octet_length(%(content)s))
RETURNING id
"""
_COMPLETE = """
UPDATE analytics_reports
SET status = 'completed', completed_at = timezone('UTC', now()), error = NULL,
    document_blob_id = %(pdf)s, csv_blob_id = %(csv)s, xlsx_blob_id = %(xlsx)s, chart = %(chart)s
WHERE id = %(id)s
"""
_FAIL = "UPDATE analytics_reports SET status = 'failed', error = %(error)s WHERE id = %(id)s"


@cache
def report_sql(report_type: ReportType) -> str:
    return resources.files("services.reports").joinpath("sql", f"{report_type.value}.sql").read_text(encoding="utf-8")


async def generate_report(conn: AsyncConnection[Any], report_id: uuid.UUID) -> int | None:
    """Compute and store report ``report_id``; returns its row count, or ``None`` if it was already done.

    On failure the row says ``failed`` with the reason, and the exception
    propagates so the job is retried.
    """
    async with conn.transaction():
        started = await (await conn.execute(_START, {"id": report_id})).fetchone()
    if started is None:
        return None
    report_type = ReportType(started[0])
    subtitle = f"From {started[1] or 'the first entry'} to {started[2] or 'the latest entry'}. Report {report_id}."
    try:
        with tempfile.TemporaryDirectory(prefix="ruling-desk-report-") as directory:
            async with conn.transaction():
                writer = await _write_files(conn, report_id, report_type, Path(directory))
                writer.finish(subtitle)
                blob_ids = {
                    file_format.value: await _store_blob(conn, path, file_format)
                    for file_format, path in (
                        (ReportFormat.PDF, writer.pdf_path),
                        (ReportFormat.CSV, writer.csv_path),
                        (ReportFormat.XLSX, writer.xlsx_path),
                    )
                }
                await conn.execute(_COMPLETE, {"id": report_id, "chart": Jsonb(chart_json(writer.chart)), **blob_ids})
    except Exception as failure:
        async with conn.transaction():
            await conn.execute(_FAIL, {"id": report_id, "error": str(failure).splitlines()[0][:500] or repr(failure)})
        raise
    return writer.row_count


async def _write_files(
    conn: AsyncConnection[Any], report_id: uuid.UUID, report_type: ReportType, directory: Path
) -> ReportWriter:
    for setting in _REPORT_PLANNING:
        await conn.execute(setting)
    async with conn.cursor(name=f"report_{report_id.hex}") as cursor:
        cursor.itersize = FETCH_ROWS
        await cursor.execute(report_sql(report_type), {"report_id": report_id})
        header = [column.name for column in cursor.description or ()]
        writer = ReportWriter(directory, report_type.label, header, by_day=report_type is ReportType.ENTRY_PERFORMANCE)
        async for row in cursor:
            writer.add(row)
    return writer


async def _store_blob(conn: AsyncConnection[Any], path: Path, file_format: ReportFormat) -> uuid.UUID:
    content = path.read_bytes()
    parameters = {
        "content": content,
        "content_type": file_format.content_type,
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    row = await (await conn.execute(_STORE_BLOB, parameters)).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def chart_json(chart: ReportChart) -> dict[str, Any]:
    """The ``chart`` column's shape, read back by :func:`services.reports.chart_from_json`."""
    return {"title": chart.title, "by_day": chart.by_day, "points": [[p.label, p.value] for p in chart.points]}
