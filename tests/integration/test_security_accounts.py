"""People and their login roles through the privileged functions, called with plain psycopg.

Creating a person creates their login role in the right group; changing a
role swaps the group; disabling ends their sessions and their logins.
Company administrators are held to their own company and its roles, and
forged arguments are refused with the SQLSTATE the functions document.
"""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest
from psycopg import sql

from tests.security_roles import PASSWORD, World, gatekeeper_enabled, refused, verifier

CREATE_USER = "SELECT rd_create_user(%s, 'New', 'Person', %s, %s, NULL, %s, %s)"


def create_user(
    conn: psycopg.Connection,
    world: World,
    name: str,
    role: str,
    company_id: uuid.UUID | None = None,
    property_ids: tuple[uuid.UUID, ...] = (),
) -> tuple[uuid.UUID, str]:
    """Call ``rd_create_user`` as ``conn``'s role; the new login is dropped with the module's."""
    email = world.logins.email(name)
    row = conn.execute(CREATE_USER, (email, role, company_id, list(property_ids), verifier(conn, email))).fetchone()
    assert row is not None
    return row[0], world.logins.login_of(row[0])


def groups_of(world: World, login: str) -> set[str]:
    with world.owner() as owner:
        rows = owner.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
            (login,),
        ).fetchall()
    return {name for (name,) in rows}


def test_a_staff_admin_creates_a_reviewer_who_can_sign_in(world: World) -> None:
    with world.connect("admin") as conn:
        user_id, login = create_user(conn, world, "new-reviewer", "reviewer")
    assert groups_of(world, login) == {"rd_app", "rd_reviewer"}
    with world.logins.connect(login) as person:
        me = person.execute("SELECT rd_current_user_id(), count(*) FROM entries GROUP BY 1").fetchone()
    assert me == (user_id, 4)


def test_a_company_admin_creates_a_property_manager_in_their_company(world: World) -> None:
    a1 = world.screenings["A1"]
    with world.connect("company_admin_a") as conn:
        _, login = create_user(conn, world, "new-manager", "property_manager", world.company_a, (a1.property_id,))
    assert groups_of(world, login) == {"rd_app", "rd_property_manager"}
    with world.logins.connect(login) as person:
        seen = person.execute("SELECT short_id FROM entries").fetchall()
    assert seen == [("E-A1",)]


@pytest.mark.parametrize(
    ("role", "company", "properties", "sqlstate", "message"),
    [
        ("user", "B", (), "42501", "own company"),
        ("admin", None, (), "42501", "own company"),  # a staff administrator
        ("reviewer", None, (), "42501", "own company"),
        ("owner_admin", "A", (), "42501", "roles admin, user and property_manager"),
        ("qa", "A", (), "42501", "roles admin, user and property_manager"),
        ("property_manager", "A", ("B1",), "22023", "not a property of the account's company"),
    ],
)
def test_a_company_admin_cannot_create_accounts_outside_their_remit(
    world: World,
    role: str,
    company: str | None,
    properties: tuple[str, ...],
    sqlstate: str,
    message: str,
) -> None:
    company_id = {"A": world.company_a, "B": world.company_b, None: None}[company]
    property_ids = [world.screenings[key].property_id for key in properties]
    email = world.logins.email("forged")
    with world.connect("company_admin_a") as conn, refused(sqlstate, message):
        conn.execute(CREATE_USER, (email, role, company_id, property_ids, verifier(conn, email)))
    with world.owner() as owner:
        assert owner.execute("SELECT count(*) FROM users WHERE email = %s", (email,)).fetchone() == (0,)


def test_a_password_instead_of_a_verifier_is_refused(world: World) -> None:
    login = world.logins.email("plaintext")
    with world.connect("admin") as conn, refused("22023", "SCRAM-SHA-256 verifier"):
        conn.execute(CREATE_USER, (login, "reviewer", None, [], PASSWORD))


