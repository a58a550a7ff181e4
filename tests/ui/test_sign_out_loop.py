"""File → Sign out in the running app: the sessions end, the sign-in shows again, the next person gets a new window."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

import psycopg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.embedded_server import EmbeddedServer
from app.gui import run_windows
from app.settings import Settings
from app.sign_in_flow import run_sign_in
from demo.seed.accounts import ADMIN_EMAIL, REVIEWER_1_EMAIL
from tests.ui.conftest import wait_until
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignInDialog


def visible[T](kind: type[T]) -> list[T]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


async def click_demo_account(qtbot: QtBot, email: str) -> None:
    await wait_until(lambda: visible(SignInDialog), timeout=120, what="the sign-in dialog")
    dialog = visible(SignInDialog)[0]
    button = dialog.findChild(QPushButton, f"demo:{email}")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


async def person_window(title_part: str) -> MainWindow:
    def found() -> MainWindow | None:
        return next((w for w in visible(MainWindow) if w.desk is not None and title_part in w.windowTitle()), None)

    await wait_until(found, timeout=60, what=f"the window of {title_part}")
    window = found()
    assert window is not None
    model = window.queue_view.model
    assert model is not None
    await wait_until(lambda: model.rowCount() > 0 and not model.loading, timeout=30, what="the first page")
    return window


def sessions_of(owner_url: str) -> set[str]:
    """Whose sessions are open on the database, by address (login roles have opaque names)."""
    with psycopg.connect(owner_url) as owner:
        rows = owner.execute(
            "SELECT DISTINCT u.email FROM pg_stat_activity AS a"
            " JOIN users AS u ON rd_login_role_of(u.id) = a.usename"
            " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
        ).fetchall()
    return {name for (name,) in rows}


def test_sign_out_then_someone_else_signs_in_on_the_same_running_server(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, data_dir: Path, tmp_path: Path
) -> None:
    settings = Settings(data_dir=data_dir, database_url=None)
    server = EmbeddedServer(data_dir)

    async def scenario() -> None:
        running = asyncio.ensure_future(
            run_windows(settings, sign_in=partial(run_sign_in, profiles_path=tmp_path / "profiles.json"))
        )
        try:
            await work_then_close(running)
        finally:  # a failed step must not leave the app running into the next test
            if not running.done():
                QApplication.closeAllWindows()
                await asyncio.wait_for(running, timeout=60)

    async def work_then_close(running: asyncio.Future[object]) -> None:
        # A first run initialises and seeds the embedded server: minutes on a busy machine.
        await wait_until(lambda: visible(SignInDialog) or running.done(), timeout=600, what="the sign-in dialog")
        assert not running.done(), running.result()
        await click_demo_account(qtbot, REVIEWER_1_EMAIL)
        reviewer_window = await person_window("Riley Reviewer")
        assert REVIEWER_1_EMAIL in sessions_of(server.owner_url())

        # Window shortcuts answer only in the active window, and the dialog that was over it has gone.
        # (Waited for here, not with qtbot.waitActive: that spins a nested Qt loop inside this task.)
        reviewer_window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is reviewer_window, what="the window to be active")
        qtbot.keyClick(
            reviewer_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        await click_demo_account(qtbot, ADMIN_EMAIL)
        assert not reviewer_window.isVisible()
        # The engine was disposed on sign-out; a backend leaves pg_stat_activity a moment after its client.
        await wait_until(lambda: REVIEWER_1_EMAIL not in sessions_of(server.owner_url()), what="the sessions to end")
        assert server.status().running  # the database stayed up for the next person

        admin_window = await person_window("Avery Admin")
        assert admin_window is not reviewer_window
        assert admin_window.windowTitle() == "Ruling Desk — Avery Admin (Admin)"
        assert admin_window.actions is not None and "people.invite" in admin_window.actions

        admin_window.close()  # closing (not signing out) ends the app
        assert await asyncio.wait_for(running, timeout=60) is None

    qt_loop.run_until_complete(scenario())
    assert not server.status().running
