"""``ruling-desk users …`` against a central server given by ``--database-url``.

Commands that read a password run as a subprocess, so that it really
arrives on standard input (``--password-stdin``) as a bootstrap script
would pass it; the others run in-process, which is much faster.
"""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from app.errors import CommandError
from app.settings import resolve_settings
from app.users_command import run_users
from app.users_parser import add_users_parser
from tests.cli import run_cli
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
    logins.adopt(email.lower())
    assert f"login role: {email.lower()}" in created.stdout
    with logins.connect(email.lower(), PASSWORD) as conn:
        assert conn.execute("SELECT rd_current_group()").fetchone() == ("rd_admin",)

    assert run_in_process(migrated_libpq_url, tmp_path, "disable", email, "--reason", "left the company") == 0
    assert "their open sessions were ended" in capsys.readouterr().out
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        logins.connect(email.lower(), PASSWORD)

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


def test_a_weak_password_is_refused_in_one_line(migrated_libpq_url: str) -> None:
    result = ruling_desk(migrated_libpq_url, "gatekeeper", "--password-stdin", stdin="short\n")
    assert result.returncode == 1
    assert result.stderr == "ruling-desk: Use at least 12 characters (7 more).\n"


def test_disabling_an_unknown_address_is_refused(migrated_libpq_url: str, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"no user with the address nobody@test\.example"):
        run_in_process(migrated_libpq_url, tmp_path, "disable", "nobody@test.example")


def test_a_database_not_at_head_is_refused(fresh_database: Callable[[], str], tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"not \d{4}; run 'ruling-desk db upgrade' first"):
        run_in_process(fresh_database(), tmp_path, "disable", "nobody@test.example")
