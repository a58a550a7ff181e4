"""The settings pane's analytics reports page: ask for a report, watch it run, see its chart, save its files.

A request is a database row plus a job; a worker node fills in the status
and the files, and the ``report`` change kind (the table's NOTIFY trigger
and this page's own requests) reloads the list, so progress shows without
polling. Files come from the central database, so any workstation opens
what any other requested. The page talks to a :class:`ReportsSource`
injected by the composition root; it never touches the database itself.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Final, Protocol

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.reports.rows import ReportFile, ReportFormat, ReportRequest, ReportRow, ReportStatus, ReportType
from ui.attempt import Refused, attempt
from ui.change_hub import ChangeHub
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.report_chart import ReportChartView

DEFAULT_DAYS: Final = 30
_COLUMNS: Final = ("Report", "Range", "References", "Status", "Requested by", "Requested")
_STATUS_TEXT: Final = {
    ReportStatus.PENDING: "Waiting for a worker",
    ReportStatus.RUNNING: "Running…",
    ReportStatus.COMPLETED: "Ready",
    ReportStatus.FAILED: "Failed",
}


class ReportsSource(Protocol):
    """What the page needs from the services (:class:`services.reports.ReportService`)."""

    async def request(self, request: ReportRequest) -> tuple[uuid.UUID, Changes]: ...
    async def reports(self) -> tuple[ReportRow, ...]: ...
    async def read_file(self, report_id: uuid.UUID, file_format: ReportFormat) -> ReportFile: ...


SaveDialog = Callable[[QWidget, str], str | None]
"""Asks where to save a file (proposed name in, chosen path or ``None`` out)."""


def ask_where_to_save(parent: QWidget, proposed: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save report", proposed)
    return path or None


def parse_references(text: str) -> tuple[uuid.UUID, ...]:
    """Ids separated by commas, spaces or new lines; raises :class:`Refusal` naming the first that is not one."""
    references: list[uuid.UUID] = []
    for word in text.replace(",", " ").split():
        try:
            references.append(uuid.UUID(word))
        except ValueError:
            raise Refusal(f"“{word[:40]}” is not an id: paste ids separated by commas, or leave it empty.") from None
    return tuple(dict.fromkeys(references))


def day_of(edit: QDateEdit) -> datetime.date:
    day = edit.date()
    return datetime.date(day.year(), day.month(), day.day())


def range_text(row: ReportRow) -> str:
    if row.from_day is None and row.to_day is None:
        return "All time"
    return f"{row.from_day or '…'} to {row.to_day or '…'}"


class ReportsPage(QWidget):
    """Request form, the list of reports with their progress, the selected report's chart and files."""

    def __init__(
        self,
        source: ReportsSource,
        hub: ChangeHub | None = None,
        save_dialog: SaveDialog = ask_where_to_save,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self._source = source
        self._hub = hub
        self._save_dialog = save_dialog
        self._rows: tuple[ReportRow, ...] = ()
        self._load = LatestTask[tuple[ReportRow, ...] | Refused]("reports.load")
        self._work = LatestTask[object]("reports.work")
        self._build()
        if hub is not None:
            hub.changed.connect(self._on_changes)
        self.reload()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.type_box = QComboBox(self)
        self.type_box.setObjectName("reportType")
        for report_type in ReportType:
            self.type_box.addItem(report_type.label, report_type.value)
        today = QDate.currentDate()
        self.from_edit = self._date_edit("reportFrom", today.addDays(-DEFAULT_DAYS))
        self.to_edit = self._date_edit("reportTo", today)
        self.references_edit = QLineEdit(self)
        self.references_edit.setObjectName("reportReferences")
        self.type_box.currentIndexChanged.connect(self._on_type_changed)
        self._on_type_changed()
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        form.addRow("&Report", self.type_box)
        from_label = QLabel("&From", self)
        from_label.setBuddy(self.from_edit)
        form.addRow(from_label, dates)
        form.addRow("R&eferences", self.references_edit)
        layout.addLayout(form)
        self.request_button = QPushButton("Request report", self)
        self.request_button.setObjectName("requestReport")
        self.request_button.clicked.connect(self.request_report)
        layout.addWidget(self.request_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = InlineError(self)
        layout.addWidget(self.message)

        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setObjectName("reportsTable")
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(140)
        self.table.itemSelectionChanged.connect(self._show_selected)
        layout.addWidget(self.table, 1)

        self.chart = ReportChartView(self)
        layout.addWidget(self.chart, 1)
        files = QHBoxLayout()
        self.save_buttons: dict[ReportFormat, QPushButton] = {}
        for file_format in ReportFormat:
            button = QPushButton(f"Save {file_format.value.upper()}…", self)
            button.setObjectName(f"save_{file_format.value}")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=file_format: self.save_file(f))
            files.addWidget(button)
            self.save_buttons[file_format] = button
        files.addStretch(1)
        layout.addLayout(files)

    def _date_edit(self, name: str, day: QDate) -> QDateEdit:
        edit = QDateEdit(day, self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _on_type_changed(self) -> None:
        report_type = self.selected_type()
        self.references_edit.setPlaceholderText(f"Empty for all you may see, or {report_type.references_hint}")

    def selected_type(self) -> ReportType:
        return ReportType(self.type_box.currentData())

    # ------------------------------------------------------------ actions
    def focus_request(self) -> None:
        """Put the keyboard on the request form (the "Request a report" action)."""
        self.type_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def request_report(self) -> None:
        try:
            request = ReportRequest(
                type=self.selected_type(),
                from_day=day_of(self.from_edit),
                to_day=day_of(self.to_edit),
                references=parse_references(self.references_edit.text()),
            )
        except Refusal as refusal:
            self.message.show_error(refusal.message)
            return
        self.request_button.setEnabled(False)
        self.message.clear_error()
        self._work.start(
            attempt(lambda: self._source.request(request), expected=(Refusal,), what="Requesting the report"),
            self._on_requested,
        )

    def _on_requested(self, outcome: object) -> None:
        self.request_button.setEnabled(True)
        if isinstance(outcome, Refused):
            self.message.show_error(outcome.message)
            return
        assert isinstance(outcome, tuple)
        changes: Changes = outcome[1]
        if self._hub is not None:
            self._hub.publish(changes)
        else:
            self.reload()

    def save_file(self, file_format: ReportFormat) -> None:
        row = self.selected_report()
        if row is None:
            return
        self._work.start(
            attempt(lambda: self._source.read_file(row.id, file_format), expected=(Refusal,), what="Reading the file"),
            self._on_file,
        )

    def _on_file(self, outcome: object) -> None:
        if isinstance(outcome, Refused):
            self.message.show_error(outcome.message)
            return
        assert isinstance(outcome, ReportFile)
        path = self._save_dialog(self, outcome.file_name)
        if path is None:
            return
        try:
            Path(path).write_bytes(outcome.content)
        except OSError as failure:
            self.message.show_error(f"Could not save {path}: {failure.strerror or failure}")

    # ------------------------------------------------------------ the list
    def reload(self) -> None:
        self._load.start(
            attempt(self._source.reports, expected=(Refusal,), what="Loading the reports"), self._on_loaded
        )

    @property
    def loading(self) -> bool:
        return self._load.running

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.REPORT):
            self.reload()

    def _on_loaded(self, outcome: tuple[ReportRow, ...] | Refused) -> None:
        if isinstance(outcome, Refused):
            self.message.show_error(outcome.message)
            return
        selected = self.selected_report()
        self._rows = outcome
        self.table.setRowCount(len(outcome))
        for index, row in enumerate(outcome):
            cells = (
                row.type.label,
                range_text(row),
                "All" if row.all_references or not row.reference_count else f"{row.reference_count:,}",
                _STATUS_TEXT[row.status]
                + (f": {row.error}" if row.error and row.status is ReportStatus.FAILED else ""),
                row.requested_by or "Weekly schedule",
                row.requested_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.table.setItem(index, column, item)
        if selected is not None:
            for index, row in enumerate(outcome):
                if row.id == selected.id:
                    self.table.selectRow(index)
        self._show_selected()

    def selected_report(self) -> ReportRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()]

    def select_report(self, report_id: uuid.UUID) -> bool:
        for index, row in enumerate(self._rows):
            if row.id == report_id:
                self.table.selectRow(index)
                return True
        return False

    def _show_selected(self) -> None:
        row = self.selected_report()
        finished = row is not None and row.status is ReportStatus.COMPLETED
        for button in self.save_buttons.values():
            button.setEnabled(finished)
        if row is None:
            self.chart.show_chart(None, "Pick a report to see its chart.")
        elif row.status is ReportStatus.COMPLETED:
            self.chart.show_chart(row.chart, "No entries fall in this report's range and scope.")
        else:
            self.chart.show_chart(None, f"{_STATUS_TEXT[row.status]} — the chart appears when the report is ready.")
