"""The reviewer queue window, offscreen, with real widgets over a real database."""

from __future__ import annotations

import asyncio
import datetime
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.connection import Connection
from app.engine import build_engine, build_unit_of_work
from app.gui import describe_connection
from app.settings import Settings
from services.queue import ReviewerQueue
from services.server_info import read_server_facts
from tests.conftest import TestServer
from tests.factories import insert_screening
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk
from ui.main_window import MainWindow
from ui.queue_model import ENTRY_ID_ROLE, QueueColumn, QueueTableModel

BASE = datetime.datetime(2025, 3, 1, 8, 0)  # naive UTC


@dataclass(frozen=True)
class WindowDatabase:
    name: str
    url: str
    libpq_url: str


@pytest.fixture
def window_db(pg_server: TestServer, migrated_template: str) -> Iterator[WindowDatabase]:
    """A database of this test's own, at head, dropped afterwards."""
    name = pg_server.create_database("window", template=migrated_template)
    yield WindowDatabase(name=name, url=pg_server.admin_url(name), libpq_url=pg_server.libpq_url(name))
    drop_database(pg_server, name)


@pytest.fixture
def kolkata_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed local zone (UTC+05:30, no DST) so "Submitted" is checked against literal local times."""
    assert hasattr(time, "tzset"), "this test switches the process time zone, which needs time.tzset (POSIX)"
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def drop_database(pg_server: TestServer, name: str) -> None:
    with psycopg.connect(pg_server.libpq_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_window(qtbot: QtBot, tmp_path: Path, *, page_size: int, height: int = 640) -> MainWindow:
    """A reviewer's shell, sized as the test needs (the offscreen screen is 800 wide)."""
    window = MainWindow(page_size=page_size)
    qtbot.addWidget(window)
    window.open_desk(make_desk("reviewer", tmp_path))
    window.resize(780, height)
    window.show()
    window.activateWindow()
    return window


def cells(model: QueueTableModel, row: int) -> list[str]:
    return [model.index(row, column).data() for column in QueueColumn]


def open_short_ids(db: WindowDatabase) -> list[str]:
    """The queue as the database orders it, independent of the service's query."""
    with psycopg.connect(db.libpq_url) as conn:
        rows = conn.execute(
            "SELECT short_id FROM entries WHERE review_status <> 'COMPLETED' ORDER BY submission_time, id"
        ).fetchall()
    return [short_id for (short_id,) in rows]


async def settled(model: QueueTableModel) -> None:
    """Wait until no page is loading, then give the view a moment to ask for more if it wants to."""
    await wait_until(lambda: not model.loading, what="the page load to finish")
    await asyncio.sleep(0.2)
    await wait_until(lambda: not model.loading, what="the page load to finish")


