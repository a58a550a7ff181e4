"""Row-level security, read side: connected as each role, exactly the right rows come back.

Every assertion counts rows through plain psycopg as a person's own login
role (see :mod:`tests.security_roles` for the world: two companies, an
owner across both, four screenings, one person per role).
"""

from __future__ import annotations

import pytest

from tests.conftest import TEMPLATE_DATABASE
from tests.security_roles import (
    COMPANY_SIDE,
    SCREENING_TABLES,
    STAFF,
    World,
    count,
    gatekeeper_enabled,
    refused,
)

EVERYONE = (*STAFF, *COMPANY_SIDE, "worker")


@pytest.mark.parametrize("who", EVERYONE)
def test_each_role_sees_exactly_its_screenings(world: World, who: str) -> None:
    expected = world.visible[who]
    with world.connect(who) as conn:
        counts = {table: count(conn, table) for table in SCREENING_TABLES}
        entries = {row[0] for row in conn.execute("SELECT short_id FROM entries")}
    assert entries == {f"E-{key}" for key in expected}
    assert counts == dict.fromkeys(SCREENING_TABLES, len(expected))


ORGANISATION_TABLES = (
    "companies",
    "properties",
    "owners",
    "property_owners",
    "users",
    "users_properties",
    "users_owners",
    "matching_entries",
    "team",
)
STAFF_COUNTS = (2, 4, 1, 3, 11, 2, 2, 2, 1)
ORGANISATION_COUNTS = {
    **dict.fromkeys((*STAFF, "worker"), STAFF_COUNTS),
    # The company's three people, their two grants, one duplicate pair inside the company.
    "company_admin_a": (1, 2, 1, 2, 3, 2, 0, 1, 0),
    "company_admin_b": (1, 2, 1, 1, 1, 0, 0, 0, 0),
    # Colleagues' rows but only their own grants; A1's past owner is history, still visible.
    "company_user_a": (1, 1, 1, 1, 3, 1, 0, 0, 0),
    "manager_a": (1, 1, 1, 1, 3, 1, 0, 0, 0),
    # An owner's properties span both companies; the A1↔B1 match needs A1, which is not theirs.
    "owner_admin": (2, 2, 1, 2, 1, 0, 1, 0, 0),
    "owner_viewer": (2, 2, 1, 2, 1, 0, 1, 0, 0),
}


@pytest.mark.parametrize("who", EVERYONE)
def test_organisation_and_people_rows_per_role(world: World, who: str) -> None:
    with world.connect(who) as conn:
        counts = tuple(count(conn, table) for table in ORGANISATION_TABLES)
    assert dict(zip(ORGANISATION_TABLES, counts, strict=True)) == dict(
        zip(ORGANISATION_TABLES, ORGANISATION_COUNTS[who], strict=True)
    )


READABLE_BY = {
    "invitations": {"admin": 2, "company_admin_a": 1, "company_admin_b": 1},
    "invitations_properties": {"admin": 1, "company_admin_a": 1, "company_admin_b": 0},
    "audit_log": {"admin": None, "qa": None},
    "unauthenticated_session": {"worker": 1},
    "analytics_reports": {
        "admin": 2,
        "qa": 1,
        "worker": 2,
        **dict.fromkeys(("reviewer1", "reviewer2", "senior", *COMPANY_SIDE), 0),
    },
}
"""Table → who may read it and how many rows they see (``None``: some). Everyone else is refused."""


@pytest.mark.parametrize("table", sorted(READABLE_BY))
@pytest.mark.parametrize("who", EVERYONE)
def test_restricted_tables_are_refused_or_scoped(world: World, who: str, table: str) -> None:
    readers = READABLE_BY[table]
    with world.connect(who) as conn:
        if who not in readers:
            with refused("42501"):
                count(conn, table)
            return
        seen = count(conn, table)
    expected = readers[who]
    assert seen > 0 if expected is None else seen == expected


@pytest.mark.parametrize("who", ["company_admin_b", "owner_admin", "manager_a"])
def test_another_companys_rows_are_invisible_even_by_id(world: World, who: str) -> None:
    """A1 belongs to company A and to no owner: asking for its rows by id returns nothing."""
    a1 = world.screenings["A1"]
    lookups = {
        "entries": a1.entry_id,
        "folders": a1.folder_id,
        "applicants": a1.applicant_id,
        "applicant_submissions": a1.applicant_submission_id,
        "proof": a1.proof_id,
        "fraud_reviews": a1.fraud_review_id,
        "properties": a1.property_id,
    }
    with world.connect(who) as conn:
        found = {
            table: conn.execute(f"SELECT count(*) FROM {table} WHERE id = %s", (row_id,)).fetchone()
            for table, row_id in lookups.items()
        }
        blob = conn.execute(
            "SELECT count(*) FROM document_blobs b JOIN proof p ON p.file = 'db://document_blobs/' || b.id"
            " WHERE p.entry_id = %s",
            (a1.entry_id,),
        ).fetchone()
    assert found == dict.fromkeys(lookups, (0,))
    assert blob == (0,)


