"""``ruling-desk db check``: which of the database's hardening is in place, and what a DBA must run for the rest.

Migration 0006 applies what the migrating role may: on the embedded
server its owner is a superuser, so everything. On a central server the
owner usually is not, and some protections are server settings no
migration can make. This command, run as the owner, asks the server
itself about each one (one ``.sql`` file per check in
``app/hardening_checks/``, returning the statements that would put it in
place, or nothing) and prints them, so a DBA can read, review and run
them. Nothing is changed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

import psycopg

CHECKS: Final = (
    ("large_objects", "Large objects cannot be created by application roles"),
    ("databases", "No database of the cluster is open to PUBLIC"),
    ("connection_limits", "Every Ruling Desk login has a connection limit"),
    ("auth_delay", "Failed sign-ins are throttled (auth_delay)"),
    ("password_encryption", "New passwords are stored as SCRAM-SHA-256"),
    ("ssl", "The server offers TLS"),
    ("login_names", "Login role names do not reveal people's addresses"),
)
"""``(SQL file name, what holds when it returns no rows)``, in the order they are reported."""


@dataclass(frozen=True)
class Finding:
    """One check: what it protects, and the statements (or ``--`` instructions) still needed; none when in place."""

    title: str
    fixes: tuple[str, ...]

    @property
    def in_place(self) -> bool:
        return not self.fixes


@cache
def _check_sql(name: str) -> str:
    return resources.files("app").joinpath("hardening_checks", f"{name}.sql").read_text(encoding="utf-8")


def check_hardening(conn: psycopg.Connection) -> list[Finding]:
    """Every check of :data:`CHECKS` on ``conn`` (the deployment owner's, in the application's database)."""
    return [
        Finding(title, tuple(str(row[0]) for row in conn.execute(_check_sql(name)).fetchall()))
        for name, title in CHECKS
    ]


def report(findings: list[Finding]) -> str:
    """The findings as the command prints them: a line per check, the statements indented below it."""
    lines = []
    for finding in findings:
        lines.append(f"{'ok     ' if finding.in_place else 'MISSING'}  {finding.title}")
        lines += [f"         {fix}" for fix in finding.fixes]
    missing = sum(not finding.in_place for finding in findings)
    lines.append(
        "all hardening is in place"
        if not missing
        else f"{missing} of {len(findings)} not in place: a DBA (superuser) runs the statements above"
    )
    return "\n".join(lines)
