"""The case view's Jobs tab: the background jobs that belong to the open entry (their ``args.entry_id``).

A reviewer asks "was the applicant told?" or "did the similarity check
run?" without leaving the case: the notification, similarity and report
jobs of this entry, newest first, with their state and attempts. Shown only
to job administrators: a job names its entry in ``args``, a column other
staff may not read. Retrying or cancelling stays on the jobs settings page. The list follows the change hub,
so a job that finishes while the case is open shows its new state.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Final

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.job_admin_rows import JobRow
from ui.case_header import time_text
from ui.change_hub import ChangeHub
from ui.latest_task import LatestTask

type EntryJobsSource = Callable[[uuid.UUID], Awaitable[tuple[JobRow, ...]]]
"""``services.job_admin.jobs_of_entry`` bound to the person's unit of work."""

COLUMNS: Final = ("Job", "Worker", "State", "Attempt", "Queue", "Inserted (UTC)")
NO_JOBS: Final = "No background job belongs to this entry."


class EntryJobsPanel(QWidget):
    def __init__(self, source: EntryJobsSource, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryJobs")
        self._source = source
        self._entry_id: uuid.UUID | None = None
        self._rows: tuple[JobRow, ...] = ()
        self._load: LatestTask[tuple[JobRow, ...] | str] = LatestTask("entry jobs")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        hub.changed.connect(self._on_changes)

    @property
    def rows(self) -> tuple[JobRow, ...]:
        return self._rows

    @property
    def loading(self) -> bool:
        return self._load.running

    def show_entry(self, entry_id: uuid.UUID | None) -> None:
        self._entry_id = entry_id
        self._rows = ()
        self.table.setRowCount(0)
        self.message.setText("Looking up this entry's jobs…" if entry_id is not None else "")
        self._reload()

    def _reload(self) -> None:
        if self._entry_id is not None:
            self._load.start(self._fetch(self._entry_id), self._show)
        else:
            self._load.cancel()

    async def _fetch(self, entry_id: uuid.UUID) -> tuple[JobRow, ...] | str:
        try:
            return await self._source(entry_id)
        except Refusal as refusal:
            return refusal.message

    def _show(self, outcome: tuple[JobRow, ...] | str) -> None:
        if isinstance(outcome, str):
            self.message.setText(f"The jobs cannot be listed: {outcome}")
            return
        self._rows = outcome
        self.message.setText("" if outcome else NO_JOBS)
        self.table.setRowCount(len(outcome))
        for index, job in enumerate(outcome):
            cells = (
                str(job.id),
                job.short_worker,
                job.state.value,
                f"{job.attempt} of {job.max_attempts}",
                job.queue,
                time_text(job.inserted_at),
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.JOB):
            self._reload()