def test_window_lists_open_entries_oldest_first_with_readable_cells(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, window_db: WindowDatabase, kolkata_time: None, tmp_path: Path
) -> None:
    with psycopg.connect(window_db.libpq_url, autocommit=True) as conn:
        grace = insert_screening(
            conn,
            short_id="E-0000003",
            applicant="Grace Hopper",
            property_name="Harbor View Apartments",
            submission_time=BASE + datetime.timedelta(hours=2),
            review_status="IN_REVIEW",
            suggested_ruling="FRAUD",
        )
        insert_screening(conn, short_id="E-0000001", applicant="Ada Lovelace", submission_time=BASE)
        insert_screening(
            conn, short_id="E-0000009", submission_time=BASE - datetime.timedelta(days=1), review_status="COMPLETED"
        )
        insert_screening(
            conn,
            short_id="E-0000002",
            applicant="Alan Turing",
            property_name="Oak Terrace",
            submission_time=BASE + datetime.timedelta(hours=1),
            review_status="ASSIGNED",
            suggested_ruling="CLEAN",
        )
    connection_text = describe_connection(
        Settings(data_dir=tmp_path, database_url=window_db.libpq_url),
        Connection(url=window_db.libpq_url, embedded=None, started_server=False),
    )

    async def scenario() -> None:
        engine = build_engine(window_db.url)
        try:
            window = make_window(qtbot, tmp_path, page_size=50)
            window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection=connection_text)
            model = window.queue_view.model
            assert model is not None
            await settled(model)
            await wait_until(lambda: window.rows_label.text() == "3 entries", what="the row count in the status bar")

            assert [cells(model, row)[: QueueColumn.SLA] for row in range(model.rowCount())] == [
                ["E-0000001", "Ada Lovelace", "Maple Court", "2025-03-01 13:30", "Unassigned", "Not run"],
                ["E-0000002", "Alan Turing", "Oak Terrace", "2025-03-01 14:30", "Assigned", "Clean"],
                ["E-0000003", "Grace Hopper", "Harbor View Apartments", "2025-03-01 15:30", "In review", "Fraud"],
            ]
            assert [model.index(row, QueueColumn.SHORT_ID).data() for row in range(3)] == open_short_ids(window_db)
            # Submitted in 2025: long past the 24-hour deadline, and said so.
            assert all(model.index(row, QueueColumn.SLA).data().startswith("breached ") for row in range(3))
            assert model.index(2, QueueColumn.APPLICANT).data(ENTRY_ID_ROLE) == grace.entry_id
            assert window.queue_view.pages.currentWidget() is window.queue_view.table
            assert not window.queue_view.banner.isVisible()

            # The status bar names the database without its password.
            password = window_db.libpq_url.split(":", 2)[2].split("@", 1)[0]
            assert window.connection_label.text().startswith("Server postgresql+psycopg://")
            assert window_db.name in window.connection_label.text()
            assert password not in window.connection_label.text()

            # The keyboard works from the start: the table has focus, the first entry is current.
            table = window.queue_view.table
            assert window.focusWidget() is table
            assert table.currentIndex().row() == 0
            qtbot.keyClick(table, Qt.Key.Key_Down)
            qtbot.keyClick(table, Qt.Key.Key_Down)
            assert table.currentIndex().row() == 2
            qtbot.keyClick(table, Qt.Key.Key_Up)
            assert table.currentIndex().row() == 1
            window.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())


def test_reaching_the_bottom_loads_the_next_page_until_the_queue_ends(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, window_db: WindowDatabase, tmp_path: Path
) -> None:
    with psycopg.connect(window_db.libpq_url, autocommit=True) as conn:
        for n in range(30):
            insert_screening(
                conn,
                short_id=f"E-{n:07d}",
                applicant=f"Applicant {n}",
                submission_time=BASE + datetime.timedelta(minutes=n),
                review_status="COMPLETED" if n % 5 == 4 else "UNASSIGNED",
            )
    expected = open_short_ids(window_db)
    assert len(expected) == 24

    async def scenario() -> None:
        engine = build_engine(window_db.url)
        try:
            # Short window, so a page of 10 overfills it and the view has no reason to fetch on its own.
            window = make_window(qtbot, tmp_path, page_size=10, height=260)
            window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection="test")
            model = window.queue_view.model
            assert model is not None
            table = window.queue_view.table
            await settled(model)
            assert model.rowCount() == 10
            await wait_until(lambda: window.rows_label.text() == "10 of 24 entries loaded", what="the partial count")

            # Ctrl+End goes to the last loaded row; reaching the bottom asks for the next page.
            qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            await wait_until(lambda: model.rowCount() == 20, what="the second page")
            await settled(model)
            assert model.rowCount() == 20

            table.scrollToBottom()
            await wait_until(lambda: model.exhausted, what="the last page")
            await settled(model)
            shown = [model.index(row, QueueColumn.SHORT_ID).data() for row in range(model.rowCount())]
            assert shown == expected
            assert window.rows_label.text() == "24 entries"
            window.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())


