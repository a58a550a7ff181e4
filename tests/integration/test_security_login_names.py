"""Class 9: login role names are opaque, and resolved from an address one at a time.

Attacked with plain psycopg as a signed-in reviewer and as the gatekeeper
(whose password every workstation carries): the catalogs every role can
read (``pg_roles``, ``pg_auth_members``, ``pg_get_userbyid()`` over an OID
range, ``pg_stat_activity``) must name no person, the mapping must be
unreadable, and the gatekeeper's resolver must answer an address without a
login exactly as it answers one with a login: with a name of the same
shape that, with a wrong password, is refused the same way.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

import migrations
from services.database_urls import libpq_url
from tests.security_roles import PASSWORD, World, gatekeeper_enabled, refused, verifier

OPAQUE: re.Pattern[str] = re.compile(r"rd_u_[0-9a-f]{32}")


@pytest.fixture
def gatekeeper(world: World) -> Iterator[psycopg.Connection]:
    with world.owner() as owner, gatekeeper_enabled(owner) as name, world.logins.connect(name) as conn:
        yield conn


def _identifying(world: World) -> set[str]:
    """Every address and local part of the world's people: none may show up in a catalog."""
    return {part for person in world.people.values() for part in (person.email, person.email.split("@")[0])}


def _role_names_seen(conn: psycopg.Connection) -> set[str]:
    max_oid = conn.execute("SELECT max(oid)::bigint FROM pg_roles").fetchone()
    assert max_oid is not None
    names = {
        *(name for (name,) in conn.execute("SELECT rolname FROM pg_roles")),
        *(
            name
            for (name,) in conn.execute("SELECT rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid")
        ),
        *(
            name
            for (name,) in conn.execute(
                "SELECT pg_get_userbyid(o::oid) FROM generate_series(1, %s) AS o", (max_oid[0] + 1,)
            )
        ),
        *(name for (name,) in conn.execute("SELECT usename FROM pg_stat_activity WHERE usename IS NOT NULL")),
    }
    return {name for name in names if name and not name.startswith("unknown (OID=")}


@pytest.mark.parametrize("attacker", ["reviewer1", "gatekeeper"])
def test_the_catalogs_name_no_person(world: World, gatekeeper: psycopg.Connection, attacker: str) -> None:
    with world.connect("reviewer2"), world.connect("company_admin_a"):  # sessions to find in pg_stat_activity
        if attacker == "gatekeeper":
            seen = _role_names_seen(gatekeeper)
        else:
            with world.connect(attacker) as conn:
                seen = _role_names_seen(conn)

    logins = {person.login for person in world.people.values()}
    assert logins <= seen  # the roles are there to see ...
    assert all(OPAQUE.fullmatch(login) for login in logins)  # ... and say nothing
    assert not {name for name in seen if any(part in name for part in _identifying(world))}
    assert not {name for name in seen if "@" in name}


def test_nobody_but_the_owner_reads_the_mapping_or_the_decoy_key(world: World, gatekeeper: psycopg.Connection) -> None:
    for conn in (gatekeeper, world.connect("admin"), world.connect("reviewer1")):
        for table in ("rd_private.login_roles", "rd_private.login_name_key"):
            with refused("42501", "permission denied for schema rd_private"):
                conn.execute(f"SELECT * FROM {table}")
    with world.connect("admin") as admin, refused("42501", "permission denied for function rd_login_name"):
        admin.execute("SELECT rd_login_name(%s)", (world.people["reviewer1"].email,))


