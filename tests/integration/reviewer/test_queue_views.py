"""The queues area's views, filters, sort and search, as a signed-in reviewer under row-level security.

Each test arranges entries as the owner, reads a view through the service
as a reviewer, and checks the rows against what the database says.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import psycopg
import pytest

from services.queue_query import (
    QueueFilters,
    QueueQuery,
    QueueSort,
    QueueViewKind,
    SlaState,
    SortColumn,
)
from services.queue_rows import QueueCursor
from services.queue_search import count_view, search_queue
from services.unit_of_work import UnitOfWork
from tests.reviewer_desk import Desk, insert_reviewable

NOW = datetime.datetime(2026, 3, 2, 12, 0)


def hours_ago(hours: float) -> datetime.datetime:
    return NOW - datetime.timedelta(hours=hours)


def arrange(owner: psycopg.Connection[Any], desk: Desk) -> dict[str, uuid.UUID]:
    """Six entries: two pool, one mine, one the senior's, one ruled by me, one ruled by the senior."""
    ids = {}
    for short_id, age in (("POOL-A", 2), ("POOL-B", 23), ("MINE", 17), ("SENIOR", 30), ("DONE", 40), ("DONE-S", 41)):
        ids[short_id] = insert_reviewable(owner, short_id=short_id, submitted_at=hours_ago(age)).entry_id
    me, senior = desk.user_ids["reviewer1"], desk.user_ids["senior"]
    for short_id, status, assignee, reviewer in (
        ("MINE", "ASSIGNED", me, None),
        ("SENIOR", "IN_REVIEW", senior, None),
        ("DONE", "COMPLETED", None, me),
        ("DONE-S", "COMPLETED", None, senior),
    ):
        owner.execute(
            "UPDATE entries SET review_status = %s, review_assigned_to_id = %s, reviewer_id = %s,"
            " review_date = %s, result = CASE WHEN %s = 'COMPLETED' THEN 'APPROVED' END WHERE id = %s",
            (status, assignee, reviewer, NOW, status, ids[short_id]),
        )
    return ids


async def view_ids(uow: UnitOfWork, query: QueueQuery, limit: int = 50) -> list[str | None]:
    page = await search_queue(uow, query, limit=limit, now=NOW)
    return [row.short_id for row in page.rows]


@pytest.mark.asyncio
async def test_each_view_shows_the_rows_the_database_holds_for_it(desk: Desk) -> None:
    with desk.owner() as owner:
        arrange(owner, desk)
    async with desk.unit_of_work("reviewer1") as uow:
        mine = await search_queue(uow, QueueQuery(QueueViewKind.MY_WORK), now=NOW)
        pool = await view_ids(uow, QueueQuery(QueueViewKind.POOL))
        team = await search_queue(uow, QueueQuery(QueueViewKind.TEAM), now=NOW)
        done = await search_queue(uow, QueueQuery(QueueViewKind.COMPLETED), now=NOW)
        counts = {view: await count_view(uow, QueueQuery(view), now=NOW) for view in QueueViewKind}

    assert [row.short_id for row in mine.rows] == ["MINE"]
    assert mine.rows[0].assigned_to == "reviewer1 Test"
    assert mine.rows[0].applicant_name == "Applicant MINE"
    assert mine.rows[0].property_name == "MINE Court"
    # Most urgent (oldest submission) first.
    assert pool == ["POOL-B", "POOL-A"]
    assert [(row.short_id, row.assigned_to) for row in team.rows] == [
        ("SENIOR", "senior Test"),
        ("MINE", "reviewer1 Test"),
    ]
    assert [(row.short_id, row.ruling) for row in done.rows] == [("DONE", "APPROVED")]
    assert {view: count.total for view, count in counts.items()} == {
        QueueViewKind.MY_WORK: 1,
        QueueViewKind.POOL: 2,
        QueueViewKind.TEAM: 2,
        QueueViewKind.COMPLETED: 1,
    }
    assert not any(count.capped for count in counts.values())


@pytest.mark.asyncio
async def test_a_search_of_recently_completed_finds_my_rulings_by_name_email_and_short_id(desk: Desk) -> None:
    """Recently completed tests each of my rulings (no open-entries index holds them), in any case."""
    with desk.owner() as owner:
        arrange(owner, desk)
    async with desk.unit_of_work("reviewer1") as uow:
        found = {
            search: await view_ids(uow, QueueQuery(QueueViewKind.COMPLETED, QueueFilters(search=search)))
            for search in ("applicant done", "DONE@APPLICANT", "done", "done-s", "pool")
        }
    assert found == {
        "applicant done": ["DONE"],
        "DONE@APPLICANT": ["DONE"],
        "done": ["DONE"],  # DONE-S matches too, but it is the senior's ruling
        "done-s": [],
        "pool": [],
    }


