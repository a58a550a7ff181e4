"""Report jobs: generating a requested report, and the weekly company summary oban's cron asks for.

The request function (``rd_request_report``) enqueues
:class:`ReportGenerationWorker` with the report's id; the worker does the
work in :mod:`services.reports.generation`. Once a week the leader node's
cron runs :class:`WeeklyCompanySummaryWorker`, which asks the database for
last week's company-wide summary (a report row requested by nobody,
readable by staff administrators) and so enqueues its generation.
"""

from __future__ import annotations

import logging
import uuid

from oban import Job, worker

from services.jobs.connection import job_connection
from services.jobs.queues import REPORTS_QUEUE
from services.reports.generation import generate_report

logger = logging.getLogger(__name__)


@worker(queue=REPORTS_QUEUE, max_attempts=3)
class ReportGenerationWorker:
    """Generate the report ``job.args["report_id"]`` names."""

    async def process(self, job: Job) -> None:
        report_id = uuid.UUID(str(job.args["report_id"]))
        async with job_connection() as conn:
            rows = await generate_report(conn, report_id)
        if rows is None:
            logger.info("report %s was already completed; nothing to do", report_id)
        else:
            logger.info("report %s completed with %d rows", report_id, rows)


@worker(queue=REPORTS_QUEUE, max_attempts=3, cron="0 6 * * 1")
class WeeklyCompanySummaryWorker:
    """Mondays 06:00 UTC: request last week's company summary for every company."""

    async def process(self, job: Job) -> None:
        async with job_connection() as conn:
            row = await (await conn.execute("SELECT rd_enqueue_weekly_company_summary()")).fetchone()
        logger.info("weekly company summary requested as report %s", row[0] if row else None)
