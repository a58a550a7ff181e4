"""Live shared state, end to end: workstations on one server, as different people, never pressing F5.

Each workstation is what ``app.gui`` builds after a sign-in: an engine on
the person's own login, a :class:`ChangeHub`, a :class:`ChangeListener` on
the same login feeding it, and the queue window following the hub. The
changes come from another workstation's person (who publishes what their
write changed on their own hub, as a write use case's caller does) or from
the owner, standing in for the client's system writing straight into the
database. What each window shows is checked against the database.
"""

from __future__ import annotations

import asyncio
import datetime
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.ext.asyncio import AsyncEngine

from app.engine import build_engine, build_unit_of_work
from services.change_listener import APPLICATION_NAME, ChangeListener
from services.changes import Changes
from services.database_urls import sqlalchemy_url, with_credentials
from services.queue import ReviewerQueue
from tests.factories import DEFAULT_SUBMITTED_AT, insert_applicant, insert_entry, insert_open_entries
from tests.security_roles import PASSWORD, World, security_world
from tests.ui.conftest import wait_until
from tests.ui.desks import make_desk
from ui.change_hub import ChangeHub
from ui.main_window import MainWindow
from ui.queue_model import ENTRY_ID_ROLE, QueueColumn, QueueTableModel

WITHIN_A_SECOND = 1.0


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    with security_world(migrated_libpq_url) as built:
        yield built


@dataclass
class Workstation:
    who: str
    window: MainWindow
    hub: ChangeHub
    listener: ChangeListener
    engine: AsyncEngine

    @property
    def model(self) -> QueueTableModel:
        model = self.window.queue_view.model
        assert model is not None
        return model

    def shown(self) -> list[str]:
        return [self.model.index(row, QueueColumn.SHORT_ID).data() for row in range(self.model.rowCount())]

    def status_of(self, entry_id: uuid.UUID) -> str | None:
        row = self.model.row_of(entry_id)
        return None if row is None else self.model.index(row, QueueColumn.REVIEW_STATUS).data()

    def selected_entry(self) -> uuid.UUID | None:
        rows = self.window.queue_view.table.selectionModel().selectedRows()
        return rows[0].data(ENTRY_ID_ROLE) if rows else None


@asynccontextmanager
async def workstation(qtbot: QtBot, world: World, who: str, *, page_size: int = 50) -> AsyncIterator[Workstation]:
    """``who`` signed in: their own engine and listener, the window showing their queue."""
    url = with_credentials(world.logins.owner_url, world.login(who), PASSWORD)
    engine = build_engine(sqlalchemy_url(url))
    window = MainWindow(page_size=page_size)
    qtbot.addWidget(window)
    window.open_desk(make_desk("reviewer", Path(tempfile.mkdtemp(prefix="rd-desk-"))))  # the shell's actions (F5)
    window.resize(1000, 420)
    window.show()
    hub = ChangeHub(window)
    listener = ChangeListener(url, hub.publish)
    try:
        assert await listener.start()
        window.open_queue(ReviewerQueue(build_unit_of_work(engine)), connection=f"test as {who}", hub=hub)
        station = Workstation(who, window, hub, listener, engine)
        await wait_until(lambda: station.model.rowCount() > 0 and not station.model.loading, what=f"{who}'s queue")
        yield station
    finally:
        window.close()
        await listener.stop()
        await engine.dispose()


def open_queue_as(world: World, who: str) -> list[str]:
    """The queue as ``who`` may see it, straight from the database (independent of the service)."""
    with world.connect(who) as conn:
        rows = conn.execute(
            "SELECT short_id FROM entries WHERE review_status <> 'COMPLETED' AND submission_time IS NOT NULL"
            " ORDER BY submission_time, id"
        ).fetchall()
    return [short_id for (short_id,) in rows]


