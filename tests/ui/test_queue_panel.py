"""The queues panel signed in as a demo-style reviewer: views, counts, server-side search, sort and filters,
SLA colours, the empty state, and saved filters that survive a restart. Rows are checked against the database."""

from __future__ import annotations

import asyncio
import datetime
import os
import tempfile
import uuid
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from services.permissions import Group, Permissions, permissions_of_group
from services.queue_query import QueueViewKind, SlaState
from services.queue_search import QueueViews
from services.queue_sla import utc_now
from tests.reviewer_desk import Desk, insert_reviewable
from tests.ui.conftest import wait_until
from ui.queue_filters_store import QueueFiltersStore
from ui.queue_model import QueueColumn
from ui.queue_panel import QueuesPanel, views_for
from ui.theme import Theme, ThemeChoice, current_colours

SCREENSHOTS = os.environ.get("RULING_DESK_QUEUE_SCREENSHOTS")
"""A directory to save each view's picture into (to look at by hand); unset: no pictures."""


def arrange(desk: Desk) -> dict[str, uuid.UUID]:
    """Pool: P-FRESH (1 h old), P-AMBER (17 h), P-RED (23 h), P-LATE (30 h); MINE assigned to reviewer1."""
    now = utc_now()
    ids = {}
    with desk.owner() as owner:
        for short_id, hours in (("P-FRESH", 1), ("P-AMBER", 17), ("P-RED", 23), ("P-LATE", 30), ("MINE", 5)):
            submitted = now - datetime.timedelta(hours=hours)
            ids[short_id] = insert_reviewable(owner, short_id=short_id, submitted_at=submitted).entry_id
        owner.execute(
            "UPDATE entries SET review_status = 'ASSIGNED', review_assigned_to_id = %s WHERE id = %s",
            (desk.user_ids["reviewer1"], ids["MINE"]),
        )
    return ids


def pool_in_database(desk: Desk, where: str = "true", order: str = "submission_time, id") -> list[str]:
    """The pool as reviewer1 may see it, straight from the database."""
    with desk.connect("reviewer1") as conn:
        rows = conn.execute(
            "SELECT short_id FROM entries e WHERE review_status = 'UNASSIGNED' AND submission_time IS NOT NULL"
            f" AND {where} ORDER BY {order}"
        ).fetchall()
    return [short_id for (short_id,) in rows]


def shown(panel: QueuesPanel) -> list[str]:
    model = panel.view.model
    assert model is not None
    return [model.index(row, QueueColumn.SHORT_ID).data() for row in range(model.rowCount())]


def loaded(panel: QueuesPanel) -> bool:
    model = panel.view.model
    return model is not None and not model.loading


def reviewer() -> Permissions:
    return permissions_of_group(Group.REVIEWER)


