"""``rd_open_entries_matching`` runs as its owner, so it must cut its answer down to what the caller may see.

The queue search calls it to use the open entries' trigram index (revision
0018), which row-level security keeps out of the caller's own query. Called
directly, with a pattern every applicant of the world matches, each person
gets exactly the entries they may see, and the queue search over every open
entry shows the same, in both ways a page is read.
"""

from __future__ import annotations

import asyncio

import pytest

from services.queue_query import QueueFilters, QueueQuery, QueueViewKind
from services.queue_scope import QueueScope
from services.queue_search import search_queue
from tests.security_roles import COMPANY_SIDE, STAFF, World
from tests.units_of_work import unit_of_work

PEOPLE = (*STAFF, *COMPANY_SIDE)


@pytest.mark.parametrize("who", PEOPLE)
def test_a_direct_call_returns_only_the_entries_the_caller_may_see(world: World, who: str) -> None:
    """Every entry of the world is open, so each person gets exactly what they may see."""
    with world.connect(who) as conn:
        found = {row[0] for row in conn.execute("SELECT rd_open_entries_matching(%s)", ("%applicant%",))}
    assert found == {world.screenings[key].entry_id for key in world.visible[who]}


@pytest.mark.parametrize("scope", list(QueueScope))
def test_the_search_box_shows_each_person_what_they_may_see_in_every_scope(world: World, scope: QueueScope) -> None:
    """ "Applicant" (the trigram path) and "E-" (too short for it), over the team view and the pool."""

    async def shown(who: str, search: str) -> set[str]:
        found: set[str] = set()
        async with unit_of_work(world.sqlalchemy_url(who)) as uow:
            for view in (QueueViewKind.TEAM, QueueViewKind.POOL):  # both read the open entries' index
                query = QueueQuery(view, QueueFilters(search=search))
                found |= {row.short_id or "" for row in (await search_queue(uow, query, scope=scope)).rows}
        return found

    async def scenario() -> None:
        for who in PEOPLE:
            expected = {f"E-{key}" for key in world.visible[who]}
            assert await shown(who, "applicant") == expected, who
            assert await shown(who, "e-") == expected, who
            assert await shown(who, "applicant b") == {name for name in expected if name.startswith("E-B")}, who

    asyncio.run(scenario())
