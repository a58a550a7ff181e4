"""The CSV import dialog driven as an administrator: pick a file, see the bad rows, fix it, import, hand out the codes.

The dialog runs over the real service as the administrator's own login;
the file choosers are replaced by callables returning paths (the native
dialogs cannot be driven offscreen), and the owner's plain SQL checks what
landed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot

from services.invitation_admin import InvitationAdmin
from services.invitation_csv import TEMPLATE
from services.invitation_import import InvitationImport
from tests.security_roles import World, security_world
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk
from tests.units_of_work import unit_of_work
from ui.change_hub import ChangeHub
from ui.invitation_import_dialog import InvitationImportDialog
from ui.settings_invitations import InvitationsPage

SCREENSHOTS = Path(os.environ.get("RULING_DESK_SCREENSHOTS", "/tmp/invitation-import-shots"))

BAD_FILE = (
    "email;first_name;last_name;role;company;properties\n"
    "ui-one@import.test;Una;One;property_manager;Alder Homes;Alder One\n"
    "ui-two@import.test;Tomas;Two;reviewer;Alder Homes;\n"  # review staff have no company
    "ui-one@import.test;Una;Again;user;Alder Homes;\n"  # the same address twice
    "ui-three@import.test;Thea;Three;user;Alder Homes;Birch One\n"  # another company's property
)
GOOD_FILE = (
    "email;first_name;last_name;role;company;properties\n"
    "ui-one@import.test;Una;One;property_manager;Alder Homes;Alder One\n"
    "ui-two@import.test;Tomas;Two;reviewer;;\n"
    "ui-three@import.test;Thea;Three;user;Alder Homes;Alder Two\n"
)
EMAILS = ["ui-one@import.test", "ui-three@import.test", "ui-two@import.test"]


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        yield built


def stored(world: World) -> list[tuple[str, str, bool]]:
    with world.owner() as owner:
        rows = owner.execute(
            "SELECT email, role, skip_email_sending FROM invitations WHERE email = ANY(%s) ORDER BY email", (EMAILS,)
        ).fetchall()
    return [tuple(row) for row in rows]


def test_a_bad_file_is_previewed_with_its_reasons_then_the_fixed_file_imports_and_the_codes_are_saved(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    csv_file = tmp_path / "new-staff.csv"
    csv_file.write_text(BAD_FILE, encoding="utf-8")
    codes_file = tmp_path / "codes.csv"
    template_file = tmp_path / "template.csv"
    asked: list[str] = []

    def save_as(parent: object, title: str, proposed: str) -> str:
        asked.append(proposed)
        return str(template_file if "template" in proposed else codes_file)

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("admin")) as uow:
            hub = ChangeHub()
            desk = dataclasses.replace(make_desk("admin", tmp_path), hub=hub)
            import_action = QAction("Import invitations from CSV…")
            page = InvitationsPage(InvitationAdmin(uow), desk, None, import_csv=import_action)
            qtbot.addWidget(page)
            page.show()
            button = page.findChild(QToolButton, "invitationsImportButton")
            assert button is not None and button.defaultAction() is import_action
            dialog = InvitationImportDialog(
                InvitationImport(uow),
                publish=hub.publish,
                choose_file=lambda parent: str(csv_file),
                save_file=save_as,
            )
            qtbot.addWidget(dialog)
            dialog.show()
            assert not dialog.import_button.isEnabled()

            dialog.template_button.click()
            assert template_file.read_bytes() == TEMPLATE.encode()

            dialog.choose_button.click()
            await wait_until(lambda: dialog.preview is not None, what="the preview")
            table = dialog.table
            assert table.rowCount() == 4 and [table.item(row, 0).text() for row in range(4)] == ["2", "3", "4", "5"]
            assert table.item(0, 9).text() == ""
            assert table.item(1, 9).text() == "A reviewer belongs to no company: leave the company empty."
            assert table.item(2, 9).text() == "The same address as line 2: invite each person once."
            assert table.item(3, 9).text() == "“Birch One” is not a property of Alder Homes."
            assert dialog.summary.text().startswith("4 rows: 3 to fix")
            assert not dialog.import_button.isEnabled()
            dialog.grab().save(str(SCREENSHOTS / "import-preview-errors.png"))
            assert stored(world) == []  # nothing written by a preview

            csv_file.write_text(GOOD_FILE, encoding="utf-8")  # fixed in the spreadsheet, then Reload
            dialog.reload_button.click()
            await wait_until(lambda: dialog.preview is not None and not dialog.busy, what="the second preview")
            assert dialog.summary.text().startswith("All 3 rows are ready")
            assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 3 invitations"
            assert [table.item(row, 4).text() for row in range(3)] == ["Alder Homes", "", "Alder Homes"]
            dialog.grab().save(str(SCREENSHOTS / "import-preview-ready.png"))

            dialog.import_button.click()
            await wait_until(lambda: dialog.codes, what="the codes")
            assert stored(world) == [
                ("ui-one@import.test", "property_manager", True),
                ("ui-three@import.test", "user", True),
                ("ui-two@import.test", "reviewer", True),
            ]
            assert [table.item(row, 4).text() for row in range(3)] == [code.token for code in dialog.codes]
            await wait_until(
                lambda: {row.email for row in page.rows} >= set(EMAILS), what="the list to show the imported ones"
            )
            imported = [index for index, row in enumerate(page.rows) if row.email in EMAILS]
            assert {page.table.item(index, 6).text() for index in imported} == {"handed out"}
            dialog.grab().save(str(SCREENSHOTS / "import-codes.png"))

            dialog.close_button.click()  # codes neither saved nor copied: asked first
            prompt = dialog.discard_prompt
            assert prompt is not None and dialog.isVisible()
            qtbot.keyClick(prompt, Qt.Key.Key_Escape)  # "Back to the codes"
            assert dialog.discard_prompt is None and dialog.isVisible()
            dialog.save_codes_button.click()
            assert asked == ["invitations-template.csv", "new-staff-codes.csv"]
            saved = codes_file.read_text(encoding="utf-8").splitlines()
            assert saved[0] == "email,name,role,code,expires_utc" and len(saved) == 4
            assert saved[1].startswith(f"ui-one@import.test,Una One,property_manager,{dialog.codes[0].token},")
            dialog.close_button.click()
            assert not dialog.isVisible()

    qt_loop.run_until_complete(scenario())


def test_an_unreadable_file_says_why_and_a_company_admin_is_told_their_scope(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World, tmp_path: Path
) -> None:
    workbook = tmp_path / "people.xlsx"
    workbook.write_bytes(b"PK\x03\x04 a workbook")

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("company_admin_a")) as uow:
            dialog = InvitationImportDialog(InvitationImport(uow), own_company="Alder Homes")
            qtbot.addWidget(dialog)
            dialog.show()
            assert "You import into <b>Alder Homes</b> only" in dialog.scope_note.text()
            assert dialog.scope_note.isVisible()
            dialog.load(workbook)
            await wait_until(lambda: dialog.preview is not None, what="the preview")
            assert dialog.error.text().startswith("This is an Excel workbook")
            assert dialog.table.rowCount() == 0 and not dialog.import_button.isEnabled()
            dialog.load(tmp_path / "gone.csv")
            await wait_until(lambda: not dialog.busy and dialog.error.text().startswith("Cannot read"), what="error")
            assert dialog.preview is None and not dialog.import_button.isEnabled()

    qt_loop.run_until_complete(scenario())
    QApplication.processEvents()
    assert not [box for box in QApplication.topLevelWidgets() if isinstance(box, QMessageBox) and box.isVisible()]