def test_an_existing_account_is_not_created_twice(world: World) -> None:
    existing = world.people["reviewer2"].email
    with world.connect("admin") as conn, refused("23505", "already exists"):
        conn.execute(CREATE_USER, (existing.upper(), "reviewer", None, [], verifier(conn, existing)))


def test_a_foreign_database_role_is_never_taken_over(world: World) -> None:
    """A DBA's role named like the address is left alone: the person's login gets a fresh, opaque name."""
    address = world.logins.email("foreign-dba")
    with world.owner() as owner:
        owner.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(address), sql.Literal("old")))
        world.logins.adopt(address)
    with world.connect("admin") as conn:
        user_id = conn.execute(CREATE_USER, (address, "qa", None, [], verifier(conn, address))).fetchone()[0]  # type: ignore[index]
    login = world.logins.login_of(user_id)
    assert login != address
    with world.logins.connect(address, "old") as foreign:
        assert foreign.execute("SELECT pg_has_role('rd_app', 'MEMBER')").fetchone() == (False,)
    with world.logins.connect(login) as person:
        assert person.execute("SELECT rd_current_group()").fetchone() == ("rd_qa",)


def test_changing_a_role_swaps_the_group(world: World) -> None:
    with world.connect("admin") as conn:
        user_id, login = create_user(conn, world, "promoted", "reviewer")
        conn.execute("SELECT rd_change_user_role(%s, 'senior_reviewer')", (user_id,))
    assert groups_of(world, login) == {"rd_app", "rd_senior_reviewer"}
    with world.owner() as owner:
        assert owner.execute("SELECT role FROM users WHERE id = %s", (user_id,)).fetchone() == ("senior_reviewer",)


@pytest.mark.parametrize(
    ("target", "role", "message"),
    [
        ("company_user_a", "qa", "roles admin, user and property_manager"),  # into staff
        ("company_admin_b", "user", "own company"),  # another company's account
        ("reviewer1", "user", "own company"),  # a staff account
    ],
)
def test_a_company_admin_cannot_change_roles_outside_their_remit(
    world: World, target: str, role: str, message: str
) -> None:
    person = world.people[target]
    before = groups_of(world, person.login)
    with world.connect("company_admin_a") as conn, refused("42501", message):
        conn.execute("SELECT rd_change_user_role(%s, %s)", (person.user_id, role))
    assert groups_of(world, person.login) == before


@pytest.mark.parametrize("target", ["company_admin_b", "reviewer1", "owner_admin"])
def test_a_company_admin_cannot_disable_accounts_outside_their_company(world: World, target: str) -> None:
    with world.connect("company_admin_a") as conn, refused("42501"):
        conn.execute("SELECT rd_disable_user(%s)", (world.people[target].user_id,))


def test_nobody_disables_themselves(world: World) -> None:
    with world.connect("admin") as conn, refused("22023", "your own account"):
        conn.execute("SELECT rd_disable_user(%s)", (world.people["admin"].user_id,))


def test_disabling_ends_open_sessions_and_future_logins(world: World) -> None:
    with world.connect("admin") as conn:
        user_id, login = create_user(conn, world, "leaver", "reviewer")
    with world.logins.connect(login) as session:
        assert session.execute("SELECT count(*) FROM entries").fetchone() == (4,)
        with world.connect("admin") as conn:
            conn.execute("SELECT rd_disable_user(%s)", (user_id,))
        with pytest.raises(psycopg.OperationalError):
            for _ in range(50):  # the termination signal is asynchronous
                session.execute("SELECT 1")
                time.sleep(0.02)
    with world.logins.connect(login) as disabled, refused("42501", "permission denied"):
        disabled.execute("SELECT count(*) FROM entries")
    with world.owner() as owner:
        archived = owner.execute("SELECT is_archived FROM users WHERE id = %s", (user_id,)).fetchone()
    assert archived == (True,)