def test_a_change_on_one_workstation_shows_on_the_others_within_a_second(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    a1 = world.screenings["A1"].entry_id
    a2 = world.screenings["A2"].entry_id
    b2 = world.screenings["B2"].entry_id

    async def scenario() -> None:
        async with (
            workstation(qtbot, world, "reviewer1") as one,
            workstation(qtbot, world, "reviewer2") as two,
            workstation(qtbot, world, "company_user_a") as client,
        ):
            assert one.shown() == two.shown() == open_queue_as(world, "reviewer2")
            assert client.shown() == ["E-A1"]  # row-level security: company A's user sees A1 only
            two.window.queue_view.table.selectRow(two.model.row_of(b2))
            assert two.selected_entry() == b2

            # Reviewer 1 starts the review assigned to them, on their own login; their workstation
            # publishes what its write changed. Workstation two hears it only from the database.
            with world.connect("reviewer1") as reviewer1:
                reviewer1.execute("UPDATE entries SET review_status = 'IN_REVIEW' WHERE id = %s", (a1,))
            one.hub.publish(Changes.entries(a1))
            await wait_until(lambda: two.status_of(a1) == "In review", timeout=WITHIN_A_SECOND, what="two sees it")
            await wait_until(lambda: client.status_of(a1) == "In review", timeout=WITHIN_A_SECOND, what="client")
            assert one.status_of(a1) == "In review"

            # The client's system submits a new screening (owner, straight into the database),
            # older than every other: it lands at the top, everywhere it is visible.
            with world.owner() as owner:
                new_id = insert_entry(
                    owner,
                    world.screenings["B1"].folder_id,
                    short_id="E-NEW",
                    submission_time=DEFAULT_SUBMITTED_AT - datetime.timedelta(hours=1),
                )
                insert_applicant(owner, new_id, full_name="Newly Submitted")
            await wait_until(lambda: two.shown()[:1] == ["E-NEW"], timeout=WITHIN_A_SECOND, what="the new entry")
            await wait_until(lambda: one.shown()[:1] == ["E-NEW"], timeout=WITHIN_A_SECOND, what="it on one")
            assert two.model.index(0, QueueColumn.APPLICANT).data() == "Newly Submitted"
            assert two.selected_entry() == b2  # the selection followed its entry down a row

            # The owner rules A2: it leaves every queue.
            with world.owner() as owner:
                owner.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (a2,))
            await wait_until(lambda: "E-A2" not in two.shown(), timeout=WITHIN_A_SECOND, what="A2 to leave")
            await wait_until(lambda: "E-A2" not in one.shown(), timeout=WITHIN_A_SECOND, what="A2 to leave one")

            await asyncio.sleep(0.3)  # B1's company is not the client's: nothing may have reached its queue
            assert client.shown() == ["E-A1"] == open_queue_as(world, "company_user_a")
            assert one.shown() == two.shown() == open_queue_as(world, "reviewer2")
            assert two.selected_entry() == b2
            assert two.window.rows_label.text() == f"{len(two.shown())} entries"

    qt_loop.run_until_complete(scenario())


def test_a_workstation_whose_listener_was_cut_off_catches_up(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    """Changes made while the listener's connection was down arrive with the resync, then live ones again."""

    async def scenario() -> None:
        async with workstation(qtbot, world, "qa") as station:
            with world.owner() as owner:
                owner.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = %s AND usename = %s",
                    (APPLICATION_NAME, world.login("qa")),
                )
                missed = insert_entry(owner, world.screenings["B2"].folder_id, short_id="E-MISSED")
            await wait_until(lambda: "E-MISSED" in station.shown(), timeout=10, what="the resync")
            assert station.listener.reconnects == 1

            with world.owner() as owner:
                owner.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE id = %s", (missed,))
            await wait_until(lambda: "E-MISSED" not in station.shown(), timeout=WITHIN_A_SECOND, what="live again")
            assert station.shown() == open_queue_as(world, "qa")

    qt_loop.run_until_complete(scenario())


def test_refresh_keeps_the_selection_and_the_scroll_position(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, world: World
) -> None:
    with world.owner() as owner:
        insert_open_entries(owner, 150, prefix="R")

    async def scenario() -> None:
        async with workstation(qtbot, world, "admin", page_size=40) as station:
            table = station.window.queue_view.table
            model = station.model
            while model.rowCount() < 120:  # scroll down until three pages are in
                table.scrollToBottom()
                await wait_until(lambda: not model.loading, what="a page")
                await asyncio.sleep(0.05)
            table.selectionModel().setCurrentIndex(
                model.index(90, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            table.scrollTo(model.index(90, 0))
            selected = station.selected_entry()
            assert table.verticalScrollBar().value() > 0
            top_entry = model.index(table.rowAt(0), 0).data(ENTRY_ID_ROLE)
            selected_y = table.rowViewportPosition(90)
            loaded = model.rowCount()

            # Meanwhile, without the listener hearing it (as if it were down): two entries older
            # than every other arrive, and one of the rows above the viewport is ruled.
            await station.listener.stop()
            with world.owner() as owner:
                owner.execute("UPDATE entries SET review_status = 'COMPLETED' WHERE short_id = 'R-0000010'")
                early = [
                    insert_entry(
                        owner,
                        world.screenings["A1"].folder_id,
                        short_id=f"E-EARLY-{n}",
                        submission_time=DEFAULT_SUBMITTED_AT - datetime.timedelta(days=1, minutes=n),
                    )
                    for n in (1, 2)
                ]
            refreshed: list[None] = []
            model.refreshed.connect(lambda: refreshed.append(None))
            qtbot.keyClick(station.window, Qt.Key.Key_F5)
            await wait_until(lambda: refreshed, what="the refresh")

            assert station.window.queue_view.pages.currentWidget() is table  # no "Loading…" page in between
            assert station.selected_entry() == selected
            assert model.row_of(selected) == 91  # two rows came above it and one went
            # The reviewer's place holds: the same entry on top, the selected one at the same height.
            assert model.index(table.rowAt(0), 0).data(ENTRY_ID_ROLE) == top_entry
            assert table.rowViewportPosition(91) == selected_y
            assert {model.row_of(entry) for entry in early} == {0, 1}
            assert model.rowCount() == loaded
            assert station.shown() == open_queue_as(world, "admin")[:loaded]

    qt_loop.run_until_complete(scenario())
