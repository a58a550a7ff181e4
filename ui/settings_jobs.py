"""The background jobs page, in the spirit of Oban Web: counts, nodes, a filtered list, detail, control.

Counts are queue by state; the nodes line names every node with its queues
and marks the leader. The list is read one keyset page at a time ("Older
jobs" continues after the last row). Retry, cancel and delete act on every
selected job at once; pause and resume act on the queue selected in the
counts table. Every action is a database function that checks the person
is a staff administrator and audits it; the page only shows the answer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Protocol, cast

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.changes import Changes
from services.errors import Refusal
from services.job_admin_rows import JobDetail, JobFilter, JobOverview, JobPage, JobRow, JobState
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.page_writes import run_write

STATES = tuple(JobState)
JOB_COLUMNS = ("Id", "Queue", "Worker", "State", "Attempt", "Inserted (UTC)", "Entry")


class JobAdmin(Protocol):
    """:class:`services.job_admin.JobAdministration`, as this page uses it."""

    async def overview(self) -> JobOverview: ...
    async def page(self, job_filter: JobFilter, before_id: int | None) -> JobPage: ...
    async def detail(self, job_id: int) -> JobDetail: ...
    async def retry(self, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]: ...
    async def cancel(self, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]: ...
    async def delete(self, job_ids: Collection[int]) -> tuple[tuple[int, ...], Changes]: ...
    async def set_paused(self, queue: str, paused: bool) -> Changes: ...


def _table(parent: QWidget, name: str, columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table


def describe(detail: JobDetail) -> str:
    """The detail pane's text: identity, arguments, attempts and every error with its traceback."""
    row = detail.row
    lines = [
        f"Job {row.id} — {row.worker}",
        f"Queue {row.queue}, {row.state.value}, attempt {row.attempt} of {row.max_attempts}",
        f"Inserted {row.inserted_at:%Y-%m-%d %H:%M:%S}, scheduled {row.scheduled_at:%Y-%m-%d %H:%M:%S} (UTC)",
    ]
    if row.entry_id:
        lines.append(f"Entry {row.entry_id}")
    lines += ["", "Arguments:", json.dumps(detail.args, indent=2, sort_keys=True, default=str)]
    if detail.tags:
        lines.append("Tags: " + ", ".join(detail.tags))
    lines += ["", f"Errors ({len(detail.errors)}):"]
    for error in detail.errors:
        lines += [f"— attempt {error.attempt} at {error.at}", error.error]
    return "\n".join(lines)