def test_the_gatekeeper_learns_nothing_about_an_account_without_its_password(world: World) -> None:
    """Disabled, expired or active, an address reads the same to whoever lacks its password."""
    with world.connect("admin") as conn:
        user_id, disabled = create_user(conn, world, "gone", "reviewer")
        conn.execute("SELECT rd_disable_user(%s)", (user_id,))
    expiring = world.people["owner_viewer"].login
    with world.owner() as owner:
        owner.execute(sql.SQL("ALTER ROLE {} VALID UNTIL '2001-01-01'").format(sql.Identifier(expiring)))
        try:
            with gatekeeper_enabled(owner) as gatekeeper, world.logins.connect(gatekeeper) as conn:
                with refused("42883", "does not exist"):
                    conn.execute("SELECT rd_sign_in_status(%s)", (disabled,))
                (decoy,) = conn.execute("SELECT rd_login_name('nobody@test.example')").fetchone()  # type: ignore[misc]
            failures = set()
            for login in (disabled, expiring, world.people["qa"].login, decoy):
                with pytest.raises(psycopg.OperationalError) as failure:
                    world.logins.connect(login, "not the password")
                failures.add((failure.value.sqlstate, str(failure.value).replace(login, "<login>")))
        finally:
            owner.execute(sql.SQL("ALTER ROLE {} VALID UNTIL 'infinity'").format(sql.Identifier(expiring)))
    assert len(failures) == 1, failures
    assert "password authentication failed" in failures.pop()[1]
    # With the right password the disabled person connects and is told, and only they are.
    with world.logins.connect(disabled) as conn:
        assert conn.execute("SELECT rd_account_state.rd_my_account_state()").fetchone() == ("disabled",)


def test_a_person_changes_their_own_password_and_nobody_elses(world: World) -> None:
    with world.connect("admin") as conn:
        _, login = create_user(conn, world, "rotator", "qa")
    new_password = "A brand new password 3"
    with world.logins.connect(login) as conn:
        conn.execute("SELECT rd_set_own_password(%s)", (verifier(conn, login, new_password),))
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        world.logins.connect(login)
    with world.logins.connect(login, new_password):
        pass
    with world.owner() as owner, refused("42501", "signed-in person"):
        owner.execute("SELECT rd_set_own_password(%s)", (verifier(owner, "postgres"),))


def test_grant_login_gives_a_seeded_row_a_role_in_its_group(world: World) -> None:
    email = world.logins.email("seeded")
    with world.owner() as owner:
        row = owner.execute(
            "INSERT INTO users (email, role, company_id) VALUES (%s, 'admin', %s) RETURNING id",
            (email, world.company_b),
        ).fetchone()
    assert row is not None
    with world.connect("company_admin_b") as conn, refused("42501", "permission denied for function"):
        conn.execute("SELECT rd_grant_login(%s, %s)", (row[0], verifier(conn, email)))
    with world.connect("admin") as conn:
        granted = conn.execute("SELECT rd_grant_login(%s, %s)", (row[0], verifier(conn, email))).fetchone()
    login = world.logins.login_of(row[0])
    assert granted == (login,)
    assert groups_of(world, login) == {"rd_app", "rd_company_admin"}


def test_the_deployment_owner_creates_the_first_admin(world: World) -> None:
    """The bootstrap path of ``ruling-desk users create``: the owner acts as a staff admin, as nobody."""
    email = world.logins.email("first-admin")
    with world.owner() as owner:
        user_id = owner.execute(CREATE_USER, (email, "admin", None, [], verifier(owner, email))).fetchone()[0]  # type: ignore[index]
        audit = owner.execute(
            "SELECT db_role, user_id FROM audit_log WHERE table_name = 'users' AND new_values ->> 'email' = %s",
            (email,),
        ).fetchone()
    assert groups_of(world, world.logins.login_of(user_id)) == {"rd_app", "rd_admin"}
    assert audit == ("postgres", None)
