"""CSV import of invitations against the real database: each row checked before anything is written; all or none.

The importer is the administrator's own login (row-level security and the
privileged functions decide); the owner's plain SQL checks what landed.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable

import pytest

from services.accounts.errors import AccountPermissionError
from services.invitation_import import ImportRefused, InvitationImport
from services.invitation_import_rows import ImportedCode, ImportPreview, codes_csv
from tests.security_roles import World
from tests.units_of_work import unit_of_work


def as_person[T](world: World, who: str, work: Callable[[InvitationImport], Awaitable[T]]) -> T:
    async def run() -> T:
        async with unit_of_work(world.sqlalchemy_url(who)) as uow:
            return await work(InvitationImport(uow))

    return asyncio.run(run())


def preview(world: World, who: str, text: str) -> ImportPreview:
    return as_person(world, who, lambda importer: importer.preview(text.encode()))


def invitations_to(world: World, *emails: str) -> list[tuple[str, ...]]:
    with world.owner() as owner:
        rows = owner.execute(
            "SELECT i.email, i.role, coalesce(c.short_id, ''), coalesce(t.name, ''), i.skip_email_sending::text,"
            " coalesce((SELECT string_agg(property_short_id, '|' ORDER BY property_short_id)"
            " FROM invitations_properties WHERE invitation_id = i.id), ''),"
            " round(extract(epoch FROM i.expires_at - i.inserted_at) / 86400)::text"
            " FROM invitations AS i LEFT JOIN companies AS c ON c.id = i.company_id"
            " LEFT JOIN team AS t ON t.id = i.team_id"
            " WHERE i.email = ANY(%s) ORDER BY i.email",
            (list(emails),),
        ).fetchall()
    return [tuple(row) for row in rows]


def problems(found: ImportPreview) -> dict[int, tuple[str, ...]]:
    return {row.line: row.problems for row in found.rows if row.problems}


def test_every_bad_row_is_named_with_its_line_and_nothing_is_written(world: World) -> None:
    member = world.people["company_user_a"].email
    with world.owner() as owner:
        owner.execute(
            "SELECT rd_create_invitation('pending@import.test', NULL, NULL, 'qa', NULL, NULL, NULL, '{}', true,"
            " '7 days')"
        )
    text = (
        "email,first_name,role,company,team,owner,properties,valid_days\n"
        "fine@import.test,Fine,reviewer,,Fraud Detection,,,\n"  # 2: right
        "not an address,X,reviewer,,,,,\n"  # 3
        "FINE@import.test,Again,qa,,,,,\n"  # 4: the same address as line 2
        f"{member},Member,user,C-A,,,,\n"  # 5: already a user
        "pending@import.test,P,qa,,,,,\n"  # 6: already invited
        "who@import.test,W,wizard,,,,,\n"  # 7: unknown role
        "co@import.test,C,user,Nowhere Ltd,,,,\n"  # 8: unknown company
        "pm@import.test,P,property_manager,Alder Homes,,,Birch One|Nowhere,\n"  # 9: other company's, unknown property
        "staff@import.test,S,admin,,,,,\n"  # 10: admin without a company
        "rev@import.test,R,reviewer,C-A,No Team,Oak REIT,P-A1,45\n"  # 11: several at once
        "own@import.test,O,owner_viewer,,,,,\n"  # 12: owner role without an owner
        "manager@import.test,M,property_manager,,,,,\n"  # 13: needs a company
    )
    with world.owner() as owner:
        before = owner.execute("SELECT count(*) FROM invitations").fetchone()

    found = preview(world, "admin", text)

    assert found.problem is None and not found.ready
    assert [row.line for row in found.rows] == list(range(2, 14))
    assert found.rows[0].ok and found.rows[0].team == "Fraud Detection" and found.rows[0].valid_days == "7"
    assert problems(found) == {
        3: (
            '"not an address" is not an email address Ruling Desk accepts: plain ASCII only (an international'
            " domain in its xn-- form), nothing invisible.",
        ),
        4: ("The same address as line 2: invite each person once.",),
        5: (f"{member} already has an account.",),
        6: (found.rows[4].problems[0],),
        7: (
            "Unknown role “wizard”; the roles are reviewer, senior_reviewer, qa, staff_admin, company_admin, user,"
            " property_manager, owner_admin, owner_viewer.",
        ),
        8: ("Unknown company “Nowhere Ltd”.",),
        9: ("“Birch One” is not a property of Alder Homes.", "Unknown property “Nowhere”."),
        10: (
            "“admin” without a company would make a Ruling Desk staff administrator: write staff_admin if that is"
            " meant, or fill in the company.",
        ),
        11: (
            "A reviewer belongs to no company: leave the company empty.",
            "Unknown team “No Team”.",
            "Only owner_admin and owner_viewer invitations name an owner.",
            "Review staff and staff admins see every property: leave properties empty.",
            "valid_days is a whole number of days from 1 to 30, not “45”.",
        ),
        12: ("An owner_viewer invitation needs an owner.",),
        13: ("A property_manager needs a company.",),
    }
    assert found.rows[4].problems[0].startswith("pending@import.test already has a pending invitation (valid until ")
    with world.owner() as owner:
        assert owner.execute("SELECT count(*) FROM invitations").fetchone() == before
    with pytest.raises(ImportRefused, match="Fix every row"):
        as_person(world, "admin", lambda importer: importer.run(found))


def test_a_clean_file_creates_every_invitation_without_e_mail_and_returns_each_code(world: World) -> None:
    text = (
        "email;first_name;last_name;role;company;team;owner;properties;valid_days\n"
        "ok-rev@import.test;Rae;View;reviewer;;Fraud Detection;;;\n"
        "ok-pm@import.test;Pam;Manager;property_manager;alder homes;;;P-A1 | alder two;14\n"
        "ok-ca@import.test;;;admin;C-B;;;;30\n"
        "ok-ov@import.test;Ova;;owner_viewer;;;Oak REIT;;\n"
    )
    emails = ("ok-rev@import.test", "ok-pm@import.test", "ok-ca@import.test", "ok-ov@import.test")
    with world.owner() as owner:
        jobs_before = owner.execute("SELECT count(*) FROM oban_jobs").fetchone()

    async def preview_and_run(importer: InvitationImport) -> tuple[ImportPreview, tuple[ImportedCode, ...]]:
        found = await importer.preview(text.encode())
        return found, await importer.run(found, source="staff.csv")

    found, codes = as_person(world, "admin", preview_and_run)

    assert found.ready and [row.role for row in found.rows] == [
        "reviewer",
        "property_manager",
        "company_admin",
        "owner_viewer",
    ]
    assert found.rows[1].company == "Alder Homes" and found.rows[1].properties == ("Alder One", "Alder Two")
    assert invitations_to(world, *emails) == sorted(
        [
            ("ok-rev@import.test", "reviewer", "", "Fraud Detection", "true", "", "7"),
            ("ok-pm@import.test", "property_manager", "C-A", "", "true", "P-A1|P-A2", "14"),
            ("ok-ca@import.test", "admin", "C-B", "", "true", "", "30"),
            ("ok-ov@import.test", "owner_viewer", "", "", "true", "", "7"),
        ]
    )
    assert [(code.line, code.email) for code in codes] == [
        (2, emails[0]),
        (3, emails[1]),
        (4, emails[2]),
        (5, emails[3]),
    ]
    with world.owner() as owner:
        for code in codes:
            stored = owner.execute("SELECT token_hash FROM invitations WHERE id = %s", (code.invitation_id,)).fetchone()
            assert stored == (hashlib.sha256(code.token.encode()).hexdigest(),)
        assert owner.execute("SELECT count(*) FROM oban_jobs").fetchone() == jobs_before  # no e-mail jobs
        reasons = owner.execute(
            "SELECT DISTINCT reason FROM audit_log WHERE table_name = 'invitations' AND new_values->>'email' = ANY(%s)",
            (list(emails),),
        ).fetchall()
    assert reasons == [("CSV import staff.csv",)]
    saved = codes_csv(codes).splitlines()
    assert saved[0] == "email,name,role,code,expires_utc"
    assert saved[2].startswith(f"ok-pm@import.test,Pam Manager,property_manager,{codes[1].token},")


def test_a_row_the_database_refuses_at_write_time_leaves_no_invitation_of_the_file(world: World) -> None:
    """The preview passed; then an account appears for line 3's address: the import names it and writes none."""
    text = "email,role\nfirst@late.test,qa\nlate@late.test,qa\nthird@late.test,qa\n"

    async def race(importer: InvitationImport) -> None:
        found = await importer.preview(text.encode())
        assert found.ready
        with world.owner() as owner:  # meanwhile, someone gives line 3's address an account
            owner.execute(
                "INSERT INTO users (email, first_name, last_name, role) VALUES ('late@late.test', 'L', 'C', 'qa')"
            )
        await importer.run(found)

    with pytest.raises(ImportRefused) as refused:
        as_person(world, "admin", race)
    assert refused.value.message == (
        "Line 3 (late@late.test): An account for late@late.test already exists. Nothing was imported."
    )
    assert invitations_to(world, "first@late.test", "late@late.test", "third@late.test") == []


