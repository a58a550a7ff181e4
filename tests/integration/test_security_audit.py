"""The audit log: triggers record who changed what and why, and nobody can rewrite it.

Rows carry the database role (``session_user``) and the user id, the old
and new values and what changed, and the reason the service layer set for
the transaction. UPDATE, DELETE and TRUNCATE are refused to every role,
the owner included; INSERT to every application role.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.security_roles import World, refused

EVERYONE = (
    "reviewer1",
    "senior",
    "qa",
    "admin",
    "company_admin_a",
    "company_user_a",
    "manager_a",
    "owner_admin",
    "worker",
)
LATEST = (
    "SELECT db_role, user_id, action, row_id, old_values, new_values, changed_columns, reason, transaction_id"
    " FROM audit_log WHERE table_name = %s ORDER BY id DESC LIMIT 1"
)


def audit_rows(owner: psycopg.Connection, table: str) -> int:
    row = owner.execute("SELECT count(*) FROM audit_log WHERE table_name = %s", (table,)).fetchone()
    assert row is not None
    return int(row[0])


def test_a_ruling_is_recorded_with_who_what_and_why(world: World) -> None:
    a1, reviewer = world.screenings["A1"], world.people["reviewer1"]
    with world.connect("reviewer1") as conn, conn.transaction():
        conn.execute("SELECT set_config('rd.audit_reason', 'second look at the paystub', true)")
        conn.execute("UPDATE entries SET review_status = 'IN_REVIEW', note = 'checking' WHERE id = %s", (a1.entry_id,))
        xid = conn.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()
    with world.owner() as owner:
        row = owner.execute(LATEST, ("entries",)).fetchone()
    assert row is not None
    db_role, user_id, action, row_id, old, new, changed, reason, transaction_id = row
    assert (db_role, user_id, action, row_id) == (reviewer.email, reviewer.user_id, "UPDATE", str(a1.entry_id))
    assert (old["review_status"], new["review_status"]) == ("ASSIGNED", "IN_REVIEW")
    assert changed == ["note", "review_status"]
    assert reason == "second look at the paystub"
    assert xid == (transaction_id,)


def test_changes_outside_review_state_are_not_recorded_for_entries(world: World) -> None:
    a2 = world.screenings["A2"]
    with world.owner() as owner:
        before = audit_rows(owner, "entries")
        owner.execute('UPDATE entries SET metadata = \'{"source": "import"}\' WHERE id = %s', (a2.entry_id,))
        owner.execute("UPDATE entries SET review_status = review_status WHERE id = %s", (a2.entry_id,))
        assert audit_rows(owner, "entries") == before


def test_people_changes_record_the_acting_admin_and_mask_secrets(world: World) -> None:
    target, admin = world.people["owner_viewer"], world.people["admin"]
    with world.connect("admin") as conn:
        conn.execute("UPDATE users SET first_name = 'Renamed' WHERE id = %s", (target.user_id,))
        conn.execute(
            "SELECT * FROM rd_create_invitation(%s, NULL, NULL, 'qa', NULL, NULL, NULL, '{}', true, '1 day')",
            (world.logins.email("audited-invitee"),),
        )
    with world.owner() as owner:
        users = owner.execute(LATEST, ("users",)).fetchone()
        invitation = owner.execute(LATEST, ("invitations",)).fetchone()
    assert users is not None and invitation is not None
    assert users[:4] == (admin.email, admin.user_id, "UPDATE", str(target.user_id))
    assert users[6] == ["first_name"]
    assert (invitation[2], invitation[5]["token_hash"]) == ("INSERT", "***")


def test_composite_keys_identify_grant_rows(world: World) -> None:
    viewer = world.people["owner_viewer"]  # owners are granted only to owner-level people
    with world.connect("admin") as conn:
        conn.execute("DELETE FROM users_owners WHERE user_id = %s", (viewer.user_id,))
        conn.execute("INSERT INTO users_owners (owner_id, user_id) VALUES (%s, %s)", (world.owner_id, viewer.user_id))
    with world.owner() as owner:
        row = owner.execute(LATEST, ("users_owners",)).fetchone()
    assert row is not None
    assert (row[2], row[3]) == ("INSERT", f"{world.owner_id}/{viewer.user_id}")


@pytest.mark.parametrize("who", EVERYONE)
def test_no_role_can_rewrite_the_log(world: World, who: str) -> None:
    with world.connect(who) as conn:
        for statement in (
            "UPDATE audit_log SET reason = 'nothing happened'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "INSERT INTO audit_log (db_role, action, table_name, transaction_id) VALUES ('x', 'INSERT', 'users', 1)",
        ):
            with refused("42501", "permission denied"):
                conn.execute(statement)


def test_even_the_owner_cannot_rewrite_the_log(world: World) -> None:
    with world.owner() as owner:
        assert audit_rows(owner, "users") > 0
        for statement in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with refused("42501", "audit_log is append-only"):
                owner.execute(statement)


def test_truncating_an_audited_table_is_recorded(world: World) -> None:
    with world.owner() as owner, owner.transaction(force_rollback=True):
        owner.execute("TRUNCATE invitations_properties")
        row = owner.execute(LATEST, ("invitations_properties",)).fetchone()
    assert row is not None
    assert (row[0], row[2], row[3]) == ("postgres", "TRUNCATE", None)


def test_no_application_role_can_switch_auditing_off(world: World) -> None:
    with world.owner() as owner:
        before = audit_rows(owner, "team")
    for role in ("admin", "qa"):
        with world.connect(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE team DISABLE TRIGGER audit_row")
    with world.connect("admin") as conn, conn.transaction():
        conn.execute("SET LOCAL rd.bulk_load = 'on'")  # a setting that once was an escape does nothing
        conn.execute("INSERT INTO team (name, timezone, country_id) SELECT 'Sneaky', 'UTC', min(id) FROM country")
    with world.owner() as owner:
        assert audit_rows(owner, "team") == before + 1
