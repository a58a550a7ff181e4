"""Access grants (revision 0014): who may grant and revoke properties and owners, what the grantee then sees.

Arranged with plain SQL as the owner, attacked and checked with plain
psycopg as each role (two connections, two people: the administrator who
grants, the person whose view changes). A company administrator manages
their own company's people and properties only; owners are a staff
administrator's; review staff and owner-level people get no properties;
every row changed is audited with the reason and announced on
``rd_changes`` as ``access:<user id>``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from services.change_listener import CHANNEL
from tests.security_roles import World, refused, security_world


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        yield built


def _property(world: World, key: str) -> uuid.UUID:
    with world.owner() as owner:
        row = owner.execute(
            "SELECT property_id FROM folders WHERE id = %s", (world.screenings[key].folder_id,)
        ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def _entries_seen(world: World, who: str) -> set[str]:
    with world.connect(who) as conn:
        return {str(short_id) for (short_id,) in conn.execute("SELECT short_id FROM entries").fetchall()}


def test_a_grant_shows_the_property_to_the_manager_at_once_and_a_revoke_hides_it_again(world: World) -> None:
    manager = world.people["manager_a"].user_id
    alder_one = _property(world, "A1")
    assert _entries_seen(world, "manager_a") == {"E-A2"}
    with world.connect("admin") as admin, world.connect("manager_a") as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with admin.transaction():
            admin.execute("SELECT set_config('rd.audit_reason', 'covers Alder One', true)")
            assert admin.execute("SELECT rd_grant_properties(%s, %s)", (manager, [alder_one])).fetchone() == (1,)
        assert admin.execute("SELECT rd_grant_properties(%s, %s)", (manager, [alder_one])).fetchone() == (0,)
        assert [n.payload for n in listener.notifies(timeout=1.0)] == [f"access:{manager}"]
        assert _entries_seen(world, "manager_a") == {"E-A1", "E-A2"}
        assert admin.execute("SELECT rd_revoke_properties(%s, %s)", (manager, [alder_one])).fetchone() == (1,)
    assert _entries_seen(world, "manager_a") == {"E-A2"}
    with world.owner() as owner:
        audit = owner.execute(
            "SELECT action, reason, user_id FROM audit_log WHERE table_name = 'users_properties'"
            " AND (coalesce(new_values, old_values)->>'property_id')::uuid = %s"
            " AND (coalesce(new_values, old_values)->>'user_id')::uuid = %s ORDER BY id",
            (alder_one, manager),
        ).fetchall()
    admin_id = world.people["admin"].user_id
    assert audit == [("INSERT", "covers Alder One", admin_id), ("DELETE", None, admin_id)]


def test_a_company_admin_grants_their_own_company_only(world: World) -> None:
    manager = world.people["manager_a"].user_id
    alder_one, birch_one = _property(world, "A1"), _property(world, "B1")
    with world.connect("company_admin_a") as own:
        with refused("22023", f"Property {birch_one} is not a property of the account's company."):
            own.execute("SELECT rd_grant_properties(%s, %s)", (manager, [alder_one, birch_one]))
        assert own.execute("SELECT rd_grant_properties(%s, %s)", (manager, [alder_one])).fetchone() == (1,)
        with refused("42501", "permission denied for function rd_grant_owners"):
            own.execute("SELECT rd_grant_owners(%s, %s)", (world.people["owner_admin"].user_id, [world.owner_id]))
    with world.connect("company_admin_b") as other:
        with refused("42501", "Company administrators can only manage accounts of their own company."):
            other.execute("SELECT rd_revoke_properties(%s, %s)", (manager, [alder_one]))
        with refused("42501", "Company administrators can only manage accounts of their own company."):
            other.execute("SELECT rd_grant_properties(%s, %s)", (manager, [birch_one]))
    assert _entries_seen(world, "manager_a") == {"E-A1", "E-A2"}
    with world.connect("company_admin_a") as own:
        assert own.execute("SELECT rd_revoke_properties(%s, %s)", (manager, [alder_one])).fetchone() == (1,)
    assert _entries_seen(world, "manager_a") == {"E-A2"}


def test_staff_and_owner_level_people_get_no_properties_and_only_owner_level_people_get_owners(world: World) -> None:
    alder_one = _property(world, "A1")
    with world.connect("admin") as admin:
        with refused("22023", "Review staff see every property; grant none."):
            admin.execute("SELECT rd_grant_properties(%s, %s)", (world.people["reviewer1"].user_id, [alder_one]))
        with refused("22023", "grant an owner instead"):
            admin.execute("SELECT rd_grant_properties(%s, %s)", (world.people["owner_admin"].user_id, [alder_one]))
        with refused("22023", "Only owner_admin and owner_viewer accounts belong to an owner."):
            admin.execute("SELECT rd_grant_owners(%s, %s)", (world.people["manager_a"].user_id, [world.owner_id]))
        missing = uuid.uuid4()
        with refused("P0002", f"There is no owner {missing}."):
            admin.execute("SELECT rd_grant_owners(%s, %s)", (world.people["owner_viewer"].user_id, [missing]))
        with refused("P0002", "There is no user"):
            admin.execute("SELECT rd_grant_properties(%s, %s)", (uuid.uuid4(), [alder_one]))

        viewer = world.people["owner_viewer"].user_id
        assert admin.execute("SELECT rd_revoke_owners(%s, %s)", (viewer, [world.owner_id])).fetchone() == (1,)
        assert _entries_seen(world, "owner_viewer") == set()
        assert admin.execute("SELECT rd_grant_owners(%s, %s)", (viewer, [world.owner_id])).fetchone() == (1,)
        assert _entries_seen(world, "owner_viewer") == {"E-A2", "E-B1"}


@pytest.mark.parametrize("who", ["reviewer1", "qa", "company_user_a", "manager_a", "owner_admin"])
def test_nobody_else_may_call_the_grant_functions(world: World, who: str) -> None:
    manager = world.people["manager_a"].user_id
    with world.connect(who) as conn:
        for function in ("rd_grant_properties", "rd_revoke_properties", "rd_grant_owners", "rd_revoke_owners"):
            with refused("42501", f"permission denied for function {function}"):
                conn.execute(f"SELECT {function}(%s, %s)", (manager, [uuid.uuid4()]))
