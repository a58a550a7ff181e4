"""The jobs page's use cases (Oban Web's, over our own queries): overview, list, detail, control.

oban has retry, cancel, delete and pause APIs but no public listing or
counting, and staff administrators no longer write ``oban_jobs`` at all
(revision 0010): reads are our ``job_admin_*.sql`` files; retry, cancel and
delete are the audited ``rd_*_jobs`` functions; pausing and resuming a
queue is oban's own signal, sent through ``rd_send_job_signal`` (revision
0006), which the nodes obey only because the database vouches for it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from sqlalchemy import text

from services.accounts.errors import account_errors
from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.job_admin_rows import (
    JobCount,
    JobDetail,
    JobError,
    JobFilter,
    JobOverview,
    JobPage,
    JobRow,
    JobState,
    QueueNode,
)
from services.unit_of_work import UnitOfWork

DEFAULT_PAGE_SIZE: Final = 100
EVERY_JOB: Final = JobFilter()
_CHANGED: Final = Changes.of(ChangeKind.JOB)
_COUNTS: Final = "SELECT queue, state::text, count(*) FROM oban_jobs GROUP BY queue, state ORDER BY queue, state"
_LEADERS: Final = (
    "SELECT node FROM oban_leaders WHERE expires_at > now() AT TIME ZONE 'utc'"
    " UNION SELECT node FROM oban_peers WHERE expires_at > now() AT TIME ZONE 'utc' ORDER BY 1"
)


@cache
def _sql(name: str) -> str:
    return resources.files("services").joinpath(f"job_admin_{name}.sql").read_text(encoding="utf-8")


def _job_row(row: Sequence[Any]) -> JobRow:
    return JobRow(
        id=row[0],
        queue=row[1],
        worker=row[2],
        state=JobState(row[3]),
        attempt=row[4],
        max_attempts=row[5],
        inserted_at=row[6],
        scheduled_at=row[7],
        attempted_at=row[8],
        entry_id=row[9],
    )


async def job_overview(uow: UnitOfWork) -> JobOverview:
    """Counts by queue and state, the nodes running each queue, and the leaders."""
    async with uow.transaction() as session:
        counts = (await session.execute(text(_COUNTS))).all()
        nodes = (await session.execute(text(_sql("nodes")))).all()
        leaders = (await session.execute(text(_LEADERS))).scalars().all()
    return JobOverview(
        counts=tuple(JobCount(queue=q, state=JobState(s), count=n) for q, s, n in counts),
        nodes=tuple(QueueNode(*row) for row in nodes),
        leaders=tuple(leaders),
    )


async def list_jobs(
    uow: UnitOfWork,
    job_filter: JobFilter = EVERY_JOB,
    *,
    before_id: int | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> JobPage:
    """One page of jobs, newest first, starting strictly before ``before_id``."""
    params = {
        "before_id": before_id,
        "queue": job_filter.queue or None,
        "state": job_filter.state.value if job_filter.state else None,
        "worker": job_filter.worker.strip() or None,
        "entry_id": str(job_filter.entry_id) if job_filter.entry_id else None,
        "limit": limit + 1,
    }
    async with uow.transaction() as session:
        rows = [_job_row(row) for row in (await session.execute(text(_sql("list")), params)).all()]
    more = len(rows) > limit
    rows = rows[:limit]
    return JobPage(rows=tuple(rows), next_before_id=rows[-1].id if more else None)


async def jobs_of_entry(uow: UnitOfWork, entry_id: uuid.UUID, *, limit: int = DEFAULT_PAGE_SIZE) -> tuple[JobRow, ...]:
    """The newest jobs that belong to ``entry_id`` (its ``args.entry_id``), for the case view."""
    return (await list_jobs(uow, JobFilter(entry_id=entry_id), limit=limit)).rows


def _errors(raw: Sequence[Any] | None) -> tuple[JobError, ...]:
    errors = []
    for item in raw or ():
        error = item if isinstance(item, dict) else json.loads(item)
        errors.append(
            JobError(
                attempt=int(error.get("attempt", 0)), at=str(error.get("at", "")), error=str(error.get("error", ""))
            )
        )
    return tuple(errors)


async def job_detail(uow: UnitOfWork, job_id: int) -> JobDetail:
    """Everything about one job: args, meta, tags and every error with its traceback."""
    async with uow.transaction() as session:
        row = (await session.execute(text(_sql("detail")), {"job_id": job_id})).one_or_none()
    if row is None:
        raise Refusal(f"Job {job_id} is gone (deleted or pruned).")
    return JobDetail(
        row=_job_row(row),
        args=dict(row[10] or {}),
        meta=dict(row[11] or {}),
        tags=tuple(row[12] or ()),
        errors=_errors(row[13]),
        completed_at=row[14],
        cancelled_at=row[15],
        discarded_at=row[16],
    )


async def _control(uow: UnitOfWork, function: str, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
    async with uow.transaction() as session:
        with account_errors():
            affected = (
                await session.execute(text(f"SELECT {function}(CAST(:ids AS bigint[]))"), {"ids": sorted(job_ids)})
            ).scalar_one()
    return tuple(affected), _CHANGED


async def retry_jobs(uow: UnitOfWork, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
    """Make the jobs available now; returns those that changed (available and executing ones do not)."""
    return await _control(uow, "rd_retry_jobs", job_ids)


async def cancel_jobs(uow: UnitOfWork, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
    """Cancel unfinished jobs; an executing one is told to stop by its node."""
    return await _control(uow, "rd_cancel_jobs", job_ids)


async def delete_jobs(uow: UnitOfWork, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
    """Delete the jobs for good, except executing ones."""
    return await _control(uow, "rd_delete_jobs", job_ids)


async def set_queue_paused(uow: UnitOfWork, queue: str, *, paused: bool) -> Changes:
    """Pause or resume ``queue`` on every node (oban's signal, vouched for by the database)."""
    signal = {"action": "pause" if paused else "resume", "queue": queue}
    async with uow.transaction() as session:
        with account_errors():
            await session.execute(
                text("SELECT rd_send_job_signal(CAST(:signal AS jsonb))"), {"signal": json.dumps(signal)}
            )
    return _CHANGED


class JobAdministration:
    """The use cases above bound to one person's unit of work, as the jobs page calls them."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def overview(self) -> JobOverview:
        return await job_overview(self._uow)

    async def page(self, job_filter: JobFilter, before_id: int | None) -> JobPage:
        return await list_jobs(self._uow, job_filter, before_id=before_id)

    async def detail(self, job_id: int) -> JobDetail:
        return await job_detail(self._uow, job_id)

    async def retry(self, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
        return await retry_jobs(self._uow, job_ids)

    async def cancel(self, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
        return await cancel_jobs(self._uow, job_ids)

    async def delete(self, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]:
        return await delete_jobs(self._uow, job_ids)

    async def set_paused(self, queue: str, paused: bool) -> Changes:
        return await set_queue_paused(self._uow, queue, paused=paused)
