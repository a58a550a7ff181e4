"""The workstation's main window: the reviewer queue and a status bar saying where it comes from.

The window is built before the database is ready, so a person who starts
the app sees it at once with a "Starting…" notice instead of nothing for
the seconds an embedded server needs on first run; the composition root
then hands it the queue (:meth:`MainWindow.open_queue`). The window never
builds engines or sessions itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from services.queue_rows import QueueSource
from ui.change_hub import ChangeHub
from ui.latest_task import LatestTask
from ui.queue_view import QueueView

DEFAULT_PAGE_SIZE: Final = 200
WINDOW_TITLE: Final = "Ruling Desk — Reviewer queue"


class MainWindow(QMainWindow):
    """The reviewer queue window."""

    closed = Signal()
    """Emitted once, when the window has closed and cancelled its work."""

    def __init__(self, *, page_size: int = DEFAULT_PAGE_SIZE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._source: QueueSource | None = None
        self._total: int | None = None
        self._closed = False
        self._count: LatestTask[int | None] = LatestTask("queue count")

        self.setWindowTitle(WINDOW_TITLE)
        self.resize(1100, 680)
        self.queue_view = QueueView(self)
        self.setCentralWidget(self.queue_view)

        self.connection_label = QLabel("Not connected", self)
        self.connection_label.setObjectName("connectionLabel")
        self.rows_label = QLabel("", self)
        self.rows_label.setObjectName("rowsLabel")
        self.statusBar().addWidget(self.connection_label, 1)
        self.statusBar().addPermanentWidget(self.rows_label)

        queue_menu = self.menuBar().addMenu("&Queue")
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Refresh), QKeySequence("Ctrl+R")])
        self.refresh_action.setEnabled(False)
        self.refresh_action.triggered.connect(self._on_refresh_action_triggered)
        queue_menu.addAction(self.refresh_action)
        queue_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        queue_menu.addAction(quit_action)

    # ------------------------------------------------------------ public
    def show_startup(self, what: str) -> None:
        """Say what the app is doing before the queue can be shown."""
        self.queue_view.show_notice("Starting…", what)
        self.connection_label.setText("Connecting…")

    def open_queue(self, source: QueueSource, *, connection: str, hub: ChangeHub | None = None) -> None:
        """Show ``source``, kept live by ``hub``, and say in the status bar which database it comes from."""
        self._source = source
        self.connection_label.setText(connection)
        self.connection_label.setToolTip(connection)
        model = self.queue_view.open_queue(source, page_size=self._page_size, hub=hub)
        model.page_loaded.connect(self._on_queue_page_loaded)
        model.rows_changed.connect(self._show_row_count)
        model.load_failed.connect(self._on_queue_load_failed)
        model.modelReset.connect(self._on_queue_reset)
        model.refreshed.connect(self._on_queue_reset)
        self.refresh_action.setEnabled(True)
        self._on_queue_reset()

    def offer_invitations(self, open_invitation: Callable[[], None]) -> None:
        """Add "People > Invite someone…" for a person allowed to invite (the app decides who)."""
        people_menu = self.menuBar().addMenu("&People")
        self.invite_action = QAction("&Invite someone…", self)
        self.invite_action.setShortcut(QKeySequence("Ctrl+I"))
        self.invite_action.triggered.connect(open_invitation)
        people_menu.addAction(self.invite_action)

    # ------------------------------------------------------ Qt overrides
    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if self._closed:
            return
        self._closed = True
        self._count.cancel()
        model = self.queue_view.model
        if model is not None:
            model.page_loaded.disconnect(self._on_queue_page_loaded)
            model.rows_changed.disconnect(self._show_row_count)
            model.load_failed.disconnect(self._on_queue_load_failed)
            model.modelReset.disconnect(self._on_queue_reset)
            model.refreshed.disconnect(self._on_queue_reset)
        self.queue_view.shutdown()
        self.closed.emit()

    # ---------------------------------------------------------- handlers
    def _on_refresh_action_triggered(self) -> None:
        self.queue_view.refresh()

    def _on_queue_reset(self) -> None:
        self._total = None
        self.rows_label.setText("Loading…")
        self.rows_label.setStyleSheet("")
        if self._source is not None:
            self._count.start(_count_queue(self._source), self._on_queue_counted)

    def _on_queue_page_loaded(self, added: int) -> None:
        self._show_row_count()

    def _on_queue_load_failed(self, reason: str) -> None:
        self.rows_label.setText("Database unavailable")
        self.rows_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.rows_label.setToolTip(reason)

    def _on_queue_counted(self, total: int | None) -> None:
        self._total = total
        self._show_row_count()

    # --------------------------------------------------------- internals
    def _show_row_count(self) -> None:
        model = self.queue_view.model
        if model is None or model.error is not None or model.loading:
            return  # a failure keeps its message; a running load updates the label when it lands
        loaded = model.rowCount()
        if model.exhausted:
            text = _entries(loaded)
        elif self._total is None:
            text = f"{_entries(loaded)} loaded"
        else:
            text = f"{loaded:,} of {_entries(max(self._total, loaded))} loaded"
        self.rows_label.setText(text)
        self.rows_label.setStyleSheet("")
        self.rows_label.setToolTip("")


async def _count_queue(source: QueueSource) -> int | None:
    """The queue's total for "n of m"; without it the status bar just counts the loaded rows."""
    try:
        return await source.count()
    except Exception:  # the page load reports a failure; the count is optional
        return None


def _entries(count: int) -> str:
    return f"{count:,} {'entry' if count == 1 else 'entries'}"
