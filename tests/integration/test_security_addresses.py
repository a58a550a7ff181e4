"""Look-alike addresses: the database refuses an address that could print like someone else's.

Attacked as a staff admin and a company admin calling the account and
invitation functions with plain psycopg, and as the owner writing rows
directly: the CHECK constraints hold even where no function is in the way.
"""

from __future__ import annotations

import pytest

from tests.security_roles import World, refused, verifier

LOOK_ALIKES = {
    "zero-width space": "ad\u200bmin",
    "soft hyphen": "ad\u00admin",
    "right-to-left override": "ad\u202emin",
    "cyrillic a": "\u0430dmin",
    "kelvin sign": "\u212aadmin",  # normalising or lower-casing would turn it into a plain k
    "non-breaking space": "ad\u00a0min",
    "byte order mark": "\ufeffadmin",
}

CREATE_USER = "SELECT rd_create_user(%s, 'Look', 'Alike', 'admin', %s, NULL, '{}', %s)"
INVITE = "SELECT * FROM rd_create_invitation(%s, 'Look', 'Alike', 'admin', %s, NULL, NULL, '{}', true, '1 day')"


@pytest.mark.parametrize("local_part", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_functions_refuse_look_alike_addresses(world: World, local_part: str) -> None:
    email = world.logins.email(local_part)
    with world.connect("admin") as conn:
        with refused("22023", "plain ASCII only"):
            conn.execute(CREATE_USER, (email, None, verifier(conn, "x@test.example")))
        with refused("22023", "plain ASCII only"):
            conn.execute(INVITE, (email, None))
    with world.connect("company_admin_a") as conn, refused("22023", "plain ASCII only"):
        conn.execute(INVITE, (email, world.company_a))


@pytest.mark.parametrize("local_part", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_rows_refuse_look_alike_addresses_even_from_the_owner(world: World, local_part: str) -> None:
    email = world.logins.email(local_part)
    with world.owner() as owner:
        with refused("23514", "ck_users_email_plain_address"):
            owner.execute("INSERT INTO users (email, role) VALUES (%s, 'admin')", (email,))
        with refused("23514", "ck_invitations_email_plain_address"):
            owner.execute("INSERT INTO invitations (email, role) VALUES (%s, 'admin')", (email,))


def test_a_plain_address_still_works_trimmed_and_lower_cased(world: World) -> None:
    email = f"  Plain.Person+desk-{world.logins.tag}@Sub-Domain.test.example "
    address = email.strip().lower()
    with world.connect("admin") as conn:
        (user_id,) = conn.execute(CREATE_USER, (email, None, verifier(conn, address))).fetchone()  # type: ignore[misc]
    with world.logins.connect(world.logins.login_of(user_id)) as conn:
        assert conn.execute("SELECT rd_current_group()").fetchone() == ("rd_admin",)
    with world.connect("admin") as conn:
        # Changing a harmless column of a row re-checks its address, and it passes.
        updated = conn.execute("UPDATE users SET short_id = 'LOOK-1' WHERE lower(email) = %s", (address,))
        assert updated.rowcount == 1
