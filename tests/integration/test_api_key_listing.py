"""The API keys list is filtered and keyset-paged on the server, as a staff admin reads it.

Keys are issued through the database's function; the list is read through
:func:`services.api_key_admin.list_api_keys` over the admin's own unit of
work, in small pages, and must come back whole, in order, without repeats,
whatever was issued between two pages.
"""

from __future__ import annotations

import uuid

import pytest

from services.api_key_admin import list_api_keys, set_api_key_active
from services.api_key_admin_rows import ApiKeyFilter, ApiKeyRow
from tests.security_roles import World
from tests.units_of_work import unit_of_work

TAG = uuid.uuid4().hex[:6]


def issue(world: World, description: str) -> uuid.UUID:
    with world.connect("admin") as admin:
        row = admin.execute(
            "SELECT api_key_id FROM rd_issue_api_key(%s, false, %s, NULL, (SELECT id FROM role WHERE name = 'write'))",
            (description, world.company_b),
        ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


@pytest.mark.asyncio
async def test_pages_cover_every_key_newest_first_once_and_filters_narrow_on_the_server(world: World) -> None:
    issued = [issue(world, f"{TAG} sync {n}") for n in range(7)]
    async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
        mine = ApiKeyFilter(text=TAG)
        seen: list[ApiKeyRow] = []
        page = await list_api_keys(uow, mine, limit=3)
        sizes = [len(page.rows)]
        seen.extend(page.rows)
        late = issue(world, f"{TAG} issued between pages")  # newer than the cursor: not in later pages
        while page.next_cursor is not None:
            page = await list_api_keys(uow, mine, after=page.next_cursor, limit=3)
            sizes.append(len(page.rows))
            seen.extend(page.rows)

        assert sizes == [3, 3, 1]
        assert [row.api_key_id for row in seen] == list(reversed(issued))
        assert all(row.scope_name == "Birch Living" and row.role == "write" for row in seen)

        await set_api_key_active(uow, issued[2], active=False)
        inactive = await list_api_keys(uow, ApiKeyFilter(text=TAG, active=False))
        active = await list_api_keys(uow, ApiKeyFilter(text=TAG, active=True))
        by_public_id = await list_api_keys(uow, ApiKeyFilter(text=seen[0].public_id.upper()))
        wildcard = await list_api_keys(uow, ApiKeyFilter(text=f"{TAG}%"))

    assert [row.api_key_id for row in inactive.rows] == [issued[2]]
    assert {row.api_key_id for row in active.rows} == {late, *issued} - {issued[2]}
    assert [row.api_key_id for row in by_public_id.rows] == [seen[0].api_key_id]
    assert wildcard.rows == ()  # a typed % matches itself, not everything
