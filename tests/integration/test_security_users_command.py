"""``ruling-desk users …`` against a central server given by ``--database-url``.

Commands that read a password run as a subprocess, so that it really
arrives on standard input (``--password-stdin``) as a bootstrap script
would pass it; the others run in-process, which is much faster.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.script import ScriptDirectory

import migrations
from app.errors import CommandError
from app.settings import resolve_settings
from app.users_command import run_users
from app.users_parser import add_users_parser
from tests.cli import run_cli
from tests.factories import insert_company, insert_property
from tests.security_roles import Logins

PASSWORD = "Bootstrap admin password 5"


@pytest.fixture(scope="module")
def logins(migrated_libpq_url: str) -> Iterator[Logins]:
    logins = Logins(migrated_libpq_url)
    try:
        yield logins
    finally:
        logins.drop_all()


def ruling_desk(url: str, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_cli("users", *arguments, "--database-url", url, stdin=stdin, timeout=60)


def parse(*arguments: str) -> argparse.Namespace:
    common = argparse.ArgumentParser(add_help=False)
    parser = argparse.ArgumentParser(prog="ruling-desk")
    add_users_parser(parser.add_subparsers(dest="command", required=True), [common])
    return parser.parse_args(["users", *arguments])


def run_in_process(url: str, tmp_path: Path, *arguments: str) -> int:
    """The same command without the process start (for actions that read no password)."""
    return run_users(resolve_settings(data_dir=tmp_path, database_url=url), parse(*arguments))


def test_create_the_first_admin_then_disable_them(
    migrated_libpq_url: str, logins: Logins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = logins.email("First-Admin")
    created = ruling_desk(
        migrated_libpq_url,
        *("create", "--email", email, "--role", "admin", "--password-stdin"),
        *("--reason", "bootstrap of the central server"),
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    with psycopg.connect(migrated_libpq_url) as owner:
        (user_id,) = owner.execute("SELECT id FROM users WHERE email = %s", (email,)).fetchone()  # type: ignore[misc]
    login = logins.login_of(user_id)
    assert f"user id:    {user_id}\nlogin role: {login} (opaque:" in created.stdout
    assert re.fullmatch(r"rd_u_[0-9a-f]{32}", login)
    with logins.connect(login, PASSWORD) as conn:
        assert conn.execute("SELECT rd_current_group()").fetchone() == ("rd_admin",)

    assert run_in_process(migrated_libpq_url, tmp_path, "disable", email, "--reason", "left the company") == 0
    assert "their open sessions were ended" in capsys.readouterr().out
    with logins.connect(login, PASSWORD) as conn:
        assert conn.execute("SELECT rd_account_state.rd_my_account_state()").fetchone() == ("disabled",)

    # The audit log says who, what and why for both steps.
    with psycopg.connect(migrated_libpq_url) as owner:
        trail = owner.execute(
            "SELECT a.action, a.reason, a.db_role, a.new_values ->> 'is_archived' FROM audit_log AS a"
            " JOIN users AS u ON a.row_id = u.id::text WHERE a.table_name = 'users' AND lower(u.email) = %s"
            " ORDER BY a.id",
            (email.lower(),),
        ).fetchall()
    assert trail[0] == ("INSERT", "bootstrap of the central server", "postgres", "false")
    assert trail[-1] == ("UPDATE", "left the company", "postgres", "true")


def test_enable_set_role_and_list_as_the_owner(
    migrated_libpq_url: str, logins: Logins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        person = logins.person(owner, "Comeback", "reviewer")
    assert run_in_process(migrated_libpq_url, tmp_path, "disable", person.email) == 0
    capsys.readouterr()
    assert run_in_process(migrated_libpq_url, tmp_path, "list", "--disabled", "--search", "comeback") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "id\temail\trole\tcompany\tteam\tstate",
        f"{person.user_id}\t{person.email}\treviewer\t-\t-\tdisabled",
    ]
    assert run_in_process(migrated_libpq_url, tmp_path, "enable", person.email, "--reason", "rehired") == 0
    assert run_in_process(migrated_libpq_url, tmp_path, "set-role", person.email, "qa") == 0
    with logins.connect(person.login) as conn:
        assert conn.execute("SELECT rd_current_group()").fetchone() == ("rd_qa",)
    capsys.readouterr()
    assert run_in_process(migrated_libpq_url, tmp_path, "list", "--active", "--role", "qa") == 0
    assert f"{person.email}\tqa\t-\t-\tactive" in capsys.readouterr().out
    with pytest.raises(CommandError, match="is not disabled"):
        run_in_process(migrated_libpq_url, tmp_path, "enable", person.email)
    with pytest.raises(SystemExit):
        parse("set-role", person.email, "overlord")


def test_a_weak_password_is_refused_in_one_line(migrated_libpq_url: str) -> None:
    result = ruling_desk(migrated_libpq_url, "gatekeeper", "--password-stdin", stdin="short\n")
    assert result.returncode == 1
    assert result.stderr == "ruling-desk: Use at least 12 characters (7 more).\n"


def test_disabling_an_unknown_address_is_refused(migrated_libpq_url: str, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"no user with the address nobody@test\.example"):
        run_in_process(migrated_libpq_url, tmp_path, "disable", "nobody@test.example")


def test_a_database_not_at_head_is_refused(fresh_database: Callable[[], str], tmp_path: Path) -> None:
    head = ScriptDirectory.from_config(migrations.alembic_config("postgresql+psycopg://")).get_current_head()
    with pytest.raises(CommandError, match=f"not {head}; run 'ruling-desk db upgrade' first"):
        run_in_process(fresh_database(), tmp_path, "disable", "nobody@test.example")


def test_a_password_the_meter_calls_weak_is_refused_before_connecting(logins: Logins) -> None:
    email = logins.email("weak-password")
    # An unreachable server: the policy refuses before anything connects.
    result = ruling_desk(
        "postgresql://nobody@127.0.0.1:1/none",
        *("create", "--email", email, "--role", "reviewer", "--password-stdin"),
        stdin="lighthouseoak\n",
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "ruling-desk: Use 16 characters (3 more), or mix capitals, digits and symbols.\n"


def test_without_a_terminal_or_password_stdin_it_says_so_in_one_line(migrated_libpq_url: str, tmp_path: Path) -> None:
    result = run_cli(
        *("users", "create", "--email", "ada@test.example", "--role", "reviewer"),
        *("--database-url", migrated_libpq_url, "--data-dir", str(tmp_path)),
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == "ruling-desk: no terminal to ask for the password; pipe it in with --password-stdin\n"
    assert list((tmp_path / "logs").glob("crash-*")) == []


def test_the_database_refuses_a_password_in_place_of_a_verifier(migrated_libpq_url: str) -> None:
    """What SQL can enforce: only SCRAM verifiers are stored, so a password can never reach it unhashed."""
    with psycopg.connect(migrated_libpq_url) as owner, pytest.raises(psycopg.Error) as refused:
        owner.execute(
            "SELECT rd_create_user('plain@test.example', 'P', 'Lain', 'reviewer', NULL, NULL, '{}', %s)",
            ("Harbor-view-lighthouse-7",),
        )
    assert refused.value.sqlstate == "22023"
    assert str(refused.value).startswith("Pass a SCRAM-SHA-256 verifier computed by the client, never a password.")


def test_grant_and_revoke_properties_and_owners_as_the_owner(
    migrated_libpq_url: str, logins: Logins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        company = insert_company(owner, name="Cedar Estates", short_id="C-CLI")
        other = insert_company(owner, name="Larch Lets", short_id="C-CLI2")
        own, foreign = (
            insert_property(owner, company, name="Cedar One"),
            insert_property(owner, other, name="Larch One"),
        )
        (owner_id,) = owner.execute(  # type: ignore[misc]
            "INSERT INTO owners (name, salesforce_id) VALUES ('Pine REIT', 'SF-CLI') RETURNING id"
        ).fetchone()
        manager = logins.person(owner, "cli-manager", "property_manager", company_id=company)
        viewer = logins.person(owner, "cli-viewer", "owner_viewer")

    def grants() -> set[tuple[str, object]]:
        with psycopg.connect(migrated_libpq_url) as owner:
            rows = owner.execute(
                "SELECT 'property', property_id FROM users_properties WHERE user_id = %s"
                " UNION ALL SELECT 'owner', owner_id FROM users_owners WHERE user_id = %s",
                (manager.user_id, viewer.user_id),
            ).fetchall()
        return {(kind, granted) for kind, granted in rows}

    grant = ("grant", manager.email, "--property", str(own), "--reason", "covers Cedar")
    assert run_in_process(migrated_libpq_url, tmp_path, *grant) == 0
    assert run_in_process(migrated_libpq_url, tmp_path, *grant) == 0
    assert run_in_process(migrated_libpq_url, tmp_path, "grant", viewer.email, "--owner", str(owner_id)) == 0
    out = capsys.readouterr().out
    assert f"granted 1 of 1 to {manager.email}" in out and f"granted 0 of 1 to {manager.email}" in out
    assert grants() == {("property", own), ("owner", owner_id)}
    with logins.connect(manager.login) as conn:
        assert conn.execute("SELECT id FROM properties").fetchall() == [(own,)]

    with pytest.raises(CommandError, match="is not a property of the account's company"):
        run_in_process(migrated_libpq_url, tmp_path, "grant", manager.email, "--property", str(foreign))
    with pytest.raises(CommandError, match="Only owner_admin and owner_viewer accounts belong to an owner"):
        run_in_process(migrated_libpq_url, tmp_path, "grant", manager.email, "--owner", str(owner_id))
    with pytest.raises(SystemExit):  # one kind at a time
        parse("grant", manager.email, "--property", str(own), "--owner", str(owner_id))

    assert run_in_process(migrated_libpq_url, tmp_path, "revoke", manager.email, "--property", str(own)) == 0
    assert run_in_process(migrated_libpq_url, tmp_path, "revoke", viewer.email, "--owner", str(owner_id)) == 0
    assert f"revoked 1 of 1 from {viewer.email}" in capsys.readouterr().out
    assert grants() == set()
    with psycopg.connect(migrated_libpq_url) as owner:
        reasons = owner.execute(
            "SELECT action, reason FROM audit_log WHERE table_name = 'users_properties'"
            " AND (coalesce(new_values, old_values) ->> 'user_id')::uuid = %s ORDER BY id",
            (manager.user_id,),
        ).fetchall()
    assert reasons == [("INSERT", "covers Cedar"), ("DELETE", "ruling-desk users command")]
