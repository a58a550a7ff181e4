"""The real startup path: embedded server, first-run seed, sign-in dialog, one click, the person's queue.

This drives :func:`app.gui.open_workstation` exactly as ``ruling-desk``
does, on a fresh data directory, and checks that the queue is then read
as the person who clicked (their own PostgreSQL role, under row-level
security), not as the owner who started the server.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

import psycopg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.gui import Workstation, close_workstation, open_workstation
from app.settings import Settings
from app.sign_in_flow import run_sign_in
from demo.seed.accounts import ADMIN_EMAIL, DEMO_ACCOUNTS, REVIEWER_1_EMAIL
from services.change_listener import APPLICATION_NAME
from tests.ui.conftest import wait_until
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignInDialog


def _sign_in_dialog() -> SignInDialog | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()), None)


def _start_and_click(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, settings: Settings, tmp_path: Path, email: str
) -> tuple[MainWindow, Workstation]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> Workstation | None:
        starting = asyncio.ensure_future(
            open_workstation(settings, window, sign_in=partial(run_sign_in, profiles_path=tmp_path / "profiles.json"))
        )
        await wait_until(lambda: _sign_in_dialog() is not None, timeout=120, what="the sign-in dialog")
        dialog = _sign_in_dialog()
        assert dialog is not None
        # admin, QA lead, both reviewers and the property manager, each one click away
        assert sorted(b.objectName() for b in dialog.demo_buttons) == sorted(f"demo:{a.email}" for a in DEMO_ACCOUNTS)
        button = dialog.findChild(type(dialog.demo_buttons[0]), f"demo:{email}")
        assert button is not None, [b.objectName() for b in dialog.demo_buttons]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        workstation = await starting
        model = window.queue_view.model
        assert model is not None
        await wait_until(lambda: model.rowCount() > 0 and not model.loading, timeout=30, what="the first page")
        return workstation

    workstation = qt_loop.run_until_complete(scenario())
    assert workstation is not None
    return window, workstation


def test_one_click_on_a_demo_reviewer_opens_their_queue_as_their_own_role(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, data_dir: Path, tmp_path: Path
) -> None:
    settings = Settings(data_dir=data_dir, database_url=None)
    reviewer = REVIEWER_1_EMAIL
    window, workstation = _start_and_click(qtbot, qt_loop, settings, tmp_path, reviewer)
    try:
        assert window.connection_label.text().startswith("Embedded demo database (")
        assert " — signed in as " in window.connection_label.text()
        assert window.windowTitle() == "Ruling Desk — Riley Reviewer (Reviewer)"
        assert window.actions is not None and "people.invite" not in window.actions  # reviewers do not invite
        with psycopg.connect(workstation.connection.url) as owner:
            sessions = owner.execute(
                "SELECT DISTINCT usename FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
            listeners = owner.execute(
                "SELECT usename FROM pg_stat_activity WHERE application_name = %s", (APPLICATION_NAME,)
            ).fetchall()
            open_entries = owner.execute(  # a reviewer starts on My work: their open assigned entries
                "SELECT count(*) FROM entries AS e JOIN users AS u ON u.id = e.review_assigned_to_id"
                " WHERE lower(u.email) = lower(%s) AND e.review_status IN ('ASSIGNED', 'IN_REVIEW')"
                " AND e.submission_time IS NOT NULL",
                (reviewer,),
            ).fetchone()
            login = owner.execute(
                "SELECT rd_login_role_of(id) FROM users WHERE email = %s", (reviewer,)
            ).fetchone()  # the reviewer's login role: an opaque name, not their address
        assert login is not None
        assert (login[0],) in sessions
        assert ("postgres",) not in sessions  # the window's pool is the reviewer's, not the owner's
        assert listeners == [(login[0],)]  # one change listener, as the reviewer too
        assert workstation.listener is not None and workstation.listener.listening
        assert window.queues_panel.tabs.tabText(window.queues_panel.tabs.currentIndex()).startswith("My work")
        assert open_entries is not None and window.queue_view.model.rowCount() == open_entries[0]  # type: ignore[union-attr]
    finally:
        window.close()
        qt_loop.run_until_complete(close_workstation(workstation))
    assert workstation.listener is not None and not workstation.listener.listening
    assert workstation.connection.embedded is not None and not workstation.connection.embedded.status().running


def test_an_admin_gets_the_invite_action(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, data_dir: Path, tmp_path: Path
) -> None:
    settings = Settings(data_dir=data_dir, database_url=None)
    window, workstation = _start_and_click(qtbot, qt_loop, settings, tmp_path, ADMIN_EMAIL)
    try:
        invite = window.actions.get("people.invite") if window.actions is not None else None
        assert invite is not None and invite.isEnabled()
        assert invite.shortcut().toString() == "Ctrl+I"
        assert window.windowTitle() == "Ruling Desk — Avery Admin (Admin)"
    finally:
        window.close()
        qt_loop.run_until_complete(close_workstation(workstation))
