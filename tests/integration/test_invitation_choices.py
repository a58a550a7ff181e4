"""What the invitation form offers, read as the administrator under row-level security.

A staff administrator is offered every role, with "admin" twice (staff
admin without a company, company admin with one); a company administrator
only the three roles of their company. The pending invitations the form
warns about are the unused, unexpired ones the administrator may see.
"""

from __future__ import annotations

import asyncio
import datetime

import psycopg

from app.engine import build_engine, build_unit_of_work
from services.database_urls import with_credentials
from services.invitation_choices import (
    COMPANY_ADMIN,
    STAFF_ADMIN,
    CompanyRule,
    InvitationChoices,
    load_invitation_choices,
)
from tests.integration.test_security_invitations import invite
from tests.security_roles import PASSWORD, World


def choices_of(world: World, who: str) -> InvitationChoices:
    async def load() -> InvitationChoices:
        engine = build_engine(with_credentials(world.logins.owner_url, world.login(who), PASSWORD), pool_size=1)
        try:
            return await load_invitation_choices(build_unit_of_work(engine))
        finally:
            await engine.dispose()

    return asyncio.run(load())


def test_admin_is_offered_as_staff_admin_and_as_company_admin(world: World) -> None:
    staff = choices_of(world, "admin").roles
    company = choices_of(world, "company_admin_a").roles

    assert [role.role for role in staff].count("admin") == 2
    assert STAFF_ADMIN in staff and STAFF_ADMIN.forbids_company and STAFF_ADMIN.staff_admin
    assert COMPANY_ADMIN in staff and COMPANY_ADMIN.needs_company and COMPANY_ADMIN.company_admin
    assert {role.role: role.company for role in staff if role.role != "admin"} == {
        "reviewer": CompanyRule.NONE,
        "senior_reviewer": CompanyRule.NONE,
        "qa": CompanyRule.NONE,
        "user": CompanyRule.REQUIRED,
        "property_manager": CompanyRule.REQUIRED,
        "owner_admin": CompanyRule.OPTIONAL,
        "owner_viewer": CompanyRule.OPTIONAL,
    }
    assert [(role.role, role.company) for role in company] == [
        ("admin", CompanyRule.REQUIRED),
        ("user", CompanyRule.REQUIRED),
        ("property_manager", CompanyRule.REQUIRED),
    ]


def test_pending_invitations_are_the_unused_unexpired_ones_the_admin_may_see(world: World) -> None:
    with world.owner() as owner:
        _, _, expires_at = invite(owner, "Pending@Choices.test", "user", world.company_a)
        invite(owner, "elsewhere@choices.test", "user", world.company_b)
        invite(owner, "expired@choices.test", "user", world.company_a, valid_for="1 minute")
        owner.execute("UPDATE invitations SET expires_at = expires_at - interval '1 hour' WHERE email LIKE 'expired@%'")
        withdrawn, _, _ = invite(owner, "withdrawn@choices.test", "user", world.company_a)
        owner.execute("SELECT rd_revoke_invitation(%s)", (withdrawn,))

    staff = choices_of(world, "admin")
    company_a = choices_of(world, "company_admin_a")

    found = staff.pending_for(" pending@choices.TEST", world.company_a)
    assert found is not None and found.expires_at == expires_at.replace(tzinfo=datetime.UTC)
    assert staff.pending_for("pending@choices.test", None) is None  # another company: not withdrawn
    assert staff.pending_for("elsewhere@choices.test", world.company_b) is not None
    assert staff.pending_for("expired@choices.test", world.company_a) is None
    assert staff.pending_for("withdrawn@choices.test", world.company_a) is None
    assert company_a.pending_for("pending@choices.test", world.company_a) is not None
    assert company_a.pending_for("elsewhere@choices.test", world.company_b) is None  # not theirs to see
    with psycopg.connect(world.logins.owner_url) as owner:
        assert owner.execute("SELECT count(*) FROM invitations WHERE email ILIKE '%@choices.test'").fetchone() == (4,)
