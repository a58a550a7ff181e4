"""The settings pages' list parts: a table that knows which record each row shows, a search box, a secret shown once.

The settings pages list plain result rows and act on the selected one;
keeping the records beside the rows here means a page never maps a row
number back to its data by hand, and every list looks and selects alike:
whole rows, one at a time (or several where a page acts on many), no
editing, one column stretched.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


class Record(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


class RecordTable[R: Record](QTableWidget):
    """Rows of ``R``, each shown through ``cells``; :meth:`selected` is the chosen record."""

    def __init__(
        self,
        name: str,
        columns: Sequence[str],
        cells: Callable[[R], Sequence[str]],
        *,
        stretch: int,
        many: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(columns), parent)
        self._cells = cells
        self._records: list[R] = []
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(columns))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        single, extended = (
            QAbstractItemView.SelectionMode.SingleSelection,
            QAbstractItemView.SelectionMode.ExtendedSelection,
        )
        self.setSelectionMode(extended if many else single)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(200)

    @property
    def records(self) -> list[R]:
        return list(self._records)

    def show_records(self, records: Iterable[R], *, append: bool = False) -> None:
        """Show ``records`` (after the current ones with ``append``), keeping the selected record selected."""
        chosen = self.selected()
        if not append:
            self._records = []
            self.setRowCount(0)
        for record in records:
            index = len(self._records)
            self._records.append(record)
            self.insertRow(index)
            for column, value in enumerate(self._cells(record)):
                self.setItem(index, column, QTableWidgetItem(value))
        if chosen is not None:
            self.select(chosen.id)

    def selected(self) -> R | None:
        rows = self.selectionModel().selectedRows()
        return self._records[rows[0].row()] if rows else None

    def chosen(self) -> list[R]:
        """Every selected record, in list order (tables built with ``many=True`` select several)."""
        return [self._records[index.row()] for index in sorted(self.selectionModel().selectedRows())]

    def select(self, record_id: uuid.UUID) -> bool:
        for index, record in enumerate(self._records):
            if record.id == record_id:
                self.selectRow(index)
                return True
        return False


def show_once(parent: QWidget, name: str, title: str, text: str) -> QMessageBox:
    """A secret (a one-time password, an invitation code) in a box it can be copied from, shown this once."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setObjectName(name)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


SEARCH_PAUSE_MS = 250
"""Typing in a search box reloads after this pause, not at every key."""


def search_box(parent: QWidget, name: str, placeholder: str, on_search: Callable[[], None]) -> QLineEdit:
    """A search field that calls ``on_search`` once the person pauses typing (the list is searched on the server)."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    pause = QTimer(field, singleShot=True, interval=SEARCH_PAUSE_MS)
    pause.timeout.connect(on_search)
    field.textChanged.connect(pause.start)
    return field
