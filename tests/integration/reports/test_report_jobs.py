"""Report jobs on two worker nodes: each requested report runs once and gives the hand-counted figures.

Requests go through ``rd_request_report`` as the people themselves (plain
psycopg); two ``oban`` worker nodes, each with its own pool as the worker
login, share the batch. The figures are read back from the stored CSV and
compared with :func:`~tests.integration.reports.report_world.expected_batch`;
the XLSX and PDF are checked to be what they claim.
"""

from __future__ import annotations

import asyncio
import io
import re
import uuid
import zipfile
from contextlib import AsyncExitStack
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from services.jobs import REPORTS_QUEUE, run_worker_node
from services.reports.generation import generate_report
from tests.integration.reports.report_world import ReportWorld, csv_rows, expected_batch, request

WAIT_SECONDS = 90.0


async def wait_until_finished(owner_url: str, report_ids: list[uuid.UUID]) -> None:
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            async with await psycopg.AsyncConnection.connect(owner_url, autocommit=True) as conn:
                rows = await (
                    await conn.execute("SELECT status, error FROM analytics_reports WHERE id = ANY(%s)", (report_ids,))
                ).fetchall()
            failed = [error for status, error in rows if status == "failed"]
            assert not failed, failed
            if all(status == "completed" for status, _ in rows):
                return
            await asyncio.sleep(0.2)


@pytest.mark.asyncio
async def test_two_worker_nodes_run_each_report_once_with_hand_counted_figures(
    report_world: ReportWorld, migrated_libpq_url: str
) -> None:
    batch = expected_batch(report_world)
    report_ids = [request(report_world, *asked) for asked, _ in batch]
    url = report_world.logins.url(report_world.worker)
    async with AsyncExitStack() as stack:
        for node in ("report-node-1", "report-node-2"):
            pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, min_size=1, max_size=4, open=False)
            await pool.open(wait=True, timeout=10)
            stack.push_async_callback(pool.close)
            await stack.enter_async_context(
                run_worker_node(pool, node=node, queues={REPORTS_QUEUE: 2}, leadership=False)
            )
        await wait_until_finished(migrated_libpq_url, report_ids)

    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        jobs = owner.execute(
            "SELECT args ->> 'report_id', state, attempt, attempted_by[1] FROM oban_jobs WHERE queue = %s",
            (REPORTS_QUEUE,),
        ).fetchall()
        by_report = {uuid.UUID(report): (state, attempt) for report, state, attempt, _ in jobs}
        assert len(jobs) == len(report_ids), "one job per report, no more"
        assert all(by_report[report_id] == ("completed", 1) for report_id in report_ids), by_report
        assert {node for *_, node in jobs} == {"report-node-1", "report-node-2"}, "both nodes took part"
        for report_id, (asked, expected) in zip(report_ids, batch, strict=True):
            assert csv_rows(owner, report_id) == expected, asked
            files = owner.execute(
                """
                SELECT pdf.content, pdf.content_type, xlsx.content
                FROM analytics_reports r
                JOIN document_blobs pdf ON pdf.id = r.document_blob_id
                JOIN document_blobs xlsx ON xlsx.id = r.xlsx_blob_id
                WHERE r.id = %s
                """,
                (report_id,),
            ).fetchone()
            assert files is not None
            assert bytes(files[0]).startswith(b"%PDF-") and files[1] == "application/pdf"
            with zipfile.ZipFile(io.BytesIO(bytes(files[2]))) as workbook:
                sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
            assert len(re.findall(r"<row ", sheet)) == len(expected), asked


@pytest.mark.asyncio
async def test_a_completed_report_is_not_generated_twice(report_world: ReportWorld, migrated_libpq_url: str) -> None:
    """A second run for a finished report (a rescued or retried job) leaves its files as they are."""
    report_id = request(report_world, "admin", "company_summary", (), None, None)
    async with await psycopg.AsyncConnection.connect(report_world.logins.url(report_world.worker)) as conn:
        assert await generate_report(conn, report_id) == 2
        assert await generate_report(conn, report_id) is None
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        assert [row[:2] for row in csv_rows(owner, report_id)[1:]] == [["Alder Homes", "3"], ["Birch Living", "2"]]
