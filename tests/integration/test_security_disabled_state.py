"""Account state after the password: a disabled login learns it is disabled, and nothing else.

Attacked as the disabled person with plain psycopg: with the right
password they connect (so the state can be told in any server language,
without reading a message) and can call ``rd_my_account_state()``, but
read no table, call no other function of ours, create nothing, and hold
one connection at most. With a wrong password they are refused like anyone.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from tests.security_roles import Person, World, gatekeeper_enabled, refused, verifier

MY_STATE = "SELECT rd_account_state.rd_my_account_state()"


@pytest.fixture(scope="module")
def disabled(world: World) -> Iterator[Person]:
    """A reviewer, disabled by the staff admin; the module's database closed to PUBLIC as the migrations close it.

    (Test databases are clones of a migrated template, and a clone gets
    PUBLIC's CONNECT and TEMPORARY back: here they are taken away again, as
    revision 0003 and ``ruling-desk db check`` do on a real deployment.)
    """
    with world.owner() as owner:
        person = world.logins.person(owner, "disabled-state", "reviewer", team_id=world.team_id)
        database = sql.Identifier(owner.info.dbname)
        owner.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(database))
        owner.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO rd_app, rd_worker, rd_gatekeeper, rd_disabled").format(database)
        )
    with world.connect("admin") as admin:
        admin.execute("SELECT rd_disable_user(%s)", (person.user_id,))
    yield person


def test_the_right_password_learns_disabled_and_a_wrong_one_nothing(world: World, disabled: Person) -> None:
    with world.logins.connect(disabled.login) as conn:
        assert conn.execute(MY_STATE).fetchone() == ("disabled",)
    with pytest.raises(psycopg.OperationalError) as caught:
        world.logins.connect(disabled.login, "not the password")
    assert caught.value.pgconn is not None and not caught.value.pgconn.backend_pid


def test_a_disabled_login_reads_nothing_and_calls_nothing_else(world: World, disabled: Person) -> None:
    with world.logins.connect(disabled.login) as conn:
        readable = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname IN ('public', 'rd_private', 'rd_account_state')"
            " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
            " AND (has_table_privilege(c.oid, 'SELECT') OR has_table_privilege(c.oid, 'INSERT')"
            "      OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE'))"
        ).fetchall()
        callable_functions = conn.execute(
            "SELECT p.oid::regprocedure::text, p.prorettype = 'trigger'::regtype"
            " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname IN ('public', 'rd_private', 'rd_account_state')"
            " AND has_function_privilege(p.oid, 'EXECUTE')"
        ).fetchall()
        for statement, sqlstate in (
            ("SELECT count(*) FROM entries", "42501"),
            ("SELECT rd_current_user_id()", "42501"),
            ("SELECT rd_password_change_required()", "42501"),
            ("SELECT set_updated_at()", "0A000"),  # PUBLIC's, but only a trigger can call it
            ("CREATE TEMPORARY TABLE scratch (x int)", "42501"),
            ("CREATE TABLE public.scratch (x int)", "42501"),
            ("SELECT lo_creat(-1)", "42501"),
        ):
            with refused(sqlstate):
                conn.execute(statement)
    assert readable == []
    # Besides rd_my_account_state only PUBLIC's trigger functions, which nothing but a trigger can call.
    assert {name for name, is_trigger in callable_functions if not is_trigger} == {
        "rd_account_state.rd_my_account_state()"
    }


def test_a_disabled_login_holds_one_connection_and_no_group(world: World, disabled: Person) -> None:
    with world.owner() as owner:
        limit, can_login = owner.execute(  # type: ignore[misc]
            "SELECT rolconnlimit, rolcanlogin FROM pg_roles WHERE rolname = %s", (disabled.login,)
        ).fetchone()
        groups = owner.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = %s::regrole",
            (disabled.login,),
        ).fetchall()
    assert (limit, can_login) == (1, True)
    assert groups == [("rd_disabled",)]
    with world.logins.connect(disabled.login), pytest.raises(psycopg.OperationalError):
        world.logins.connect(disabled.login)


def test_re_enabling_gives_the_login_its_groups_back(world: World) -> None:
    with world.owner() as owner:
        person = world.logins.person(owner, "back-again", "reviewer", team_id=world.team_id)
    with world.connect("admin") as admin:
        admin.execute("SELECT rd_disable_user(%s)", (person.user_id,))
        _, token = admin.execute(  # type: ignore[misc]
            "SELECT invitation_id, token FROM rd_create_invitation(%s, 'Back', 'Again', 'reviewer', NULL, NULL,"
            " NULL, '{}', true, '7 days')",
            (person.email,),
        ).fetchone()
    with world.owner() as owner, gatekeeper_enabled(owner) as name, world.logins.connect(name) as gatekeeper:
        gatekeeper.execute(
            "SELECT rd_accept_invitation(%s, %s, %s)", (person.email, token, verifier(gatekeeper, person.email))
        )
    with world.logins.connect(person.login) as conn:
        assert conn.execute(MY_STATE).fetchone() == ("active",)
        assert conn.execute("SELECT rd_current_user_id()").fetchone() == (person.user_id,)
    with world.owner() as owner:
        assert owner.execute("SELECT rolconnlimit FROM pg_roles WHERE rolname = %s", (person.login,)).fetchone() == (
            16,
        )
