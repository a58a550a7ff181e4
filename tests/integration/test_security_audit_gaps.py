"""Audit blind spots: a document's ruling and every change of a login's password leave a row.

Attacked as the people who would rather leave no trace: a reviewer ruling on
one document of their entry, a person changing their own password, a staff
admin resetting someone's. What is not review state (a worker's similarity
findings) stays out of the log.
"""

from __future__ import annotations

import json

from tests.security_roles import PASSWORD, World, verifier

LATEST_PROOF_ROW = (
    "SELECT db_role, user_id, action, row_id, changed_columns FROM audit_log"
    " WHERE table_name = 'proof' ORDER BY id DESC LIMIT 1"
)


def test_a_documents_ruling_is_recorded_and_similarity_findings_are_not(world: World) -> None:
    a1, reviewer = world.screenings["A1"], world.people["reviewer1"]
    with world.connect("reviewer1") as conn:
        assert conn.execute("UPDATE proof SET result = 'FRAUD' WHERE id = %s", (a1.proof_id,)).rowcount == 1
    with world.owner() as owner:
        recorded = owner.execute(LATEST_PROOF_ROW).fetchone()
    assert recorded == (reviewer.email, reviewer.user_id, "UPDATE", str(a1.proof_id), ["result"])

    with world.connect("worker") as conn:
        conn.execute(
            "UPDATE proof SET similarity_check = ARRAY[%s::jsonb] WHERE id = %s",
            (json.dumps({"similarity_score": 0.1}), a1.proof_id),
        )
    with world.owner() as owner:
        assert owner.execute(LATEST_PROOF_ROW).fetchone() == recorded


def test_every_password_change_of_a_login_is_recorded(world: World) -> None:
    with world.owner() as owner:
        person = world.logins.person(owner, "rotates", "qa", team_id=world.team_id)
    with world.logins.connect(person.login) as conn:
        conn.execute("SELECT rd_set_own_password(%s)", (verifier(conn, person.login, "Own new password 77"),))
    with world.connect("admin") as conn:
        conn.execute("SELECT rd_reset_login(%s, %s, true)", (person.user_id, verifier(conn, person.login, PASSWORD)))
    with world.owner() as owner:
        trail = owner.execute(
            "SELECT db_role, new_values ->> 'event' FROM audit_log WHERE table_name = 'logins' AND row_id = %s"
            " ORDER BY id",
            (str(person.user_id),),
        ).fetchall()
    assert trail == [(person.email, "changed by its person"), (world.people["admin"].email, "reset")]
