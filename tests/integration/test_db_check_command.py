"""``ruling-desk db check``: the hardening a server has, and the statements a DBA runs for the rest.

The test server's owner is a superuser, so migration 0006 applied the
superuser-only steps (large objects) and the check says so; what it cannot
know about (this module's fresh logins, the clone's database privileges,
server settings) it reports with statements that, once run, make the check
pass.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from app import database_commands
from app.settings import resolve_settings
from tests.security_roles import World


def check(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = database_commands.run(resolve_settings(data_dir=tmp_path, database_url=url), "check", None)
    return code, capsys.readouterr().out


def section(output: str, title: str) -> list[str]:
    """The status line of the check titled ``title`` and the statements printed under it."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.endswith(title))
    end = next(
        (index for index in range(start + 1, len(lines)) if not lines[index].startswith("         ")), len(lines)
    )
    return [line.strip() for line in lines[start:end]]


def test_the_check_reports_what_is_in_place_and_prints_the_rest(
    world: World, migrated_libpq_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check(migrated_libpq_url, tmp_path, capsys)
    assert code == 1
    assert section(output, "Large objects cannot be created by application roles") == [
        "ok       Large objects cannot be created by application roles"
    ]
    with world.owner() as owner:
        database = owner.execute("SELECT quote_ident(current_database())").fetchone()
    assert database is not None
    # A database cloned from a template gets PUBLIC's privileges back: the check sees it.
    assert f"REVOKE CONNECT, TEMPORARY ON DATABASE {database[0]} FROM PUBLIC;" in section(
        output, "No database of the cluster is open to PUBLIC"
    )
    limits = section(output, "Every Ruling Desk login has a connection limit")
    assert limits[0].startswith("MISSING")
    assert f"ALTER ROLE {world.login('reviewer1')} CONNECTION LIMIT 16;" in limits
    assert f'ALTER ROLE "{world.worker}" CONNECTION LIMIT 10;' in limits
    assert section(output, "Login role names do not reveal people's addresses") == [
        "ok       Login role names do not reveal people's addresses"
    ]

    with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
        for statement in limits[1:]:
            owner.execute(statement)  # type: ignore[call-overload]
    code, output = check(migrated_libpq_url, tmp_path, capsys)
    assert section(output, "Every Ruling Desk login has a connection limit") == [
        "ok       Every Ruling Desk login has a connection limit"
    ]
    assert output.splitlines()[-1].endswith("a DBA (superuser) runs the statements above")


def test_the_check_finds_a_login_still_named_by_its_address(
    world: World, migrated_libpq_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A login of a database not yet at revision 0008 (named by its address) is reported until renamed."""
    address = world.logins.email("not-yet-renamed")
    with world.owner() as owner:
        world.logins.login(owner, address, "rd_app", "rd_reviewer")
    title = "Login role names do not reveal people's addresses"

    _, output = check(migrated_libpq_url, tmp_path, capsys)
    missing = section(output, title)
    assert missing[0] == f"MISSING  {title}"
    assert missing[1].startswith("-- 1 Ruling Desk login roles have a name other than an opaque rd_u_<hex> one")
    assert "ruling-desk db upgrade" in missing[1]

    with world.owner() as owner:
        owner.execute(
            sql.SQL("ALTER ROLE {} RENAME TO {}").format(sql.Identifier(address), sql.Identifier("rd_u_" + "ab" * 16))
        )
    world.logins.adopt("rd_u_" + "ab" * 16)
    _, output = check(migrated_libpq_url, tmp_path, capsys)
    assert section(output, title) == [f"ok       {title}"]


def test_the_check_opens_this_database_to_disabled_logins_too(
    world: World, migrated_libpq_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once PUBLIC is shut out, a disabled person still connects, to be told they are disabled."""
    title = "No database of the cluster is open to PUBLIC"
    with world.owner() as owner:
        database = sql.Identifier(owner.info.dbname)
        owner.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(database))

    _, output = check(migrated_libpq_url, tmp_path, capsys)
    grant = next(line for line in section(output, title) if line.startswith("GRANT CONNECT"))
    assert grant.endswith("TO rd_app, rd_worker, rd_gatekeeper, rd_disabled;")
    with world.owner() as owner:
        owner.execute(grant)  # type: ignore[call-overload]
        can_connect = owner.execute("SELECT has_database_privilege('rd_disabled', current_database(), 'CONNECT')")
        assert can_connect.fetchone() == (True,)
    _, output = check(migrated_libpq_url, tmp_path, capsys)
    assert not any(line.startswith("GRANT CONNECT") for line in section(output, title))
