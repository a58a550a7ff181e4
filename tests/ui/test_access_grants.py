"""The access picker driven from the People page, checked on screen and in the database as the grantee.

The page and its picker run over the real services signed in as the
administrator's own login, so row-level security and revision 0014's
functions decide what happens. A second connection, as the property
manager whose access changes, checks what they see; a change listener as
that manager checks that other workstations hear of it. The company has
5,000 extra properties (seeded set-based), so "the picker scales" is
checked by what it holds: one page, not the company.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from services.access_grants import AccessGrants
from services.change_listener import ChangeListener
from services.changes import ChangeKind, Changes
from services.people_admin import PeopleAdmin
from tests.security_roles import World, security_world
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk, make_person
from tests.units_of_work import unit_of_work
from ui.access_grants_dialog import AccessGrantsDialog, PagedChoices
from ui.change_hub import ChangeHub
from ui.settings_people import PeoplePage

EXTRA_PROPERTIES = 5000
PAGE = 50
SCREENSHOTS = Path("/tmp/access-shots")


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        with built.owner() as owner:
            owner.execute(
                "INSERT INTO properties (name, address, city, company_id, short_id)"
                " SELECT 'Elm Court ' || lpad(n::text, 4, '0'), n || ' Elm Street', 'Springfield', %s, 'P-E' || n"
                " FROM generate_series(1, %s) AS n",
                (built.company_a, EXTRA_PROPERTIES),
            )
        yield built


def _yes(parent: QWidget, question: str) -> bool:
    return True


def _page(qtbot: QtBot, tmp_path: Path, who: str, people: PeopleAdmin, grants: AccessGrants) -> PeoplePage:
    desk = dataclasses.replace(
        make_desk(who, tmp_path, person=make_person(who)), hub=ChangeHub(), people_admin=people, access_grants=grants
    )
    page = PeoplePage(people, desk, None, confirm=_yes)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


async def _settled(widget: PeoplePage | AccessGrantsDialog) -> None:
    await asyncio.sleep(0.3)  # past the search pause
    await wait_until(lambda: not widget.busy, what="the page to settle")


async def _opened_for(page: PeoplePage, user_id: uuid.UUID) -> AccessGrantsDialog:
    await _settled(page)
    assert page.select(user_id)
    assert page.access is not None and page.access.isEnabled()
    page.access.click()
    dialog = page.access_dialog
    assert dialog is not None and dialog.isVisible()
    await _settled(dialog)
    return dialog


def _choose_all(choices: PagedChoices, names: set[str]) -> None:
    selection = choices.table.selectionModel()
    selection.clearSelection()
    for row, choice in enumerate(choices.rows):
        if choice.name in names:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            selection.select(choices.table.model().index(row, 0), flags)
    assert {choice.name for choice in choices.table.chosen()} == names


def _entries_seen(world: World, who: str) -> set[str]:
    with world.connect(who) as conn:
        return {str(short_id) for (short_id,) in conn.execute("SELECT short_id FROM entries").fetchall()}


def test_a_staff_admin_searches_grants_and_revokes_and_the_manager_sees_it(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    manager = world.people["manager_a"].user_id
    heard: list[Changes] = []

    async def scenario() -> None:
        listener = ChangeListener(world.logins.url(world.login("manager_a")), heard.append, burst=0.1)
        assert await listener.start()
        try:
            async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
                page = _page(qtbot, tmp_path, "admin", PeopleAdmin(uow), AccessGrants(uow))
                await _settled(page)
                assert page.access is not None
                for who, offered in (("reviewer1", False), ("company_admin_a", False), ("owner_viewer", True)):
                    page.select(world.people[who].user_id)
                    assert page.access.isEnabled() is offered, who

                dialog = await _opened_for(page, manager)
                assert [choice.name for choice in dialog.granted.rows] == ["Alder Two"]
                # 5,002 properties in the company: the picker holds one page and offers the next.
                assert len(dialog.results.rows) == PAGE and dialog.results.more.isVisible()
                assert {choice.company for choice in dialog.results.rows} == {"Alder Homes"}
                dialog.results.more.click()
                await _settled(dialog)
                assert len(dialog.results.rows) == 2 * PAGE == len({choice.id for choice in dialog.results.rows})

                dialog.search.setText("Birch")  # another company's: never offered
                await _settled(dialog)
                assert dialog.results.rows == [] and not dialog.results.more.isVisible()
                dialog.search.setText("p-a")  # the short ids of Alder One and Two
                await _settled(dialog)
                assert [(c.name, c.granted) for c in dialog.results.rows] == [("Alder One", False), ("Alder Two", True)]
                assert not dialog.grant.isEnabled()
                _choose_all(dialog.results, {"Alder One", "Alder Two"})
                assert dialog.grant.isEnabled()  # Alder Two is skipped: it is granted already
                dialog.grant.click()
                await _settled(dialog)
                await wait_until(lambda: len(dialog.granted.rows) == 2, what="the grant list to show the grant")
                assert "done for Alder One" in dialog.message.text()
                assert [(c.name, c.granted) for c in dialog.results.rows] == [("Alder One", True), ("Alder Two", True)]
                assert _entries_seen(world, "manager_a") == {"E-A1", "E-A2"}
                await wait_until(lambda: any(c.touches(ChangeKind.ACCESS) for c in heard), what="the announcement")
                SCREENSHOTS.mkdir(exist_ok=True)
                dialog.grab().save(str(SCREENSHOTS / "access-picker.png"))

                _choose_all(dialog.granted, {"Alder One"})
                dialog.revoke.click()
                await _settled(dialog)
                await wait_until(lambda: len(dialog.granted.rows) == 1, what="the revoke")
                assert [choice.name for choice in dialog.granted.rows] == ["Alder Two"]
                assert _entries_seen(world, "manager_a") == {"E-A2"}
                dialog.close()
        finally:
            await listener.stop()

    qt_loop.run_until_complete(scenario())
    QApplication.processEvents()


def test_a_company_admin_is_offered_their_company_only_and_reads_a_refusal(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    with world.owner() as owner:
        mover = world.logins.person(owner, "mover", "property_manager", company_id=world.company_a)

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("company_admin_a")) as uow:
            page = _page(qtbot, tmp_path, "company_admin", PeopleAdmin(uow), AccessGrants(uow))
            await _settled(page)
            assert world.people["owner_viewer"].user_id not in {row.id for row in page.rows}
            dialog = await _opened_for(page, mover.user_id)
            assert dialog.granted.rows == [] and len(dialog.results.rows) == PAGE
            dialog.search.setText("Birch")
            await _settled(dialog)
            assert dialog.results.rows == []
            dialog.search.setText("Alder One")
            await _settled(dialog)
            assert [choice.name for choice in dialog.results.rows] == ["Alder One"]

            # Meanwhile staff move the person to another company: the database refuses, the dialog says why.
            with world.owner() as owner:
                owner.execute("UPDATE users SET company_id = %s WHERE id = %s", (world.company_b, mover.user_id))
            _choose_all(dialog.results, {"Alder One"})
            dialog.grant.click()
            await _settled(dialog)
            assert dialog.message.text() == "Company administrators can only manage accounts of their own company."
            dialog.close()

    qt_loop.run_until_complete(scenario())
    QApplication.processEvents()
    with world.owner() as owner:
        assert owner.execute(
            "SELECT count(*) FROM users_properties WHERE user_id = %s", (mover.user_id,)
        ).fetchone() == (0,)


def test_a_staff_admin_revokes_and_grants_an_owner_and_the_owner_viewer_sees_it(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    viewer = world.people["owner_viewer"].user_id

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
            page = _page(qtbot, tmp_path, "admin", PeopleAdmin(uow), AccessGrants(uow))
            dialog = await _opened_for(page, viewer)
            assert dialog.search.placeholderText() == "Search owners by name or address"
            assert [choice.name for choice in dialog.granted.rows] == ["Oak REIT"]
            _choose_all(dialog.granted, {"Oak REIT"})
            dialog.revoke.click()
            await _settled(dialog)
            await wait_until(lambda: dialog.granted.rows == [], what="the owner to go")
            assert _entries_seen(world, "owner_viewer") == set()

            dialog.search.setText("oak")
            await _settled(dialog)
            assert [(c.name, c.granted) for c in dialog.results.rows] == [("Oak REIT", False)]
            _choose_all(dialog.results, {"Oak REIT"})
            dialog.grant.click()
            await _settled(dialog)
            await wait_until(lambda: len(dialog.granted.rows) == 1, what="the owner back")
            assert _entries_seen(world, "owner_viewer") == {"E-A2", "E-B1"}
            dialog.close()

    qt_loop.run_until_complete(scenario())
    QApplication.processEvents()
