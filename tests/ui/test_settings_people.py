"""The People section driven as a staff admin and as a company admin, checked on screen and in the database.

The page runs over the real service (:class:`services.people_admin.PeopleAdmin`)
signed in as the administrator's own login, so row-level security and the
privileged functions decide what happens; the owner's plain SQL checks
what landed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from services.invitation_admin import InvitationAdmin
from services.people_admin import PeopleAdmin
from services.teams import TeamsAdmin
from tests.security_roles import Person, World, refused, security_world
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk, make_person
from tests.units_of_work import unit_of_work
from ui.change_hub import ChangeHub
from ui.settings_invitations import InvitationsPage
from ui.settings_people import PeoplePage
from ui.settings_teams import TeamsPage


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        yield built


SCREENSHOTS = Path("/tmp/people-shots")


def _yes(parent: QWidget, question: str) -> bool:
    return True


def _page(qtbot: QtBot, tmp_path: Path, who: str, admin: PeopleAdmin, hub: ChangeHub, page_size: int) -> PeoplePage:
    desk = dataclasses.replace(
        make_desk(who, tmp_path, person=make_person(who)), hub=hub, people_admin=admin, invite=lambda: None
    )
    page = PeoplePage(admin, desk, None, confirm=_yes, page_size=page_size)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def _state(world: World, person: Person) -> tuple[str, object, bool]:
    with world.owner() as owner:
        row = owner.execute("SELECT role, team_id, is_archived FROM users WHERE id = %s", (person.user_id,)).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def _choose(combo: QComboBox | None, text: str) -> None:
    assert combo is not None
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


async def _settled(page: PeoplePage) -> None:
    await asyncio.sleep(0.3)  # past the search pause
    await wait_until(lambda: not page.busy, what="the page to settle")


def test_a_staff_admin_pages_filters_disables_re_enables_and_moves_people(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    with world.owner() as owner:
        person = world.logins.person(owner, "ui-managed", "reviewer", team_id=world.team_id)
        active = owner.execute("SELECT count(*) FROM users WHERE is_archived IS NOT TRUE").fetchone()

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
            hub = ChangeHub()
            page = _page(qtbot, tmp_path, "admin", PeopleAdmin(uow), hub, page_size=4)
            await _settled(page)
            assert len(page.rows) == 4 and page.more.isVisible()
            while page.more.isVisible():  # keyset pages, one click each
                page.more.click()
                await _settled(page)
            assert active is not None and len(page.rows) == active[0] == len({row.id for row in page.rows})
            _choose(page.state_filter, "Active and disabled")
            await _settled(page)
            assert len(page.rows) == 4  # a filter change starts again at page one
            page.search.setText("ui-managed")
            await _settled(page)
            assert [row.email for row in page.rows] == [person.email]
            assert page.table.item(0, 5).text() == "Active"

            page.select(person.user_id)
            page.disable.click()
            await _settled(page)
            await wait_until(lambda: page.rows and page.rows[0].disabled, what="the list to show the disabling")
            assert _state(world, person)[2] is True
            assert page.table.item(0, 5).text() == "Disabled"
            assert not page.disable.isEnabled() and page.enable.isEnabled()

            page.enable.click()
            await _settled(page)
            await wait_until(lambda: page.rows and not page.rows[0].disabled, what="the re-enabling")
            assert _state(world, person)[2] is False

            _choose(page.role, "Senior reviewer")
            page.change_role.click()
            await _settled(page)
            _choose(page.team, "No team")
            assert page.move_team is not None
            page.move_team.click()
            await _settled(page)
            await wait_until(lambda: page.rows and page.rows[0].team_name is None, what="the team move")
            assert _state(world, person) == ("senior_reviewer", None, False)
            assert "done" in page.message.text()

            assert page.reset_password is not None
            page.reset_password.click()
            await wait_until(lambda: page.last_one_time_password is not None, what="the one-time password")
            box = page.findChild(QMessageBox, "oneTimePassword")
            assert box is not None and page.last_one_time_password in box.text()
            box.close()
            with world.logins.connect(person.login, page.last_one_time_password or "") as conn:
                assert conn.execute("SELECT rd_account_state.rd_my_account_state()").fetchone() == ("password_reset",)
            page.grab().save(str(SCREENSHOTS / "people.png"))

    qt_loop.run_until_complete(scenario())


def test_a_company_admin_sees_their_company_only_and_no_staff_controls(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    with world.owner() as owner:
        person = world.logins.person(owner, "ui-tenant", "user", company_id=world.company_a)
        own = {email for (email,) in owner.execute("SELECT email FROM users WHERE company_id = %s", (world.company_a,))}

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("company_admin_a")) as uow:
            page = _page(qtbot, tmp_path, "company_admin", PeopleAdmin(uow), ChangeHub(), page_size=100)
            await _settled(page)
            assert {row.email for row in page.rows} == own
            assert page.team_filter is None and page.company_filter is None
            assert page.move_team is None and page.reset_password is None
            assert [page.role.itemText(i) for i in range(page.role.count())] == []
            page.select(person.user_id)
            assert [page.role.itemData(i) for i in range(page.role.count())] == ["admin", "user", "property_manager"]
            _choose(page.role, "Property manager")
            page.change_role.click()
            await _settled(page)
            await wait_until(lambda: _state(world, person)[0] == "property_manager", what="the role change")
            page.disable.click()
            await _settled(page)
            assert _state(world, person)[2] is True

    qt_loop.run_until_complete(scenario())
    QApplication.processEvents()


def test_a_reviewer_cannot_move_people_between_teams_in_the_database(world: World) -> None:
    with world.connect("reviewer1") as reviewer, refused("42501", "permission denied for table users"):
        reviewer.execute("UPDATE users SET team_id = NULL WHERE id = %s", (world.people["reviewer2"].user_id,))


def test_a_staff_admin_creates_changes_and_archives_a_team(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
            hub = ChangeHub()
            desk = dataclasses.replace(make_desk("admin", tmp_path), hub=hub)
            page = TeamsPage(TeamsAdmin(uow), desk)
            qtbot.addWidget(page)
            page.resize(1000, 600)
            page.show()
            await _settled(page)
            assert [team.name for team in page.teams] == ["Fraud Detection"]
            assert page.teams[0].members >= 5

            page.new.click()
            page.name.setText("  Night shift ")
            page.timezone.setCurrentText("Mars/Olympus")
            page.save.click()
            await _settled(page)
            assert "not an IANA time zone" in page.message.text()  # refused before anything is written

            page.timezone.setCurrentText("Asia/Manila")
            _choose(page.country, "Philippines")
            _choose(page.manager, "qa Test")
            page.save.click()
            await _settled(page)
            await wait_until(lambda: len(page.teams) == 2, what="the new team in the list")
            with world.owner() as owner:
                row = owner.execute(
                    "SELECT t.timezone, c.iso_code, t.fde_manager_id FROM team t JOIN country c ON c.id = t.country_id"
                    " WHERE t.name = 'Night shift'"
                ).fetchone()
            assert row == ("Asia/Manila", "PH", world.people["qa"].user_id)

            night = next(team for team in page.teams if team.name == "Night shift")
            page.select(night.id)
            page.name.setText("Late shift")
            page.save.click()
            await _settled(page)
            await wait_until(lambda: "Late shift" in [team.name for team in page.teams], what="the rename")
            with world.owner() as owner:  # the rest of the team stayed as it was
                kept = owner.execute("SELECT timezone, fde_manager_id FROM team WHERE id = %s", (night.id,)).fetchone()
            assert kept == ("Asia/Manila", world.people["qa"].user_id)
            assert page.manager.currentText() == "qa Test"

            page.select(next(team.id for team in page.teams if team.name == "Fraud Detection"))
            page.archive.click()
            await _settled(page)
            assert "move them to another team first" in page.message.text()
            page.select(night.id)
            page.grab().save(str(SCREENSHOTS / "teams.png"))
            page.archive.click()
            await _settled(page)
            await wait_until(lambda: len(page.teams) == 1, what="the archived team to go")
            with world.owner() as owner:
                assert owner.execute("SELECT count(*) FROM team WHERE id = %s", (night.id,)).fetchone() == (0,)

    qt_loop.run_until_complete(scenario())


def test_company_admins_and_reviewers_cannot_create_teams_in_the_database(world: World) -> None:
    for who in ("company_admin_a", "reviewer1"):
        with world.connect(who) as conn, refused("42501", "permission denied for table team"):
            conn.execute("INSERT INTO team (name, timezone, country_id) VALUES ('x', 'UTC', 1)")


def _invite(world: World, who: str, name: str, company: uuid.UUID | None) -> tuple[str, str]:
    """A pending invitation created by ``who`` through the database function; its address and code."""
    email = world.logins.email(name)
    with world.connect(who) as conn:
        row = conn.execute(
            "SELECT token FROM rd_create_invitation(%s, 'In', 'Vitee', %s, %s, NULL, NULL, '{}', true, '7 days')",
            (email, "user" if company else "reviewer", company),
        ).fetchone()
    assert row is not None
    return email, row[0]


def test_invitations_list_revoke_and_reissue_as_staff_and_company_admin(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    staff_email, _ = _invite(world, "admin", "inv-staff", company=None)
    tenant_email, old_code = _invite(world, "company_admin_a", "inv-tenant", company=world.company_a)
    other_email, _ = _invite(world, "company_admin_b", "inv-other", company=world.company_b)
    with world.owner() as owner:  # given 12 days: re-issued for 12 days
        owner.execute(
            "UPDATE invitations SET expires_at = inserted_at + interval '12 days' WHERE email = %s", (tenant_email,)
        )

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
            desk = dataclasses.replace(make_desk("admin", tmp_path), hub=ChangeHub())
            page = InvitationsPage(InvitationAdmin(uow), desk, None, page_size=1)
            qtbot.addWidget(page)
            page.resize(1000, 500)
            page.show()
            await _settled(page)
            while page.more.isVisible():
                page.more.click()
                await _settled(page)
            emails = [row.email for row in page.rows]
            assert emails[:3] == [other_email, tenant_email, staff_email]  # newest first, every page once
            assert len(emails) == len(set(emails))
            assert page.table.item(2, 3).text() == "admin Test" and page.table.item(2, 4).text() == "0 min"
            page.search.setText("inv-staff")
            await _settled(page)
            assert [row.email for row in page.rows] == [staff_email]
            assert page.table.item(0, 6).text() == "handed out"  # created with skip_email_sending
            page.select(page.rows[0].id)
            page.revoke.click()
            await _settled(page)
            await wait_until(lambda: page.rows == [], what="the revoked invitation to leave the list")
            with world.owner() as owner:
                revoked = owner.execute(
                    "SELECT revoked_at IS NOT NULL FROM invitations WHERE email = %s", (staff_email,)
                )
                assert revoked.fetchone() == (True,)

        async with unit_of_work(world.sqlalchemy_url("company_admin_a")) as uow:
            desk = dataclasses.replace(make_desk("company_admin", tmp_path), hub=ChangeHub())
            page = InvitationsPage(InvitationAdmin(uow), desk, None)
            qtbot.addWidget(page)
            page.resize(1000, 500)
            page.show()
            await _settled(page)
            emails = [row.email for row in page.rows]
            assert tenant_email in emails and other_email not in emails and staff_email not in emails
            page.select(page.rows[emails.index(tenant_email)].id)
            page.reissue.click()
            await wait_until(lambda: page.last_code is not None, what="the new code")
            await _settled(page)
            code = page.last_code
            assert code is not None and code.token != old_code
            box = page.findChild(QMessageBox, "reissuedCode")
            assert box is not None and code.token in box.text()
            page.grab().save(str(SCREENSHOTS / "invitations.png"))
            box.close()
            with world.owner() as owner:
                states = owner.execute(
                    "SELECT token_hash = encode(sha256(convert_to(%s, 'UTF8')), 'hex'), revoked_at IS NULL"
                    " FROM invitations WHERE email = %s ORDER BY inserted_at",
                    (code.token, tenant_email),
                ).fetchall()
            assert states == [(False, False), (True, True)]  # the old one withdrawn, the new one pending
            with world.owner() as owner:
                validity = owner.execute(
                    "SELECT expires_at - inserted_at FROM invitations WHERE id = %s", (code.invitation_id,)
                ).fetchone()
            assert validity == (datetime.timedelta(days=12),)  # as long as the original, not the default 7

    qt_loop.run_until_complete(scenario())
