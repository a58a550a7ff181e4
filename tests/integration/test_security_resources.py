"""Resource abuse: one credential cannot take every connection, store unbounded large objects, or camp elsewhere.

The embedded test server's owner is a superuser, so the migration applied
the superuser-only steps too; ``ruling-desk db check`` (tested beside the
command) reports them on a central server.
"""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from tests.security_roles import World, gatekeeper_enabled, refused, verifier

PERSON_LIMIT = 16


def test_a_person_cannot_take_more_than_their_share_of_connections(world: World) -> None:
    with world.connect("admin") as conn:
        email = world.logins.email("greedy")
        row = conn.execute(
            "SELECT rd_create_user(%s, 'Greedy', 'Person', 'reviewer', NULL, NULL, '{}', %s)",
            (email, verifier(conn, email)),
        ).fetchone()
    assert row is not None
    login = world.logins.login_of(row[0])
    with contextlib.ExitStack() as held:
        for _ in range(PERSON_LIMIT):
            held.enter_context(world.logins.connect(login))
        with pytest.raises(psycopg.OperationalError, match="too many connections for role"):
            world.logins.connect(login)
        # Everyone else still gets in.
        with world.connect("reviewer1") as other:
            assert other.execute("SELECT count(*) FROM entries").fetchone() == (4,)


def test_the_gatekeeper_and_migrated_logins_carry_a_limit(world: World) -> None:
    with world.owner() as owner:
        limit = owner.execute("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'rd_gatekeeper'").fetchone()
    assert limit == (10,)


@pytest.mark.parametrize("who", ["reviewer1", "admin", "company_admin_a", "owner_viewer", "worker"])
def test_nobody_creates_large_objects(world: World, who: str) -> None:
    with world.connect(who) as conn:
        for call in ("SELECT lo_creat(-1)", "SELECT lo_create(0)", "SELECT lo_from_bytea(0, 'loot')"):
            with refused("42501", "permission denied for function lo_"):
                conn.execute(call)
    with world.owner() as owner:
        oid = owner.execute("SELECT lo_from_bytea(0, 'the owner may')").fetchone()
        assert oid is not None
        owner.execute("SELECT lo_unlink(%s)", (oid[0],))


@pytest.mark.parametrize("who", ["reviewer1", "company_admin_a", "worker"])
@pytest.mark.parametrize("database", ["postgres", "template1"])
def test_nobody_connects_to_the_clusters_other_databases(world: World, who: str, database: str) -> None:
    url = make_conninfo(world.logins.url(world.login(who)), dbname=database)
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        psycopg.connect(url)
    with world.connect(who):  # the application's database still lets them in
        pass


def test_the_gatekeeper_is_held_to_the_application_database_too(world: World) -> None:
    with world.owner() as owner, gatekeeper_enabled(owner) as gatekeeper:
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            psycopg.connect(make_conninfo(world.logins.url(gatekeeper), dbname="postgres"))
        with world.logins.connect(gatekeeper) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (gatekeeper,)
