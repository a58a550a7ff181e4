"""Cross-company leaks: what row-level security hides must not come back through a column, a grant or a blob.

Attacked with plain psycopg as a company-side user (another company's ids
inside ``proof.similarity_check``), as a staff admin (granting a company
user another company's property by a direct ``INSERT``) and as a reviewer
(reading report output that is not theirs).
"""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from tests.security_roles import COMPANY_SIDE, World, refused


@pytest.fixture(scope="module", autouse=True)
def similarity(world: World) -> None:
    """A1's proof resembles B1's (another company's), as a similarity check would record it."""
    a1, b1 = world.screenings["A1"], world.screenings["B1"]
    finding = {"entry_id": str(b1.entry_id), "matching_proof_id": str(b1.proof_id), "similarity_score": 0.9}
    with world.owner() as owner:
        owner.execute(
            "UPDATE proof SET similarity_check = ARRAY[%s::jsonb] WHERE id = %s", (json.dumps(finding), a1.proof_id)
        )


@pytest.mark.parametrize("who", COMPANY_SIDE)
def test_the_company_side_cannot_read_similarity_findings(world: World, who: str) -> None:
    with world.connect(who) as conn:
        with refused("42501", "permission denied for table proof"):
            conn.execute("SELECT similarity_check FROM proof")
        with refused("42501", "permission denied for table proof"):
            conn.execute("SELECT * FROM proof")
        seen = conn.execute("SELECT count(*), count(file) FROM proof").fetchone()
    visible = len(world.visible[who])
    assert seen == (visible, visible)


@pytest.mark.parametrize("who", ["reviewer1", "qa", "admin", "worker"])
def test_staff_and_workers_still_read_the_findings(world: World, who: str) -> None:
    with world.connect(who) as conn:
        row = conn.execute(
            "SELECT similarity_check[1] ->> 'entry_id' FROM proof WHERE id = %s", (world.screenings["A1"].proof_id,)
        ).fetchone()
    assert row == (str(world.screenings["B1"].entry_id),)


def test_a_staff_admin_cannot_grant_another_companys_property_directly(world: World) -> None:
    user = world.people["company_user_a"].user_id
    with world.connect("admin") as conn:
        with refused("42501", "row-level security policy"):
            conn.execute(
                "INSERT INTO users_properties (user_id, property_id) VALUES (%s, %s)",
                (user, world.screenings["B1"].property_id),
            )
        with refused("42501", "row-level security policy"):
            conn.execute(
                "UPDATE users_properties SET property_id = %s WHERE user_id = %s",
                (world.screenings["B2"].property_id, user),
            )
        with refused("42501", "row-level security policy"):
            conn.execute("INSERT INTO users_owners (owner_id, user_id) VALUES (%s, %s)", (world.owner_id, user))
        # The allowed path: a property of the person's own company.
        conn.execute(
            "INSERT INTO users_properties (user_id, property_id) VALUES (%s, %s)",
            (user, world.screenings["A2"].property_id),
        )
        conn.execute(
            "DELETE FROM users_properties WHERE user_id = %s AND property_id = %s",
            (user, world.screenings["A2"].property_id),
        )
    with world.connect("company_user_a") as conn:
        assert conn.execute("SELECT short_id FROM entries").fetchall() == [("E-A1",)]


def test_report_output_is_as_private_as_its_report(world: World) -> None:
    """The admin's report and the QA lead's each get output; a reviewer reads neither, each requester their own."""
    blobs: dict[str, uuid.UUID] = {}
    with world.owner() as owner:
        for who in ("admin", "qa"):
            content = f"report of {who}".encode()
            row = owner.execute(
                "INSERT INTO document_blobs (content, content_type, sha256, byte_size)"
                " VALUES (%s, 'text/csv', %s, %s) RETURNING id",
                (content, hashlib.sha256(content).hexdigest(), len(content)),
            ).fetchone()
            assert row is not None
            blobs[who] = row[0]
            owner.execute(
                "UPDATE analytics_reports SET document_blob_id = %s WHERE user_id = %s",
                (row[0], world.people[who].user_id),
            )
    expected = {"reviewer1": set(), "qa": {blobs["qa"]}, "admin": {blobs["admin"], blobs["qa"]}}
    for who, readable in expected.items():
        with world.connect(who) as conn:
            seen = {row[0] for row in conn.execute("SELECT id FROM document_blobs WHERE content_type = 'text/csv'")}
            documents = conn.execute("SELECT count(*) FROM document_blobs WHERE content_type = 'application/pdf'")
            assert (seen, documents.fetchone()) == (readable, (4,)), who