def test_empty_queue_says_so_and_refresh_picks_up_new_entries(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, window_db: WindowDatabase, tmp_path: Path
) -> None:
    with psycopg.connect(window_db.libpq_url, autocommit=True) as conn:
        insert_screening(conn, short_id="E-0000001", review_status="COMPLETED")

    async def scenario() -> None:
        engine = build_engine(window_db.url)
        try:
            window = make_window(qtbot, tmp_path, page_size=50)
            window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection="test")
            view = window.queue_view
            assert view.model is not None
            await settled(view.model)
            await wait_until(lambda: window.rows_label.text() == "0 entries", what="the empty count")
            assert view.pages.currentWidget() is view.message_page
            assert view.message_title.text() == "No entries in the queue"
            assert view.message_button.isVisible()
            assert view.message_button.text() == "Refresh"

            with psycopg.connect(window_db.libpq_url, autocommit=True) as conn:
                insert_screening(conn, short_id="E-0000002", applicant="Ada Lovelace")
            qtbot.keyClick(window, Qt.Key.Key_F5)
            await wait_until(lambda: view.model is not None and view.model.rowCount() == 1, what="the new entry")
            assert view.pages.currentWidget() is view.table
            assert cells(view.model, 0)[:2] == ["E-0000002", "Ada Lovelace"]
            assert window.focusWidget() is view.table
            window.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())


def test_losing_the_database_shows_the_reason_and_keeps_the_rows(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, window_db: WindowDatabase, pg_server: TestServer, tmp_path: Path
) -> None:
    with psycopg.connect(window_db.libpq_url, autocommit=True) as conn:
        for n in range(25):
            insert_screening(conn, short_id=f"E-{n:07d}", submission_time=BASE + datetime.timedelta(minutes=n))

    async def scenario() -> None:
        engine = build_engine(window_db.url)
        try:
            window = make_window(qtbot, tmp_path, page_size=10, height=260)
            window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection="test")
            view = window.queue_view
            model = view.model
            assert model is not None
            await settled(model)
            assert model.rowCount() == 10

            drop_database(pg_server, window_db.name)
            view.table.scrollToBottom()
            await wait_until(lambda: model.error is not None, what="the failed page")

            assert model.rowCount() == 10  # what was loaded stays on screen
            assert view.pages.currentWidget() is view.table
            assert view.banner.isVisible()
            assert "The queue may be incomplete or out of date." in view.banner_label.text()
            assert f'database "{window_db.name}" does not exist' in view.banner_label.text()
            assert window.rows_label.text() == "Database unavailable"
            assert not model.canFetchMore(view.table.rootIndex())  # no retry storm while scrolling

            # Retrying while the database is still gone fails the same way, and nothing crashes.
            qtbot.mouseClick(view.banner_retry, Qt.MouseButton.LeftButton)
            await wait_until(lambda: model.error is not None and not model.loading, what="the retried page")
            assert view.banner.isVisible()
            assert window.isVisible()
            window.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())


def test_unreachable_database_shows_why_instead_of_the_table(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, pg_server: TestServer, tmp_path: Path
) -> None:
    missing = pg_server.admin_url("queue_that_never_existed")

    async def scenario() -> None:
        engine = build_engine(missing)
        try:
            window = make_window(qtbot, tmp_path, page_size=50)
            window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection="test")
            view = window.queue_view
            assert view.model is not None
            await wait_until(lambda: view.model is not None and view.model.error is not None, what="the failure")
            assert view.pages.currentWidget() is view.message_page
            assert view.message_title.text() == "Cannot load the queue"
            assert 'database "queue_that_never_existed" does not exist' in view.message_detail.text()
            assert view.message_button.text() == "Retry"
            assert window.rows_label.text() == "Database unavailable"
            window.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())


def test_about_names_the_app_the_server_and_the_database_as_the_signed_in_role(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, window_db: WindowDatabase, tmp_path: Path
) -> None:
    with psycopg.connect(window_db.libpq_url) as conn:
        server_version = conn.execute("SHOW server_version").fetchone()

    async def scenario() -> None:
        engine = build_engine(window_db.url)
        try:
            uow = build_unit_of_work(engine)
            window = MainWindow()
            qtbot.addWidget(window)
            window.open_desk(make_desk("admin", tmp_path, server_facts=partial(read_server_facts, uow)))
            window.show()
            about = window.open_about()
            assert about is not None
            await wait_until(lambda: not about.loading, what="the server's facts")
            assert server_version is not None
            assert about.fields["server_version"].text() == server_version[0]
            assert about.fields["database"].text() == window_db.name
            assert about.fields["data_dir"].text() == str(tmp_path / "data")
            assert about.fields["app_version"].text() == "9.9.9-test"
            about.close()
            window.close()
        finally:
            await engine.dispose()

    qt_loop.run_until_complete(scenario())