def test_a_company_admin_imports_into_their_own_company_only(world: World) -> None:
    other = world.people["company_admin_b"].email  # an account the company admin cannot see
    text = (
        "email,role,company,properties\n"
        "ca-user@import.test,user,,Alder One\n"  # the company column may stay empty
        "ca-admin@import.test,admin,Alder Homes,\n"
        "ca-else@import.test,user,Birch Living,\n"
        "ca-rev@import.test,reviewer,,\n"
    )
    found = preview(world, "company_admin_a", text)
    assert found.own_company == "Alder Homes"
    assert [(row.role, row.company) for row in found.rows[:2]] == [
        ("user", "Alder Homes"),
        ("company_admin", "Alder Homes"),
    ]
    assert problems(found) == {
        4: ("Company administrators import only into their own company, Alder Homes.",),
        5: ("Company administrators can only give the roles company_admin, user, property_manager, not reviewer.",),
    }

    clean = f"email,role\nca-one@import.test,user\n{other},user\n"
    found = preview(world, "company_admin_a", clean)
    assert found.ready  # the other company's account is invisible here ...
    with pytest.raises(ImportRefused) as refused:  # ... and the database refuses it: nothing is written
        as_person(world, "company_admin_a", lambda importer: importer.run(found))
    assert refused.value.message.startswith(f"Line 3 ({other}): ")
    assert invitations_to(world, "ca-one@import.test", other) == []


def test_a_reviewer_can_neither_preview_nor_import(world: World) -> None:
    text = "email,role\nr@import.test,qa\n"
    with pytest.raises(AccountPermissionError, match="Only administrators can invite people"):
        preview(world, "reviewer1", text)
    found = preview(world, "admin", text)
    with pytest.raises(
        ImportRefused,
        match=r"^Line 2 \(r@import.test\): permission denied for function rd_create_invitation\. Nothing was",
    ):
        as_person(world, "reviewer1", lambda importer: importer.run(found))
    assert invitations_to(world, "r@import.test") == []