def test_api_key_hashes_are_unreadable_to_every_role(world: World) -> None:
    for who in EVERYONE:
        with world.connect(who) as conn, refused("42501"):
            conn.execute("SELECT key FROM api_keys")
    with world.connect("admin") as conn:
        listed = conn.execute("SELECT description, company_id FROM api_keys ORDER BY description").fetchall()
        with refused("42501"):
            conn.execute("SELECT * FROM api_keys")
    assert len(listed) == 2


def test_an_archived_person_sees_nothing_even_while_still_connected(world: World) -> None:
    """Membership in a group is not enough: the users row must be active (the helpers check it).

    Archiving also closes the login at commit (see test_security_disabling);
    that trigger is held off here so only the helpers' own check is seen.
    """
    reviewer = world.people["reviewer2"]
    with world.connect("reviewer2") as conn:
        assert count(conn, "entries") == 4
        with world.owner() as owner, owner.transaction():
            owner.execute("ALTER TABLE users DISABLE TRIGGER close_archived_login")
            owner.execute("UPDATE users SET is_archived = true WHERE id = %s", (reviewer.user_id,))
            owner.execute("ALTER TABLE users ENABLE TRIGGER close_archived_login")
        try:
            assert count(conn, "entries") == 0
            assert count(conn, "users") == 0
        finally:
            with world.owner() as owner:
                owner.execute("UPDATE users SET is_archived = false WHERE id = %s", (reviewer.user_id,))


def test_the_staff_queue_carries_no_per_row_policy(world: World) -> None:
    """A staff query's policy is one parameter computed once (an InitPlan), not a join or a call per row.

    The queue's index range is read exactly as for the owner; per row the
    executor only tests that one boolean.
    """
    statement = (
        "SELECT id FROM entries WHERE review_status = 'UNASSIGNED' AND submission_time IS NOT NULL"
        " ORDER BY submission_time, id LIMIT 50"
    )
    with world.connect("reviewer1") as conn:
        conn.execute("SET enable_seqscan = off")
        plan = [row[0].strip() for row in conn.execute(f"EXPLAIN {statement}")]
    filters = [line for line in plan if line.startswith("Filter:")]
    assert any("using ix_entries_review_queue" in line for line in plan), plan
    assert filters == ["Filter: (InitPlan 1).col1"], plan
    assert not any("SubPlan" in line or "rd_" in line for line in plan), plan


def test_the_gatekeeper_reads_nothing(world: World) -> None:
    with world.owner() as owner, gatekeeper_enabled(owner) as gatekeeper, world.logins.connect(gatekeeper) as conn:
        for table in ("entries", "users", "companies", "invitations", "role"):
            with refused("42501"):
                count(conn, table)


def test_connect_is_granted_to_the_groups_not_to_public(world: World) -> None:
    """Checked on the migrated template: ``CREATE DATABASE … TEMPLATE`` does not copy database privileges."""
    with world.owner() as owner:
        privileges = owner.execute(
            "SELECT has_database_privilege('public', %(db)s, 'CONNECT'),"
            " has_database_privilege('public', %(db)s, 'TEMPORARY'),"
            " has_database_privilege('rd_app', %(db)s, 'CONNECT'),"
            " has_database_privilege('rd_worker', %(db)s, 'CONNECT'),"
            " has_database_privilege('rd_gatekeeper', %(db)s, 'CONNECT')",
            {"db": TEMPLATE_DATABASE},
        ).fetchone()
    assert privileges == (False, False, True, True, True)


def test_people_have_no_role_attributes_beyond_login(world: World) -> None:
    with world.connect("admin") as conn:
        attributes = conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication FROM pg_roles"
            " WHERE rolname = session_user"
        ).fetchone()
    assert attributes == (False, False, False, False, False)


def test_worker_is_not_a_person(world: World) -> None:
    with world.connect("worker") as conn:
        assert conn.execute("SELECT pg_has_role('rd_app', 'MEMBER')").fetchone() == (False,)
        with refused("42501"):
            conn.execute("SELECT rd_current_user_id()")
