"""``ruling-desk bench --reports``: seconds and client peak memory of each report type over the whole database.

Each type is generated exactly as a worker node generates it
(:func:`services.reports.generation.generate_report`: the figures in SQL,
the rows streamed into CSV, XLSX and PDF, the files stored) for a report
requested by nobody over all time and every reference, so it covers every
entry: the issue's "a report over 1,000,000 entries". The first run of a
type is its cold figure (whatever the server's and the OS's caches hold at
that moment; restart the server and drop the OS cache before it for a truly
cold one), the median of the others its warm figure.

Peak RSS is this process's high-water mark after the type's runs. It only
grows, so the same figure after every type, at any database size, says the
client's memory does not grow with the data. (POSIX only: Windows has no
``resource`` module, and the figure is then left out.)

Report rows are written as the owner without a job, and deleted with their
files afterwards: the data is left as it was found.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import sys
import time
import uuid
from typing import Any

import psycopg

from app.async_runner import run_async
from app.connection import open_connection
from app.settings import Settings
from services.database_urls import libpq_url, redacted
from services.reports.generation import generate_report
from services.reports.rows import ReportType

_REQUEST = """
INSERT INTO analytics_reports (id, type, "references", all_references, status)
VALUES (gen_random_uuid(), %(type)s, '{}', true, 'pending')
RETURNING id
"""
_FORGET = """
WITH gone AS (
    DELETE FROM analytics_reports WHERE id = %(id)s RETURNING document_blob_id, csv_blob_id, xlsx_blob_id
)
DELETE FROM document_blobs WHERE id IN (SELECT unnest(ARRAY[document_blob_id, csv_blob_id, xlsx_blob_id]) FROM gone)
"""


@dataclasses.dataclass(frozen=True)
class ReportFigure:
    report_type: str
    entries: int
    rows: int
    cold_seconds: float
    warm_median_seconds: float | None
    peak_rss_mib: float | None


def peak_rss_mib() -> float | None:
    """This process's peak resident set size so far, or ``None`` where the platform does not say."""
    if sys.platform == "win32":
        return None
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


async def _timed_run(conn: psycopg.AsyncConnection[Any], report_type: ReportType) -> tuple[float, int]:
    row = await (await conn.execute(_REQUEST, {"type": report_type.value})).fetchone()
    assert row is not None
    report_id = uuid.UUID(str(row[0]))
    try:
        started = time.perf_counter()
        rows = await generate_report(conn, report_id)
        seconds = time.perf_counter() - started
    finally:
        await conn.execute(_FORGET, {"id": report_id})
    return seconds, rows or 0


async def _measure(url: str, runs: int) -> tuple[int, list[ReportFigure]]:
    async with await psycopg.AsyncConnection.connect(libpq_url(url), autocommit=True) as conn:
        count_row = await (await conn.execute("SELECT count(*) FROM entries")).fetchone()
        entries = int(count_row[0]) if count_row else 0
        figures = []
        for report_type in ReportType:
            timings = [await _timed_run(conn, report_type) for _ in range(runs)]
            warm = [seconds for seconds, _ in timings[1:]]
            figures.append(
                ReportFigure(
                    report_type=report_type.value,
                    entries=entries,
                    rows=timings[0][1],
                    cold_seconds=round(timings[0][0], 3),
                    warm_median_seconds=round(statistics.median(warm), 3) if warm else None,
                    peak_rss_mib=peak_rss_mib(),
                )
            )
    return entries, figures


def run_report_bench(settings: Settings, *, runs: int, as_json: bool = False) -> int:
    """Time every report type ``runs`` times (the first cold) and print the figures."""
    connection = open_connection(settings)
    try:
        entries, figures = run_async(_measure(connection.url, max(runs, 1)))
    finally:
        connection.close()
    if as_json:
        for figure in figures:
            print(json.dumps(dataclasses.asdict(figure)))
        return 0
    print(f"database: {redacted(connection.url)} ({entries:,} entries); every report over all time, {runs} runs")
    print(f"{'report':<22}{'rows':>7}{'cold s':>9}{'warm s':>9}{'peak RSS MiB':>14}")
    for f in figures:
        warm = f"{f.warm_median_seconds:.2f}" if f.warm_median_seconds is not None else "-"
        rss = f"{f.peak_rss_mib:.0f}" if f.peak_rss_mib is not None else "-"
        print(f"{f.report_type:<22}{f.rows:>7}{f.cold_seconds:>9.2f}{warm:>9}{rss:>14}")
    return 0
