"""API keys: the secret is shown once, only its hash is stored, verification and revocation work.

Issuing and revoking are staff administrators' (through the functions),
verifying a worker node's; nobody reads ``api_keys.key`` or writes the
table directly.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.security_roles import World, refused

ISSUE = "SELECT api_key_id, secret FROM rd_issue_api_key(%s, %s, %s, %s, (SELECT id FROM role WHERE name = 'user'))"
VERIFY = "SELECT api_key_id, master, company_id, property_id FROM rd_verify_api_key(%s)"


def test_issue_verify_revoke(world: World) -> None:
    a1 = world.screenings["A1"]
    with world.connect("admin") as conn:
        row = conn.execute(ISSUE, ("Yardi sync", False, world.company_a, a1.property_id)).fetchone()
    assert row is not None
    key_id, secret = row
    with world.owner() as owner:
        stored = owner.execute("SELECT key, is_active FROM api_keys WHERE id = %s", (key_id,)).fetchone()
        audited = owner.execute(
            "SELECT new_values ->> 'key' FROM audit_log WHERE table_name = 'api_keys' AND row_id = %s", (str(key_id),)
        ).fetchone()
    assert stored == (hashlib.sha256(secret.encode()).hexdigest(), True)
    assert secret.startswith("rdk_") and len(secret) == 4 + 8 + 1 + 64
    assert audited == ("***",)

    with world.connect("worker") as conn:
        assert conn.execute(VERIFY, (secret,)).fetchall() == [(key_id, False, world.company_a, a1.property_id)]
        tampered = secret[:-1] + ("1" if secret.endswith("0") else "0")  # always a different key
        assert conn.execute(VERIFY, (tampered,)).fetchall() == []
    with world.connect("admin") as conn:
        conn.execute("SELECT rd_revoke_api_key(%s)", (key_id,))
    with world.connect("worker") as conn:
        assert conn.execute(VERIFY, (secret,)).fetchall() == []


@pytest.mark.parametrize(
    ("master", "company", "property_key", "sqlstate", "message"),
    [
        (True, "A", None, "23514", "scope"),  # a master key is unscoped
        (False, None, None, "23514", "scope"),  # any other key has a scope
        (False, "A", "B1", "22023", "is not a property of company"),
    ],
)
def test_badly_scoped_keys_are_refused(
    world: World, master: bool, company: str | None, property_key: str | None, sqlstate: str, message: str
) -> None:
    company_id = world.company_a if company == "A" else None
    property_id = world.screenings[property_key].property_id if property_key else None
    with world.connect("admin") as conn, refused(sqlstate, message):
        conn.execute(ISSUE, ("bad", master, company_id, property_id))


def test_nobody_writes_api_keys_directly(world: World) -> None:
    with world.connect("admin") as conn:
        for statement in (
            "UPDATE api_keys SET is_active = true",
            "DELETE FROM api_keys",
            "INSERT INTO api_keys (description, key, master) VALUES ('forged', 'x', true)",
        ):
            with refused("42501", "permission denied"):
                conn.execute(statement)


@pytest.mark.parametrize("who", ["company_admin_a", "qa", "worker"])
def test_only_staff_admins_issue_or_revoke_keys(world: World, who: str) -> None:
    with world.connect(who) as conn:
        with refused("42501", "permission denied for function"):
            conn.execute(ISSUE, ("mine", False, world.company_a, None))
        with refused("42501", "permission denied for function"):
            conn.execute("SELECT rd_revoke_api_key(gen_random_uuid())")
