"""The jobs oban's cron starts on the leader node: the weekly company summary and the hourly session clean-up.

A leader enqueues a scheduled worker in the minute its expression matches;
waiting a week in a test proves nothing more than asking the registered
expression which minutes it matches.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from oban._scheduler import scheduled_entries

import services.jobs  # noqa: F401  (registers the workers and their schedules)
from services.jobs import SessionCleanupWorker, WeeklyCompanySummaryWorker


def expression_of(worker: type) -> object:
    [entry] = [entry for entry in scheduled_entries() if entry.worker_cls is worker]
    return entry.expression


@pytest.mark.parametrize(
    ("moment", "runs"),
    [
        (datetime(2026, 12, 7, 6, 0, tzinfo=UTC), True),  # a Monday, 06:00 UTC
        (datetime(2026, 12, 7, 6, 1, tzinfo=UTC), False),
        (datetime(2026, 12, 8, 6, 0, tzinfo=UTC), False),  # Tuesday
        (datetime(2026, 12, 6, 6, 0, tzinfo=UTC), False),  # Sunday
    ],
)
def test_the_company_summary_is_requested_weekly_on_monday_morning(moment: datetime, runs: bool) -> None:
    assert expression_of(WeeklyCompanySummaryWorker).is_now(moment) is runs  # type: ignore[attr-defined]


def test_expired_sessions_are_cleaned_up_every_hour() -> None:
    expression = expression_of(SessionCleanupWorker)
    hits = [
        minute
        for minute in range(24 * 60)
        if expression.is_now(datetime(2026, 12, 7, minute // 60, minute % 60, tzinfo=UTC))
    ]  # type: ignore[attr-defined]
    assert hits == list(range(0, 24 * 60, 60))
