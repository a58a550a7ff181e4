"""``ruling-desk db stop`` (or a dropped database) while the dialogs are open: one readable line, nothing lost.

The dialogs run on the real services and a real server that is stopped
for real, as the ``db stop`` command stops it; what they show must be the
unit of work's one line, never a driver's or SQLAlchemy's text.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

import psycopg
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.embedded_server import EmbeddedServer
from app.invitation_flow import invitation_dialog
from services.database_urls import libpq_url, with_credentials
from services.sign_in import accept_invitation_and_sign_in
from services.unit_of_work import UnitOfWork
from tests.conftest import TestServer
from tests.ui.conftest import wait_until
from tests.units_of_work import unit_of_work
from ui.invitation_accept_dialog import InvitationAcceptDialog
from ui.invitation_create_dialog import InvitationCreateDialog

NEW_PASSWORD = "Brand-new-passphrase-42"


def assert_one_readable_line(shown: str) -> None:
    assert shown.startswith("Cannot reach the database server ("), shown
    assert "\n" not in shown
    for noise in ("psycopg", "sqlalchemy", "Traceback", "[SQL", "failed unexpectedly"):
        assert noise not in shown, shown


def open_invitation_dialog(qtbot: QtBot, uow: UnitOfWork) -> InvitationCreateDialog:
    dialog = invitation_dialog(uow)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot owns it here
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_stopped_server_reads_as_one_line_in_the_invitation_form(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, data_dir: Path
) -> None:
    server = EmbeddedServer(data_dir, durable=False)
    server.start()

    async def scenario() -> None:
        async with unit_of_work(server.owner_url()) as uow:
            async with uow.transaction() as session:  # the workstation had been working with it
                await session.execute(text("SELECT 1"))
            EmbeddedServer(data_dir).stop()  # what `ruling-desk db stop` does, from "another process"
            dialog = open_invitation_dialog(qtbot, uow)
            await wait_until(lambda: dialog.error.isVisible(), what="the failed load")
            assert_one_readable_line(dialog.error.text())
            assert not dialog.busy
            dialog.close()

    qt_loop.run_until_complete(scenario())


def test_a_database_gone_while_inviting_keeps_the_form_and_says_why(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, pg_server: TestServer, migrated_template: str
) -> None:
    name = pg_server.create_database("inviting", template=migrated_template)
    url = pg_server.admin_url(name)

    async def scenario() -> None:
        async with unit_of_work(url) as uow:
            dialog = open_invitation_dialog(qtbot, uow)
            await wait_until(lambda: dialog.role_combo.count() > 0 and not dialog.busy, what="the form")
            qtbot.keyClicks(dialog.email_edit, "nia@database-gone.test")
            dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("Reviewer"))
            with psycopg.connect(pg_server.libpq_url("postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # its sessions end, it is gone
            qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda: dialog.error.isVisible() and not dialog.busy, what="the refusal")

            assert_one_readable_line(dialog.error.text())
            assert f'database "{name}" does not exist' in dialog.error.text()
            assert dialog.email_edit.text() == "nia@database-gone.test"  # nothing typed is lost
            assert dialog.role_combo.currentText() == "Reviewer"
            assert dialog.create_button.isEnabled()
            assert dialog.issued is None
            dialog.close()

    qt_loop.run_until_complete(scenario())


def test_a_stopped_server_reads_as_one_line_when_accepting_an_invitation(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, data_dir: Path
) -> None:
    server = EmbeddedServer(data_dir, durable=False)
    server.start()
    gatekeeper_url = with_credentials(libpq_url(server.owner_url()), "rd_gatekeeper", "its-password")
    server.stop()
    dialog = InvitationAcceptDialog(partial(accept_invitation_and_sign_in, gatekeeper_url), email="nia@gone.test")
    qtbot.addWidget(dialog)
    dialog.show()

    async def scenario() -> None:
        qtbot.keyClicks(dialog.token_edit, "the-code")
        qtbot.keyClicks(dialog.password_edit, NEW_PASSWORD)
        qtbot.keyClicks(dialog.repeat_edit, NEW_PASSWORD)
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: dialog.error.isVisible() and not dialog.busy, what="the refusal")

    qt_loop.run_until_complete(scenario())
    assert_one_readable_line(dialog.error.text())
    assert dialog.signed_in is None
    assert dialog.password_edit.text() == NEW_PASSWORD  # typed twice already: not lost