def test_the_gatekeeper_resolves_one_address_and_an_unknown_one_reads_the_same(
    world: World, gatekeeper: psycopg.Connection
) -> None:
    def resolve(address: str) -> str:
        row = gatekeeper.execute("SELECT rd_login_name(%s)", (address,)).fetchone()
        assert row is not None
        return str(row[0])

    known = world.people["reviewer1"]
    assert resolve(f"  {known.email.upper()} ") == known.login
    unknown = world.logins.email("nobody")
    decoy = resolve(unknown)
    assert OPAQUE.fullmatch(decoy)
    assert resolve(unknown.upper()) == decoy  # stable, so asking twice tells nothing
    assert resolve(world.logins.email("somebody-else")) != decoy
    assert decoy not in {person.login for person in world.people.values()}

    def refusal(login: str) -> tuple[bool, int]:
        with pytest.raises(psycopg.OperationalError) as caught:
            world.logins.connect(login, "not the password")
        assert caught.value.pgconn is not None
        return bool(caught.value.pgconn.used_password), caught.value.pgconn.backend_pid

    assert refusal(known.login) == refusal(decoy) == (True, 0)
    with world.logins.connect(known.login) as conn:
        assert conn.execute("SELECT rd_current_user_id()").fetchone() == (known.user_id,)


def test_every_account_function_names_logins_through_the_mapping(world: World) -> None:
    """A login made by the functions is opaque, and the audit log still names its person."""
    email = world.logins.email("made-by-admin")
    with world.connect("admin") as admin:
        user_id = admin.execute(
            "SELECT rd_create_user(%s, 'Made', 'ByAdmin', 'reviewer', NULL, NULL, '{}', %s)",
            (email, verifier(admin, email)),
        ).fetchone()[0]  # type: ignore[index]
    with world.owner() as owner:
        (login,) = owner.execute("SELECT rd_login_role_of(%s)", (user_id,)).fetchone()  # type: ignore[misc]
    world.logins.adopt(login)
    assert OPAQUE.fullmatch(login)
    with world.connect("admin") as admin:
        admin.execute("SELECT rd_change_user_role(%s, 'qa')", (user_id,))
    with world.logins.connect(login) as conn:
        assert conn.execute("SELECT rd_current_group()").fetchone() == ("rd_qa",)
        conn.execute("UPDATE users SET first_name = 'Renamed' WHERE id = %s", (user_id,))
    with world.owner() as owner:
        who = owner.execute(
            "SELECT db_role, user_id FROM audit_log WHERE table_name = 'users' AND row_id = %s"
            " AND new_values ->> 'first_name' = 'Renamed'",
            (str(user_id),),
        ).fetchone()
    assert who == (email, user_id)


def _signs_in_as(owner_url: str, login: str, email: str) -> bool:
    with psycopg.connect(make_conninfo(owner_url, user=login, password=PASSWORD)) as conn:
        return conn.execute("SELECT email FROM users WHERE id = rd_current_user_id()").fetchone() == (email,)


def test_renaming_existing_logins_keeps_their_scram_passwords(fresh_database: Callable[[], str]) -> None:
    """0008 renames address-named logins in place; its downgrade names them by address again."""
    url = fresh_database()
    owner_url = libpq_url(url)
    migrations.upgrade(url, "0007")
    email = f"Renamed-{secrets.token_hex(4)}@before.example"
    address = email.lower()
    names = [address]
    try:
        with psycopg.connect(owner_url, autocommit=True) as owner:
            owner.execute(
                "SELECT rd_create_user(%s, 'Re', 'Named', 'reviewer', NULL, NULL, '{}', %s)",
                (email, verifier(owner, address)),
            )
        assert _signs_in_as(owner_url, address, email)

        migrations.upgrade(url, "0008")
        with psycopg.connect(owner_url, autocommit=True) as owner:
            row = owner.execute("SELECT rd_login_role_of(id) FROM users WHERE email = %s", (email,)).fetchone()
            assert row is not None
            names.append(login := str(row[0]))
            assert owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (address,)).fetchone() is None
        assert OPAQUE.fullmatch(login)
        assert _signs_in_as(owner_url, login, email)

        migrations.downgrade(url, "0007")
        assert _signs_in_as(owner_url, address, email)
    finally:
        with psycopg.connect(owner_url, autocommit=True) as owner:
            for name in names:
                owner.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
