"""Who may ask for reports and who may read them, over plain psycopg as each person.

Staff administrators see every report; a company administrator asks for
and sees only their own (figures limited to their company, proven in
``test_report_jobs``); a reviewer can neither ask nor read a report row or
any of its files. The weekly summary is the worker nodes' alone.
"""

from __future__ import annotations

import datetime
import uuid

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from services.jobs.connection import bind_job_pool
from services.jobs.report_generation import WeeklyCompanySummaryWorker
from services.reports.generation import generate_report
from tests.integration.reports.report_world import MARCH_1, MARCH_10, ReportWorld
from tests.security_roles import refused

BLOBS_OF = "SELECT unnest(ARRAY[document_blob_id, csv_blob_id, xlsx_blob_id]) FROM analytics_reports WHERE id = %s"


def ask(world: ReportWorld, login: str, report_type: str = "company_summary") -> uuid.UUID:
    with world.logins.connect(login) as conn:
        row = conn.execute(
            "SELECT rd_request_report(%s, '{}', true, %s, %s)", (report_type, MARCH_1, MARCH_10)
        ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


@pytest.fixture(scope="module")
def finished(report_world: ReportWorld, migrated_libpq_url: str) -> dict[str, uuid.UUID]:
    """One completed report by the staff admin and one by company admin A."""
    import asyncio

    reports = {
        "admin": ask(report_world, report_world.admin.login),
        "company_admin_a": ask(report_world, report_world.company_admin_a.login),
    }

    async def generate() -> None:
        async with await psycopg.AsyncConnection.connect(report_world.logins.url(report_world.worker)) as conn:
            for report_id in reports.values():
                await generate_report(conn, report_id)

    asyncio.run(generate())
    return reports


def visible(world: ReportWorld, login: str, report_id: uuid.UUID) -> tuple[int, int]:
    """(report rows, report blobs) ``login`` can read of ``report_id``."""
    with psycopg.connect(world.logins.owner_url, autocommit=True) as owner:
        blob_ids = [row[0] for row in owner.execute(BLOBS_OF, (report_id,)).fetchall()]
    assert len(blob_ids) == 3 and all(blob_ids)
    with world.logins.connect(login) as conn:
        rows = conn.execute("SELECT count(*) FROM analytics_reports WHERE id = %s", (report_id,)).fetchone()
        blobs = conn.execute("SELECT count(*) FROM document_blobs WHERE id = ANY(%s)", (blob_ids,)).fetchone()
    assert rows is not None and blobs is not None
    return rows[0], blobs[0]


def test_a_reviewer_can_neither_ask_for_nor_read_reports(
    report_world: ReportWorld, finished: dict[str, uuid.UUID]
) -> None:
    login = report_world.reviewer.login
    with report_world.logins.connect(login) as conn:
        with refused("42501"):
            conn.execute("SELECT rd_request_report('company_summary', '{}', true, NULL, NULL)")
        with refused("42501"):
            conn.execute(
                "INSERT INTO analytics_reports (type, user_id) VALUES ('company_summary', %s)",
                (report_world.reviewer.user_id,),
            )
        with refused("42501"):
            conn.execute("SELECT rd_enqueue_weekly_company_summary()")
    for report_id in finished.values():
        assert visible(report_world, login, report_id) == (0, 0)


def test_staff_admins_read_every_report_and_its_files(
    report_world: ReportWorld, finished: dict[str, uuid.UUID]
) -> None:
    for report_id in finished.values():
        assert visible(report_world, report_world.admin.login, report_id) == (1, 3)


def test_company_admins_read_their_own_reports_only(report_world: ReportWorld, finished: dict[str, uuid.UUID]) -> None:
    assert visible(report_world, report_world.company_admin_a.login, finished["company_admin_a"]) == (1, 3)
    assert visible(report_world, report_world.company_admin_a.login, finished["admin"]) == (0, 0)
    assert visible(report_world, report_world.company_admin_b.login, finished["company_admin_a"]) == (0, 0)


def test_bad_requests_are_refused_with_a_reason(report_world: ReportWorld) -> None:
    with report_world.logins.connect(report_world.admin.login) as conn:
        with refused("22023", "Not a report type"):
            conn.execute("SELECT rd_request_report('ruling', '{}', true, NULL, NULL)")
        with refused("22023", "on or before its end"):
            conn.execute("SELECT rd_request_report('company_summary', '{}', true, '2026-03-02', '2026-03-01')")


@pytest.mark.asyncio
async def test_the_weekly_summary_covers_last_week_for_every_company(
    report_world: ReportWorld, migrated_libpq_url: str
) -> None:
    pool: AsyncConnectionPool = AsyncConnectionPool(
        report_world.logins.url(report_world.worker), min_size=1, open=False
    )
    await pool.open(wait=True, timeout=10)
    try:
        with bind_job_pool(pool):
            await WeeklyCompanySummaryWorker().process(None)  # type: ignore[arg-type]
    finally:
        await pool.close()
    today = datetime.datetime.now(datetime.UTC).date()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        row = owner.execute(
            """
            SELECT r.type, r.all_references, r."from", r."to", r.user_id, j.worker
            FROM analytics_reports r JOIN oban_jobs j ON (j.args ->> 'report_id')::uuid = r.id
            WHERE r.user_id IS NULL
            """
        ).fetchone()
    assert row == (
        "company_summary", True, monday, monday + datetime.timedelta(days=6), None,
        "services.jobs.report_generation.ReportGenerationWorker",
    )  # fmt: skip
