"""The jobs page's reads through the service, as a staff administrator: keyset pages, filters, an entry's jobs."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from services.errors import Refusal
from services.job_admin import job_detail, job_overview, jobs_of_entry, list_jobs
from services.job_admin_rows import JobFilter, JobState
from tests.security_roles import PASSWORD, World
from tests.units_of_work import unit_of_work

QUEUE = "desk_paging_test"


def _admin_url(world: World) -> str:
    return (
        make_url(world.logins.owner_url.replace("postgresql://", "postgresql+psycopg://", 1))
        .set(username=world.login("admin"), password=PASSWORD)
        .render_as_string(hide_password=False)
    )


@pytest.mark.asyncio
async def test_pages_follow_each_other_without_gaps_or_repeats_and_filters_apply(world: World) -> None:
    entry_id = uuid.uuid4()
    with world.owner() as owner:
        ids = [
            row[0]
            for row in owner.execute(
                "INSERT INTO oban_jobs (queue, worker, args, state, scheduled_at)"
                " SELECT %s, 'services.jobs.x.' || CASE WHEN n %% 2 = 0 THEN 'Even' ELSE 'Odd' END,"
                " CASE WHEN n = 3 THEN %s::jsonb ELSE '{}'::jsonb END,"
                " CASE WHEN n %% 3 = 0 THEN 'completed' ELSE 'scheduled' END::oban_job_state, now() + interval '1 day'"
                " FROM generate_series(1, 7) AS n RETURNING id",
                (QUEUE, json.dumps({"entry_id": str(entry_id)})),
            ).fetchall()
        ]
    try:
        async with unit_of_work(_admin_url(world)) as uow:
            seen: list[int] = []
            before: int | None = None
            while True:
                page = await list_jobs(uow, JobFilter(queue=QUEUE), before_id=before, limit=3)
                seen += [row.id for row in page.rows]
                if page.next_before_id is None:
                    break
                before = page.next_before_id
            assert seen == sorted(ids, reverse=True)
            odd_completed = await list_jobs(uow, JobFilter(queue=QUEUE, state=JobState.COMPLETED, worker="odd"))
            assert [row.id for row in odd_completed.rows] == [ids[2]]  # n = 3: odd and completed
            assert [row.id for row in await jobs_of_entry(uow, entry_id)] == [ids[2]]
            overview = await job_overview(uow)
            assert (overview.count(QUEUE, JobState.COMPLETED), overview.count(QUEUE, JobState.SCHEDULED)) == (2, 5)
            detail = await job_detail(uow, ids[2])
            assert detail.args == {"entry_id": str(entry_id)} and detail.row.entry_id == entry_id
            with pytest.raises(Refusal, match="is gone"):
                await job_detail(uow, -1)
    finally:
        with psycopg.connect(world.logins.owner_url, autocommit=True) as owner:
            owner.execute("DELETE FROM oban_jobs WHERE queue = %s", (QUEUE,))