def test_views_search_sort_filters_and_saved_filters_as_a_reviewer(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, desk: Desk
) -> None:
    arrange(desk)
    settings = QSettings(str(Path(tempfile.mkdtemp(prefix="rd-queue-")) / "settings.ini"), QSettings.Format.IniFormat)

    async def open_panel() -> QueuesPanel:
        panel = QueuesPanel()
        qtbot.addWidget(panel)
        panel.resize(1200, 420)
        panel.show()
        panel.open_views(
            QueueViews(uow), views_for(reviewer()), store=QueueFiltersStore(settings, "reviewer1"), page_size=50
        )
        await wait_until(lambda: loaded(panel), what="first view")
        return panel

    async def scenario() -> None:
        nonlocal uow
        async with desk.unit_of_work("reviewer1") as uow:
            panel = await open_panel()
            tabs = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
            await wait_until(
                lambda: panel.tabs.tabText(0) == "My work (1)" and panel.tabs.tabText(1) == "Unassigned pool (4)",
                what="counts",
            )
            assert len(tabs) == 3  # a reviewer has no Team view
            assert shown(panel) == ["MINE"]
            save(panel, "my_work")

            panel.show_view(QueueViewKind.POOL)
            await wait_until(lambda: loaded(panel) and shown(panel) == pool_in_database(desk), what="pool")
            assert shown(panel) == ["P-LATE", "P-RED", "P-AMBER", "P-FRESH"]  # most urgent first
            model = panel.view.model
            assert model is not None
            colours = current_colours()

            def sla_cell(row: int) -> tuple[str, QColor | None]:
                index = model.index(row, QueueColumn.SLA)
                return index.data(), index.data(Qt.ItemDataRole.ForegroundRole)

            late, red, amber, fresh = (sla_cell(row) for row in range(4))
            assert late[0].startswith("breached") and late[1] == QColor(colours.error_text)
            assert red[0].endswith("left") and red[1] == QColor(colours.error_text)
            assert amber[1] == QColor(colours.edited_text)
            assert fresh[1] is None
            assert model.index(0, QueueColumn.SLA).data(Qt.ItemDataRole.FontRole).bold()
            assert "Amber" in model.index(0, QueueColumn.SLA).data(Qt.ItemDataRole.ToolTipRole)
            save(panel, "pool")

            # Sorting by a header goes to the server: short id, then descending on a second click.
            panel.view.table.horizontalHeader().sectionClicked.emit(QueueColumn.SHORT_ID)
            await wait_until(lambda: loaded(panel) and shown(panel) == pool_in_database(desk, order="short_id, id"))
            panel.view.table.horizontalHeader().sectionClicked.emit(QueueColumn.SHORT_ID)
            await wait_until(
                lambda: loaded(panel) and shown(panel) == pool_in_database(desk, order="short_id DESC, id DESC")
            )

            # The search box and a filter, both on the server.
            panel.search.setText("applicant p-re")
            panel.search.returnPressed.emit()
            expected = pool_in_database(
                desk,
                "EXISTS (SELECT 1 FROM applicants a WHERE a.entry_id = e.id AND a.full_name ILIKE '%applicant p-re%')",
                "short_id DESC, id DESC",
            )
            await wait_until(lambda: loaded(panel) and shown(panel) == expected == ["P-RED"], what="search")
            await wait_until(lambda: panel.tabs.tabText(1) == "Unassigned pool (1)", what="filtered count")
            panel.search.clear()
            panel.sla_filter.setCurrentIndex(panel.sla_filter.findData(SlaState.AMBER))
            await wait_until(lambda: loaded(panel) and shown(panel) == ["P-AMBER"], what="SLA filter")

            # Nothing matches: the empty state says so, and offers to clear the filters.
            panel.ruling_filter.setCurrentIndex(panel.ruling_filter.findData("FRAUD"))
            await wait_until(lambda: panel.view.message_title.text() == "No entries match", what="empty")
            assert panel.view.message_button.text() == "Clear filters"
            assert panel.filters_button.text() == "Filters (2)"
            panel.shutdown()
            panel.close()

            # A restart: the same person's panel comes back on the pool with the same filters and order.
            again = await open_panel()
            assert again.tabs.currentIndex() == 1
            assert again.sla_filter.currentData() == SlaState.AMBER
            assert again.query.filters.sla_state is SlaState.AMBER
            assert again.ruling_filter.currentData() == "FRAUD"
            assert again.query.order.descending
            again.ruling_filter.setCurrentIndex(0)
            await wait_until(lambda: loaded(again) and shown(again) == ["P-AMBER"], what="restored filters")
            again.shutdown()

    uow = None
    qt_loop.run_until_complete(scenario())


def save(panel: QueuesPanel, name: str) -> None:
    """Each view's picture in the light and the dark theme, when asked for (to look at, not to assert)."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    theme = Theme(application)
    for choice in (ThemeChoice.DARK, ThemeChoice.LIGHT):
        theme.apply(choice)
        panel.grab().save(str(Path(SCREENSHOTS) / f"{name}-{choice}.png"))