class JobsPage(QWidget):
    changed = Signal(object)
    """A :class:`Changes` after each control action, for the window's change hub."""

    loaded = Signal()
    detail_shown = Signal()
    entry_requested = Signal(object)
    """The entry (a ``uuid.UUID``) the selected job belongs to, to open in the case area."""

    def __init__(self, admin: JobAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPage")
        self._admin = admin
        self._overview = JobOverview(counts=(), nodes=(), leaders=())
        self._jobs: list[JobRow] = []
        self._next_before_id: int | None = None
        self._load = LatestTask[object]("jobs: load")
        self._more = LatestTask[object]("jobs: older page")
        self._detail = LatestTask[object]("jobs: detail")
        self._write = LatestTask[object]("jobs: control")
        layout = QVBoxLayout(self)
        self.error = InlineError(self)
        layout.addWidget(self.error)
        self.counts = _table(self, "jobCounts", ("Queue", *(state.value for state in STATES)))
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.counts.setMaximumHeight(150)
        layout.addWidget(self.counts)
        queue_buttons = QHBoxLayout()
        self.pause_button = QPushButton("Pause queue", self)
        self.resume_button = QPushButton("Resume queue", self)
        self.pause_button.clicked.connect(lambda: self._pause(True))
        self.resume_button.clicked.connect(lambda: self._pause(False))
        self.nodes = QLabel(self)
        self.nodes.setObjectName("jobNodes")
        self.nodes.setWordWrap(True)
        queue_buttons.addWidget(self.pause_button)
        queue_buttons.addWidget(self.resume_button)
        queue_buttons.addWidget(self.nodes, 1)
        layout.addLayout(queue_buttons)
        layout.addLayout(self._build_filter())
        splitter = QSplitter(self)
        list_side = QWidget(splitter)
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        self.jobs = _table(list_side, "jobList", JOB_COLUMNS)
        self.jobs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.jobs.itemSelectionChanged.connect(self._selection_changed)
        self.jobs.itemDoubleClicked.connect(self._open_entry)
        list_layout.addWidget(self.jobs, 1)
        actions = QHBoxLayout()
        self.retry_button = QPushButton("Retry", list_side)
        self.cancel_button = QPushButton("Cancel", list_side)
        self.delete_button = QPushButton("Delete", list_side)
        self.older_button = QPushButton("Older jobs", list_side)
        self.entry_button = QPushButton("Open entry", list_side)
        self.entry_button.setToolTip("Open the entry this job belongs to in the case area (or double-click the job)")
        self.entry_button.clicked.connect(self._open_entry)
        self.retry_button.clicked.connect(lambda: self._control(self._admin.retry, "Retrying"))
        self.cancel_button.clicked.connect(lambda: self._control(self._admin.cancel, "Cancelling"))
        self.delete_button.clicked.connect(lambda: self._control(self._admin.delete, "Deleting"))
        self.older_button.clicked.connect(self._older)
        for button in (self.retry_button, self.cancel_button, self.delete_button, self.entry_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.older_button)
        list_layout.addLayout(actions)
        self.detail = QPlainTextEdit(splitter)
        self.detail.setObjectName("jobDetail")
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setPlaceholderText("Select a job to see its arguments, attempts and errors.")
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    def _build_filter(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.queue_filter = QComboBox(self)
        self.queue_filter.setObjectName("jobQueueFilter")
        self.queue_filter.addItem("Any queue", None)
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("jobStateFilter")
        self.state_filter.addItem("Any state", None)
        for state in STATES:
            self.state_filter.addItem(state.value, state)
        self.worker_filter = QLineEdit(self)
        self.worker_filter.setPlaceholderText("Worker name contains…")
        self.worker_filter.returnPressed.connect(self.reload)
        apply = QPushButton("Filter", self)
        apply.clicked.connect(self.reload)
        for widget in (self.queue_filter, self.state_filter, self.worker_filter, apply):
            row.addWidget(widget)
        return row

    def job_filter(self) -> JobFilter:
        return JobFilter(
            queue=self.queue_filter.currentData(),
            state=JobState(state) if (state := self.state_filter.currentData()) else None,
            worker=self.worker_filter.text(),
        )

    # Loading

    def reload(self) -> None:
        job_filter = self.job_filter()

        async def both() -> tuple[JobOverview, JobPage]:
            return await self._admin.overview(), await self._admin.page(job_filter, None)

        self._load.start(attempt(both, expected=(Refusal,), what="Loading the jobs"), self._show)

    def _show(self, result: object) -> None:
        if isinstance(result, Refused):
            self.error.show_error(result.message)
        else:
            overview, page = cast(tuple[JobOverview, JobPage], result)
            self._overview = overview
            self._fill_overview()
            self._jobs = []
            self._append(page)
        self.loaded.emit()

    def _older(self) -> None:
        if self._next_before_id is None:
            return
        job_filter, before_id = self.job_filter(), self._next_before_id

        async def page() -> JobPage:
            return await self._admin.page(job_filter, before_id)

        def shown(result: object) -> None:
            if isinstance(result, Refused):
                self.error.show_error(result.message)
            else:
                self._append(result)  # type: ignore[arg-type]
            self.loaded.emit()

        self._more.start(attempt(page, expected=(Refusal,), what="Loading older jobs"), shown)

    def _append(self, page: JobPage) -> None:
        self._jobs.extend(page.rows)
        self._next_before_id = page.next_before_id
        self.jobs.setRowCount(len(self._jobs))
        for row, job in enumerate(self._jobs):
            cells = (
                str(job.id),
                job.queue,
                job.short_worker,
                job.state.value,
                f"{job.attempt}/{job.max_attempts}",
                f"{job.inserted_at:%Y-%m-%d %H:%M:%S}",
                str(job.entry_id) if job.entry_id else "",
            )
            for column, value in enumerate(cells):
                self.jobs.setItem(row, column, QTableWidgetItem(value))
        self._update_buttons()

    def _fill_overview(self) -> None:
        overview = self._overview
        chosen = self.queue_filter.currentData()
        self.queue_filter.blockSignals(True)
        self.queue_filter.clear()
        self.queue_filter.addItem("Any queue", None)
        for queue in overview.queues:
            self.queue_filter.addItem(queue, queue)
        self.queue_filter.setCurrentIndex(max(0, self.queue_filter.findData(chosen)))
        self.queue_filter.blockSignals(False)
        self.counts.setRowCount(len(overview.queues))
        for row, queue in enumerate(overview.queues):
            paused = any(node.queue == queue and node.paused for node in overview.nodes)
            self.counts.setItem(row, 0, QTableWidgetItem(f"{queue} (paused)" if paused else queue))
            for column, state in enumerate(STATES, start=1):
                self.counts.setItem(row, column, QTableWidgetItem(str(overview.count(queue, state))))
        nodes: dict[str, list[str]] = {}
        for node in overview.nodes:
            nodes.setdefault(node.node, []).append(node.queue + (" (paused)" if node.paused else ""))
        if nodes:
            self.nodes.setText(
                "Nodes: "
                + "; ".join(
                    f"{name}{' — leader' if name in overview.leaders else ''}: {', '.join(queues)}"
                    for name, queues in nodes.items()
                )
            )
        else:
            self.nodes.setText("No worker node is running: jobs wait until one starts.")

    # Detail and control

    def selected_ids(self) -> list[int]:
        return [self._jobs[index.row()].id for index in self.jobs.selectionModel().selectedRows()]

    def selected_entry(self) -> uuid.UUID | None:
        """The entry of the one selected job; ``None`` for no job, several, or a job of no entry."""
        rows = self.jobs.selectionModel().selectedRows()
        return self._jobs[rows[0].row()].entry_id if len(rows) == 1 else None

    def _open_entry(self) -> None:
        entry_id = self.selected_entry()
        if entry_id is not None:
            self.entry_requested.emit(entry_id)

    def selected_queue(self) -> str | None:
        rows = self.counts.selectionModel().selectedRows()
        return self._overview.queues[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self._update_buttons()
        ids = self.selected_ids()
        if len(ids) != 1:
            return

        def shown(result: object) -> None:
            if isinstance(result, Refused):
                self.detail.setPlainText(result.message)
            else:
                self.detail.setPlainText(describe(result))  # type: ignore[arg-type]
            self.detail_shown.emit()

        job_id = ids[0]
        self._detail.start(
            attempt(lambda: self._admin.detail(job_id), expected=(Refusal,), what="Reading the job"), shown
        )

    def _update_buttons(self) -> None:
        busy = self._write.running
        any_selected = bool(self.jobs.selectionModel().selectedRows())
        for button in (self.retry_button, self.cancel_button, self.delete_button):
            button.setEnabled(any_selected and not busy)
        self.older_button.setEnabled(self._next_before_id is not None)
        self.entry_button.setEnabled(self.selected_entry() is not None)

    def _control(
        self, action: Callable[[Collection[int]], Awaitable[tuple[tuple[int, ...], Changes]]], what: str
    ) -> None:
        ids = self.selected_ids()
        if ids:
            self._run(lambda: action(ids), f"{what} {len(ids)} job(s)", lambda result: self.changed.emit(result[1]))

    def _pause(self, paused: bool) -> None:
        queue = self.selected_queue()
        if queue is None:
            self.error.show_error("Select a queue in the counts table first.")
            return
        self._run(lambda: self._admin.set_paused(queue, paused), "Pausing" if paused else "Resuming", self.changed.emit)

    def _run[T](self, work: Callable[[], Awaitable[T]], what: str, on_success: Callable[[T], None]) -> None:
        """One write at a time; whatever happens, counts and list are read again."""
        run_write(self._write, self.error, work, what, on_success, self._after_write)
        self._update_buttons()

    def _after_write(self) -> None:
        self.reload()
        self._update_buttons()
