"""Every security change shows up in review as a diff of one readable file.

The effective security of a database migrated to head (group roles and their
memberships, database and schema privileges, row-level security per table,
table and column privileges, policies, who may EXECUTE which function and
how it runs, triggers) is dumped by ``security_catalogue.sql`` and compared
with the committed ``tests/golden/security_catalogue.txt``. A change to a
grant, a policy or a SECURITY DEFINER function fails this test until the
golden file is regenerated and committed with it, where a reviewer sees it.
"""

from __future__ import annotations

import difflib
import os
from itertools import groupby
from pathlib import Path

import psycopg
import pytest

import migrations
from tests.conftest import TestServer

QUERY = Path(__file__).with_name("security_catalogue.sql")
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "security_catalogue.txt"
REGENERATE = "RULING_DESK_WRITE_GOLDEN=1 uv run pytest tests/integration/test_security_catalogue.py"

SECTIONS = {
    1: "Group roles (with SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS if they had it)",
    2: "Group role memberships",
    3: "Database and schema privileges (besides the owner's)",
    4: "Row-level security",
    5: "Table privileges (besides the owner's)",
    6: "Column privileges",
    7: "Policies",
    8: "Routines",
    9: "Triggers",
}


@pytest.fixture(scope="module")
def catalogued_url(pg_server: TestServer) -> str:
    """A database migrated here (not cloned: ``CREATE DATABASE … TEMPLATE`` drops database privileges)."""
    name = pg_server.create_database("catalogue")
    migrations.upgrade(pg_server.admin_url(name), "head")
    return pg_server.libpq_url(name)


def security_catalogue(libpq_url: str) -> str:
    """The catalogue as text: a heading per section, its lines sorted."""
    with psycopg.connect(libpq_url) as conn:
        rows = conn.execute(QUERY.read_text(encoding="utf-8")).fetchall()
    parts = [f"# Security catalogue of a database migrated to head. Regenerate: {REGENERATE}\n"]
    for section, lines in groupby(rows, key=lambda row: row[0]):
        parts.append(f"\n## {SECTIONS[section]}\n")
        parts.extend(f"{line}\n" for _, line in lines)
    return "".join(parts)


def test_security_catalogue_matches_the_golden_file(catalogued_url: str) -> None:
    actual = security_catalogue(catalogued_url)
    if os.environ.get("RULING_DESK_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=str(GOLDEN.relative_to(GOLDEN.parents[2])),
            tofile="the migrated database",
        )
    )
    assert not diff, (
        f"The database's security differs from the golden file:\n{diff}\n"
        f"If the change is intended, regenerate the file and commit it with the change: {REGENERATE}"
    )


def test_catalogue_sees_a_security_change(catalogued_url: str) -> None:
    """The dump is live: a grant, a policy and a function's EXECUTE made (and rolled back) here all show."""
    before = security_catalogue(catalogued_url)
    with psycopg.connect(catalogued_url) as conn:
        conn.execute("GRANT DELETE ON entries TO rd_reviewer")
        conn.execute("CREATE POLICY sneaky ON entries FOR DELETE TO rd_reviewer USING (true)")
        conn.execute("GRANT EXECUTE ON FUNCTION rd_secret() TO PUBLIC")
        conn.execute("ALTER TABLE team DISABLE ROW LEVEL SECURITY")
        rows = conn.execute(QUERY.read_text(encoding="utf-8")).fetchall()
        conn.rollback()
    during = {line for _, line in rows}
    assert "entries: rd_reviewer DELETE" in during
    assert "entries.sneaky: PERMISSIVE DELETE TO rd_reviewer USING (true)" in during
    assert "rd_secret(): SECURITY INVOKER; SET search_path=pg_catalog, public, pg_temp; EXECUTE: PUBLIC" in during
    assert "team: off" in during
    assert security_catalogue(catalogued_url) == before
