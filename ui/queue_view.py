"""The reviewer queue on screen: the table, or a clear message when there is no table to show.

What the reviewer sees follows the model's state, never a guess:

- first page still on its way (or the app still starting): a short notice;
- the queue is empty: why (:mod:`ui.queue_empty`: nothing to do, no
  properties granted, or the filters left nothing), with a way to check
  again or to clear the filters;
- the first page failed: the reason and a *Retry* button instead of the table;
- a later page, a refresh or a live update failed: the rows already
  loaded stay, and a banner above them gives the reason and *Retry*.

Live changes reach the table through the change hub the window hands
:meth:`QueueView.open_queue`; F5 refreshes in place. Either way the
selection stays on its entry and the row at the top of the viewport stays
where it is, even when rows above it come or go, so the line a reviewer is
reading never jumps away.

The table takes the keyboard focus as soon as it appears, with the first
entry current, so the arrow keys work without touching the mouse.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QPoint, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.queue_rows import QueueSource
from ui.change_hub import ChangeHub
from ui.queue_empty import EmptyQueue
from ui.queue_model import ENTRY_ID_ROLE, QueueColumn, QueueTableModel

_CELL_PADDING = 28
"""Horizontal room around a cell's text (margins, grid line, a little air)."""

_MESSAGE_WIDTH = 560
"""Widest a notice's text runs, so a long reason wraps into readable lines."""

EMPTY: Final = EmptyQueue(
    "No entries in the queue", "New submissions appear here as they arrive. Press F5 to check again."
)
"""What an empty queue says when nobody told the view why it may be empty."""