@pytest.mark.asyncio
async def test_filters_and_search_narrow_on_the_server(desk: Desk) -> None:
    with desk.owner() as owner:
        ids = arrange(owner, desk)
        owner.execute("UPDATE entries SET has_previously_submitted = true WHERE id = %s", (ids["POOL-A"],))
        owner.execute("UPDATE entries SET suggested_ruling = 'FRAUD' WHERE id = %s", (ids["POOL-B"],))
        owner.execute(
            "INSERT INTO matching_entries (entry_id, matching_entry_id, match_percentage) VALUES (%s, %s, 85)",
            (ids["POOL-B"], ids["DONE"]),
        )
        owner.execute(
            "INSERT INTO matching_entries (entry_id, matching_entry_id, match_percentage) VALUES (%s, %s, 60)",
            (ids["POOL-A"], ids["DONE"]),
        )
        owner.execute("UPDATE proof SET type = 'bank_statement' WHERE entry_id = %s", (ids["POOL-A"],))
        property_b = owner.execute(
            "SELECT f.property_id FROM entries e JOIN folders f ON f.id = e.folder_id WHERE e.id = %s",
            (ids["POOL-B"],),
        ).fetchone()[0]  # type: ignore[index]

    def pool(**filters: Any) -> QueueQuery:
        return QueueQuery(QueueViewKind.POOL, QueueFilters(**filters))

    async with desk.unit_of_work("reviewer1") as uow:
        assert await view_ids(uow, pool(repeat_applicant=True)) == ["POOL-A"]
        assert await view_ids(uow, pool(repeat_applicant=False)) == ["POOL-B"]
        assert await view_ids(uow, pool(suggested_ruling="FRAUD")) == ["POOL-B"]
        assert await view_ids(uow, pool(suggested_ruling="no such ruling")) == []
        assert await view_ids(uow, pool(strong_match=True)) == ["POOL-B"]
        assert await view_ids(uow, pool(document_type="bank_statement")) == ["POOL-A"]
        assert await view_ids(uow, pool(property_id=property_b)) == ["POOL-B"]
        assert await view_ids(uow, pool(sla_state=SlaState.RED)) == ["POOL-B"]
        assert await view_ids(uow, pool(sla_state=SlaState.ON_TRACK)) == ["POOL-A"]
        assert await view_ids(uow, pool(sla_state=SlaState.BREACHED)) == []
        # Search: applicant name, applicant email, short id; case-insensitive; LIKE wildcards are literal.
        assert await view_ids(uow, pool(search="applicant pool-a")) == ["POOL-A"]
        assert await view_ids(uow, pool(search="pool-b@applicant")) == ["POOL-B"]
        assert await view_ids(uow, pool(search="POOL-")) == ["POOL-B", "POOL-A"]
        assert await view_ids(uow, pool(search="POOL%")) == []
        assert (await count_view(uow, pool(search="pool"), now=NOW)).total == 2


@pytest.mark.asyncio
async def test_sorting_by_any_header_pages_with_a_keyset_without_gaps_or_repeats(desk: Desk) -> None:
    with desk.owner() as owner:
        owner.execute(
            "INSERT INTO entries (short_id, submission_time, suggested_ruling)"
            " SELECT 'S-' || lpad((n * 7 %% 23)::text, 3, '0'), %s - n * interval '1 minute',"
            " (ARRAY['CLEAN','EDITED','FRAUD'])[1 + n %% 3]::suggested_ruling FROM generate_series(1, 23) AS n",
            (NOW,),
        )
        expected = {
            (column, descending): [
                row[0]
                for row in owner.execute(
                    f"SELECT short_id FROM entries ORDER BY {sql} {'DESC' if descending else 'ASC'},"
                    f" id {'DESC' if descending else 'ASC'}"
                ).fetchall()
            ]
            for column, sql in (
                (SortColumn.SUBMITTED, "submission_time"),
                (SortColumn.SHORT_ID, "short_id"),
                (SortColumn.SUGGESTED_RULING, "suggested_ruling::text"),
            )
            for descending in (False, True)
        }
    async with desk.unit_of_work("reviewer1") as uow:
        for (column, descending), order in expected.items():
            query = QueueQuery(QueueViewKind.POOL, sort=QueueSort(column, descending))
            shown: list[str | None] = []
            after: QueueCursor | None = None
            while True:
                page = await search_queue(uow, query, after=after, limit=5, now=NOW)
                shown.extend(row.short_id for row in page.rows)
                if page.next_cursor is None:
                    break
                after = page.next_cursor
            assert shown == order, (column, descending)


@pytest.mark.asyncio
async def test_a_count_over_the_cap_says_so(desk: Desk) -> None:
    with desk.owner() as owner:
        owner.execute(
            "INSERT INTO entries (short_id, submission_time) SELECT 'C-' || n, %s FROM generate_series(1, 12) AS n",
            (NOW,),
        )
    async with desk.unit_of_work("reviewer1") as uow:
        capped = await count_view(uow, QueueQuery(QueueViewKind.POOL), now=NOW, cap=10)
        exact = await count_view(uow, QueueQuery(QueueViewKind.POOL), now=NOW, cap=12)
    assert (capped.total, capped.capped, capped.label) == (10, True, "10+")
    assert (exact.total, exact.capped, exact.label) == (12, False, "12")
