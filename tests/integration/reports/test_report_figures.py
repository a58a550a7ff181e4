"""Report figures on the edges, the reviewer quality score on a hand-made case, and a scope the planner can see into.

The world is :mod:`~tests.integration.reports.report_world`'s, plus the
fraud reviews below (results: 1 CLEAN, 2 FRAUD, 3 EDITED), so the quality
score has something to count:

- e1 (reviewer1): reviewer1's INITIAL review ruled CLEAN (03-02 03:40). QA
  re-reviewed it twice: EDITED (03-02 20:00), then CLEAN (03-03 09:00). The
  latest QA review counts: upheld.
- e2 (reviewer2 decided): reviewer1's INITIAL EDITED (15:30) was escalated;
  reviewer2's ESCALATION ruled FRAUD (16:00). QA ruled CLEAN (03-04):
  reviewer2 overturned; reviewer1's escalated review is not a ruling of
  theirs on an entry they decided, so it counts for nobody. A QA review still
  PENDING on e2 counts for nothing.
- e4 (reviewer1, 03-05): reviewer1 ruled CLEAN, no QA review.

So over 03-01..03-10 reviewer1 has 2 reviews, 1 QA-checked, 100 % upheld,
and reviewer2 1 review, 1 QA-checked, 0 %; over 03-05..03-10 reviewer1 has
1 review, none QA-checked, and an empty score (not 0, not 100).
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from services.reports.generation import generate_report
from tests.integration.reports.report_world import (
    MARCH_1,
    MARCH_10,
    REVIEWER_HEADER,
    ReportWorld,
    csv_rows,
    request,
)

DAY_HEADER = ["Day", "Entries submitted", "Reviews completed", "Approved", "Approval rate %", "Avg review minutes"]
CLEAN, FRAUD, EDITED = 1, 2, 3


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute)


@pytest.fixture(scope="module")
def reviewed_world(report_world: ReportWorld, migrated_libpq_url: str) -> Iterator[ReportWorld]:
    """The world with the fraud reviews of this module's docstring."""
    reviewer1, reviewer2 = report_world.reviewer.user_id, report_world.second_reviewer.user_id
    reviews = (
        ("e1", reviewer1, "INITIAL", "COMPLETED", CLEAN, _at(2, 3, 40)),
        ("e1", None, "QA", "COMPLETED", EDITED, _at(2, 20)),
        ("e1", None, "QA", "COMPLETED", CLEAN, _at(3, 9)),
        ("e2", reviewer1, "INITIAL", "COMPLETED", EDITED, _at(2, 15, 30)),
        ("e2", reviewer2, "ESCALATION", "COMPLETED", FRAUD, _at(2, 16)),
        ("e2", None, "QA", "COMPLETED", CLEAN, _at(4, 12)),
        ("e2", None, "QA", "PENDING", None, None),
        ("e4", reviewer1, "INITIAL", "COMPLETED", CLEAN, _at(5, 12, 20)),
    )
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        submissions = {
            key: owner.execute(
                "INSERT INTO fraud_submissions (entry_id) SELECT id FROM entries WHERE short_id = %s RETURNING id",
                (key,),
            ).fetchone()
            for key in ("e1", "e2", "e4")
        }
        for key, reviewer, review_type, status, result, completed in reviews:
            submission = submissions[key]
            assert submission is not None
            owner.execute(
                "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id, review_type, status, result,"
                " completed_date) VALUES (%s, %s, %s, %s, %s, %s)",
                (submission[0], reviewer, review_type, status, result, completed),
            )
    yield report_world


def generated(world: ReportWorld, owner_url: str, *asked: Any) -> list[list[str]]:
    """Request a report as a person (``asked`` as :func:`request` takes it), generate it as the worker, read its CSV."""
    report_id = request(world, *asked)

    async def run() -> None:
        async with await psycopg.AsyncConnection.connect(world.logins.url(world.worker)) as conn:
            await generate_report(conn, report_id)

    asyncio.run(run())
    with psycopg.connect(owner_url, autocommit=True) as owner:
        return csv_rows(owner, report_id)


def test_quality_score_is_the_share_of_qa_checked_rulings_qa_upheld(
    reviewed_world: ReportWorld, migrated_libpq_url: str
) -> None:
    rows = generated(reviewed_world, migrated_libpq_url, "admin", "reviewer_performance", (), MARCH_1, MARCH_10)
    assert rows == [
        [*REVIEWER_HEADER],
        ["reviewer1 Test", "2", "25.0", "100.0", "1", "100.0"],
        ["reviewer2 Test", "1", "60.0", "0.0", "1", "0.0"],
    ]


def test_a_reviewer_nobody_qa_checked_has_an_empty_score(reviewed_world: ReportWorld, migrated_libpq_url: str) -> None:
    rows = generated(
        reviewed_world, migrated_libpq_url, "admin", "reviewer_performance", (), datetime.date(2026, 3, 5), MARCH_10
    )
    assert rows == [[*REVIEWER_HEADER], ["reviewer1 Test", "1", "20.0", "100.0", "0", ""]]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # e1 (03-02 03:00 UTC) is 03-01 in New York; e3 (03-02 02:00 UTC, nobody's) is the East admin's 03-01.
        (datetime.date(2026, 3, 1), [["2026-03-01", "2", "1", "1", "100.0", "40.0"]]),
        # 03-02 in UTC holds three submissions, but none is on 03-02 in its team's time zone.
        (datetime.date(2026, 3, 2), []),
        # e2, submitted 03-02 15:00 UTC, is exactly midnight of 03-03 in Tokyo.
        (datetime.date(2026, 3, 3), [["2026-03-03", "1", "1", "0", "0.0", "60.0"]]),
    ],
)
def test_a_one_day_range_is_the_team_s_day(
    reviewed_world: ReportWorld, migrated_libpq_url: str, day: datetime.date, expected: list[list[str]]
) -> None:
    rows = generated(reviewed_world, migrated_libpq_url, "admin", "entry_performance", (), day, day)
    assert rows == [DAY_HEADER, *expected]


def test_references_to_nothing_in_scope_give_an_empty_report(
    reviewed_world: ReportWorld, migrated_libpq_url: str
) -> None:
    """Company admin B names Alder One (company A's property): it contributes nothing to B's report."""
    rows = generated(
        reviewed_world,
        migrated_libpq_url,
        "company_admin_b",
        "property_performance",
        (reviewed_world.property_a1,),
        None,
        None,
    )
    assert rows == [["Property", "Entries", "Entries with fraud", "Fraud rate %", "Verification success %"]]


def test_the_entry_scope_is_planned_inside_each_report_query(
    reviewed_world: ReportWorld, migrated_libpq_url: str
) -> None:
    """rd_report_entries is inlined (no Function Scan, no SET clause), so one plan covers a whole report."""
    with reviewed_world.logins.connect(reviewed_world.worker) as conn:
        plan = conn.execute("EXPLAIN SELECT count(*) FROM rd_report_entries(%s, false)", (uuid.uuid4(),)).fetchall()
    text = "\n".join(line for (line,) in plan)
    assert "Function Scan" not in text, text
    assert "entries" in text, text