class QueueView(QWidget):
    """The queue table with its empty, loading and error states."""

    clear_filters_requested = Signal()
    """The empty queue's "Clear filters" was pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explain_empty: Callable[[], EmptyQueue] = lambda: EMPTY
        """Says why the queue is empty; the queues panel knows the view, the filters and the person's grants."""
        self._empty: EmptyQueue | None = None
        """What the message page says while it shows an empty queue."""
        self._model: QueueTableModel | None = None
        self._hub: ChangeHub | None = None
        self._anchor: tuple[uuid.UUID, int] | None = None
        """The entry at the viewport's top and its y, while a refresh's or live change's edits land."""

        self.table = QTableView(self)
        self.table.setObjectName("queueTable")
        self._configure_table()

        self.banner = QFrame(self)
        self.banner.setObjectName("queueErrorBanner")
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner_retry = QPushButton("Retry", self.banner)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 6, 6)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_retry, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner.hide()

        self.message_page = QWidget(self)
        message_box = QWidget(self.message_page)
        message_box.setMaximumWidth(_MESSAGE_WIDTH)
        self.message_title = QLabel(message_box)
        self.message_title.setObjectName("queueMessageTitle")
        self.message_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_title.setWordWrap(True)
        title_font = self.message_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self.message_title.setFont(title_font)
        self.message_detail = QLabel(message_box)
        self.message_detail.setObjectName("queueMessageDetail")
        self.message_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_detail.setWordWrap(True)
        self.message_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_button = QPushButton(message_box)
        # Word-wrapped labels get their full width only without an alignment
        # flag in the layout; the box's maximum width keeps lines readable.
        box_layout = QVBoxLayout(message_box)
        box_layout.addWidget(self.message_title)
        box_layout.addSpacing(6)
        box_layout.addWidget(self.message_detail)
        box_layout.addSpacing(12)
        box_layout.addWidget(self.message_button, 0, Qt.AlignmentFlag.AlignHCenter)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(message_box, 4)
        centred.addStretch(1)
        message_layout = QVBoxLayout(self.message_page)
        message_layout.addStretch(2)
        message_layout.addLayout(centred)
        message_layout.addStretch(3)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.message_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setFocusProxy(self.table)

        self.banner_retry.clicked.connect(self._on_retry_clicked)
        self.message_button.clicked.connect(self._on_message_button_clicked)
        self.show_notice("Starting…", "")

    # ------------------------------------------------------------ public
    @property
    def model(self) -> QueueTableModel | None:
        return self._model

    def show_notice(self, title: str, detail: str) -> None:
        """A message in place of the table (used while the app starts)."""
        self._show_message(title, detail, button=None)

    def open_queue(
        self, source: QueueSource, *, page_size: int, hub: ChangeHub | None = None, descending: bool = False
    ) -> QueueTableModel:
        """Show ``source`` in the table, start loading its first page, and follow ``hub``'s changes."""
        self.shutdown()
        model = QueueTableModel(source, page_size=page_size, descending=descending, parent=self)
        self._model, self._hub = model, hub
        for signal, slot in self._subscriptions():
            signal.connect(slot)
        self.table.setModel(model)
        self._size_columns()
        self.reload()
        return model

    def reload(self) -> None:
        if self._model is None:
            return
        self.banner.hide()
        self._show_message("Loading the queue…", "", button=None)
        self._model.reload()

    def refresh(self) -> None:
        """Read the queue again in place: the rows shown, the selection and the scroll position stay."""
        if self._model is None:
            return
        self.banner.hide()
        if self.pages.currentWidget() is not self.table:
            self._show_message("Loading the queue…", "", button=None)
        self._model.refresh()

    def shutdown(self) -> None:
        """Stop loading and let go of the model: called when the window closes (safe to repeat)."""
        if self._model is None:
            return
        for signal, slot in self._subscriptions():
            signal.disconnect(slot)
        self._model.shutdown()
        self._model = self._hub = None

    # ---------------------------------------------------------- handlers
    def _on_model_rows_about_to_change(self) -> None:
        top = self.table.indexAt(QPoint(0, 0))
        entry_id = top.data(ENTRY_ID_ROLE) if top.isValid() else None
        self._anchor = (entry_id, self.table.rowViewportPosition(top.row())) if entry_id is not None else None

    def _on_model_rows_arrived(self, *_: object) -> None:
        self._keep_anchor_in_place()
        self.banner.hide()
        model = self._model
        if model is None:
            return
        if model.rowCount() == 0:
            self.show_empty()
        elif self.pages.currentWidget() is not self.table:
            self._show_table()

    def show_empty(self) -> None:
        """Say why the queue is empty (again, when the reason changed: a grant check answered)."""
        empty = self.explain_empty()
        self._show_message(empty.title, empty.detail, button=empty.button)
        self._empty = empty

    @property
    def showing_empty(self) -> bool:
        return self._empty is not None

    def _on_model_load_failed(self, reason: str) -> None:
        model = self._model
        if model is not None and model.rowCount() > 0:
            self.banner_label.setText(f"<b>The queue may be incomplete or out of date.</b> {_escape(reason)}")
            self.banner.show()
        else:
            self._show_message("Cannot load the queue", reason, button="Retry")

    def _on_retry_clicked(self) -> None:
        if self._model is not None:
            self.banner.hide()
            self._model.retry()

    def _on_message_button_clicked(self) -> None:
        if self._empty is not None and self._empty.clears_filters:
            self.clear_filters_requested.emit()
        elif self._model is not None and self._model.error is not None:
            self._show_message("Loading the queue…", "", button=None)
            self._model.retry()
        else:
            self.refresh()

    # --------------------------------------------------------- internals
    def _subscriptions(self) -> list[tuple[SignalInstance, Callable[..., object]]]:
        """What the view listens to while it shows a model: connected on open, disconnected on shutdown."""
        model = self._model
        assert model is not None
        subscriptions: list[tuple[SignalInstance, Callable[..., object]]] = [
            (model.page_loaded, self._on_model_rows_arrived),
            (model.refreshed, self._on_model_rows_arrived),
            (model.rows_changed, self._on_model_rows_arrived),
            (model.rows_about_to_change, self._on_model_rows_about_to_change),
            (model.load_failed, self._on_model_load_failed),
        ]
        if self._hub is not None:
            subscriptions.append((self._hub.changed, model.apply_changes))
        return subscriptions

    def _keep_anchor_in_place(self) -> None:
        """Scroll so the row that was at the top before the edits is at the same height again."""
        anchor, self._anchor = self._anchor, None
        if anchor is None or self._model is None:
            return
        row = self._model.row_of(anchor[0])
        if row is None:  # the row itself left: nothing to hold on to
            return
        scroll_bar = self.table.verticalScrollBar()
        scroll_bar.setValue(scroll_bar.value() + self.table.rowViewportPosition(row) - anchor[1])

    def _show_message(self, title: str, detail: str, *, button: str | None) -> None:
        self._empty = None
        self.message_title.setText(title)
        self.message_detail.setText(detail)
        self.message_detail.setVisible(bool(detail))
        self.message_button.setVisible(button is not None)
        if button is not None:
            self.message_button.setText(button)
        self.pages.setCurrentWidget(self.message_page)
        if button is not None:
            self.message_button.setFocus()

    def _show_table(self) -> None:
        self._empty = None
        self.pages.setCurrentWidget(self.table)
        if not self.table.currentIndex().isValid() and self._model is not None:
            self.table.setCurrentIndex(self._model.index(0, 0))
        self.table.setFocus()

    def _configure_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)

    def _size_columns(self) -> None:
        """Fixed-width columns fit their longest value; names take the remaining width."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        samples = {
            QueueColumn.SHORT_ID: "E-0000000",
            QueueColumn.SUBMITTED: "2000-00-00 00:00",
            QueueColumn.REVIEW_STATUS: "Unassigned",
            QueueColumn.SUGGESTED_RULING: "Insufficient",
            QueueColumn.SLA: "breached 99 h 59 min ago",
            QueueColumn.ASSIGNED_TO: "Firstname Lastname",
        }
        for column, sample in samples.items():
            title = str(self.table.model().headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title)) + _CELL_PADDING
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        for column in (QueueColumn.APPLICANT, QueueColumn.PROPERTY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
