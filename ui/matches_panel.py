"""The case view's matches panel: the entry's duplicates, highest first, and the reviewer's decision on each.

Rows are labelled by spec 000's bands in theme status colours; what the
viewer may not see of the other entry stays "not visible to you". A
decision ("same applicant / duplicate" or "different applicant", with an
optional note) is stored on the match row itself, so the other entry's
panel shows it too; the panel publishes the write's Changes and reloads
whenever the hub says matches changed (here or on another desk).
"""

from __future__ import annotations

import uuid
from typing import Final, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.matches.rows import MatchBand, MatchDecisionKind, MatchRow
from ui.change_hub import ChangeHub
from ui.empty_state import EmptyState
from ui.latest_task import LatestTask
from ui.theme import current_colours, ruling_colour
from ui.vocabulary import review_status_label, suggested_ruling_label

BAND_LABELS: Final = {
    MatchBand.DUPLICATE: "Duplicate (auto-merge candidate)",
    MatchBand.REVIEW: "Review",
    MatchBand.INFORMATIONAL: "Informational",
    MatchBand.LOW: "Low",
}
DECISION_LABELS: Final = {
    MatchDecisionKind.DUPLICATE: "Same applicant / duplicate",
    MatchDecisionKind.DIFFERENT_APPLICANT: "Different applicant",
}
HIDDEN: Final = "not visible to you"
NO_MATCHES: Final = "No other entry you can see matches this one."
"""Said as "you can see": for a company-side person a match with another company's entry is not shown at all."""
COLUMNS: Final = ("Match", "Band", "Entry", "Applicant", "Property", "Company", "Status", "Ruling", "Decision")


class MatchesSource(Protocol):
    """The matches services bound to the signed-in person's unit of work (built in app/)."""

    async def list_matches(self, entry_id: uuid.UUID) -> tuple[MatchRow, ...]: ...

    async def record_decision(self, match_id: int, decision: MatchDecisionKind, note: str | None) -> Changes: ...


def band_colour(band: MatchBand) -> QColor | None:
    """Duplicates in the error colour, review in the "edited" colour, the rest plain."""
    colours = current_colours()
    value = {MatchBand.DUPLICATE: colours.error_text, MatchBand.REVIEW: colours.edited_text}.get(band)
    return QColor(value) if value is not None else None


class MatchesPanel(QWidget):
    """One entry's matches; select a row, then record a decision on it."""

    def __init__(self, source: MatchesSource, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._hub = hub
        self._entry_id: uuid.UUID | None = None
        self._rows: tuple[MatchRow, ...] = ()
        self._loading: LatestTask[tuple[MatchRow, ...] | str] = LatestTask("matches")
        self._deciding: LatestTask[tuple[MatchDecisionKind, Changes] | str] = LatestTask("match decision")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (optional)")
        self.same = QPushButton(DECISION_LABELS[MatchDecisionKind.DUPLICATE])
        self.different = QPushButton(DECISION_LABELS[MatchDecisionKind.DIFFERENT_APPLICANT])
        self.same.clicked.connect(lambda _checked=False: self._decide(MatchDecisionKind.DUPLICATE))
        self.different.clicked.connect(lambda _checked=False: self._decide(MatchDecisionKind.DIFFERENT_APPLICANT))
        self.message = QLabel()
        self.message.setWordWrap(True)
        decide = QHBoxLayout()
        decide.addWidget(self.note, 1)
        decide.addWidget(self.same)
        decide.addWidget(self.different)
        self.empty = EmptyState("No matches", NO_MATCHES)
        self.stack = QStackedWidget()  # the table, or the empty state when the entry has no matches
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(decide)
        layout.addWidget(self.message)
        self._selection_changed()
        hub.changed.connect(self._on_changes)

    @property
    def rows(self) -> tuple[MatchRow, ...]:
        return self._rows

    @property
    def loading(self) -> bool:
        return self._loading.running

    def show_entry(self, entry_id: uuid.UUID) -> None:
        """Load ``entry_id``'s matches (the rows arrive when the database answers); the previous entry's go now."""
        self._entry_id = entry_id
        self._rows = ()
        self.table.setRowCount(0)
        self.message.clear()
        self.stack.setCurrentWidget(self.table)
        self._reload()

    def select_match(self, match_id: int) -> None:
        for index, row in enumerate(self._rows):
            if row.match_id == match_id:
                self.table.selectRow(index)

    def _reload(self) -> None:
        if self._entry_id is not None:
            self._loading.start(self._fetch(self._entry_id), self._show_rows)

    async def _fetch(self, entry_id: uuid.UUID) -> tuple[MatchRow, ...] | str:
        try:
            return await self._source.list_matches(entry_id)
        except Refusal as refusal:
            return refusal.message

    def _show_rows(self, rows: tuple[MatchRow, ...] | str) -> None:
        if isinstance(rows, str):
            self.message.setText(rows)
            return
        selected = self.selected()
        self._rows = rows
        self._fill()
        if selected is not None:
            self.select_match(selected.match_id)
        self.stack.setCurrentWidget(self.table if rows else self.empty)

    def _fill(self) -> None:
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            decision = DECISION_LABELS[row.decision] if row.decision else "-"
            if row.decision and row.decision_note:
                decision = f"{decision}: {row.decision_note}"
            cells = (
                f"{row.percentage} %",
                BAND_LABELS[row.band],
                row.other_short_id or HIDDEN,
                row.applicant_name or HIDDEN,
                row.property_name or HIDDEN,
                row.company_name or HIDDEN,
                review_status_label(row.review_status) if row.review_status else "-",
                suggested_ruling_label(row.ruling) if row.ruling else "-",
                decision,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
            colour = band_colour(row.band)
            if colour is not None:
                self.table.item(index, 0).setForeground(colour)
                self.table.item(index, 1).setForeground(colour)
            ruling = ruling_colour(row.ruling)
            if ruling is not None:
                self.table.item(index, 7).setForeground(ruling)

    def selected(self) -> MatchRow | None:
        """The match chosen in the table, if any."""
        indexes = self.table.selectionModel().selectedRows()
        return self._rows[indexes[0].row()] if indexes and indexes[0].row() < len(self._rows) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        for button in (self.same, self.different):
            button.setEnabled(chosen is not None)
        if chosen is not None and chosen.decision_note:
            self.note.setText(chosen.decision_note)

    def _decide(self, decision: MatchDecisionKind) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._deciding.start(self._record(chosen.match_id, decision, self.note.text()), self._decided)

    async def _record(
        self, match_id: int, decision: MatchDecisionKind, note: str
    ) -> tuple[MatchDecisionKind, Changes] | str:
        try:
            return decision, await self._source.record_decision(match_id, decision, note)
        except Refusal as refusal:
            return refusal.message

    def _decided(self, outcome: tuple[MatchDecisionKind, Changes] | str) -> None:
        if isinstance(outcome, str):
            self.message.setText(outcome)
            return
        decision, changes = outcome
        self.message.setText(f"Recorded: {DECISION_LABELS[decision]}.")
        self.note.clear()
        self._hub.publish(changes)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.MATCH):
            self._reload()
