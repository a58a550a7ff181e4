"""A lead hands an entry to another reviewer (or back to the pool): a searchable picker and a reason.

The people offered come from the server (:mod:`services.reviewer_directory`:
active reviewers, senior reviewers and QA, exactly whom
``rd_reassign_entry`` accepts), searched there as the lead types, so a
long staff list never loads whole. The write is ``rd_reassign_entry``,
which audits the change with the reason; a refusal (ruled meanwhile, no
longer open) shows inside the dialog, which stays open with the choice.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.changes import Changes
from services.errors import DatabaseUnavailable, Refusal
from services.reviewer_choices import ReviewerChoice
from ui.attempt import Refused, attempt
from ui.inline_error import InlineError
from ui.latest_task import LatestTask
from ui.role_labels import role_label

_SEARCH_PAUSE_MS: Final = 250
_POOL: Final = "pool"
"""The picker line that hands the entry back to the unassigned pool (``rd_reassign_entry`` with no one)."""


@dataclass(frozen=True)
class ReassignDesk:
    """A lead's use cases, bound by the composition root to their unit of work."""

    reviewers: Callable[[str], Awaitable[list[ReviewerChoice]]]
    reassign: Callable[[uuid.UUID, uuid.UUID | None, str], Awaitable[Changes]]
    publish: Callable[[Changes], None]


class ReassignDialog(QDialog):
    """Pick who gets ``entry`` (or the pool), say why, and reassign; closes once the database agreed."""

    def __init__(
        self,
        desk: ReassignDesk,
        entry_id: uuid.UUID,
        entry: str,
        parent: QWidget | None = None,
        *,
        holder: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reassignDialog")
        self.setWindowTitle(f"Reassign {entry}")
        self.setMinimumWidth(520)
        self._desk, self._entry_id = desk, entry_id
        self._load: LatestTask[list[ReviewerChoice] | Refused] = LatestTask("reassign picker")
        self._sending: LatestTask[Changes | Refused] = LatestTask("reassign")

        self.search = QLineEdit(self)
        self.search.setObjectName("reassignSearch")
        self.search.setPlaceholderText("Search reviewers by name or e-mail")
        self.search.setClearButtonEnabled(True)
        self.people = QListWidget(self)
        self.people.setObjectName("reassignPeople")
        self.people.setMinimumHeight(220)
        # A long address is cut short with "…" (the whole line is the item's tooltip), never scrolled sideways.
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reassignReason")
        self.reason.setPlaceholderText("Reason (required, kept in the audit log)")
        self.error = InlineError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Reassign")
        self.ok.setEnabled(False)

        layout = QVBoxLayout(self)
        where = f"{entry} is with {holder}. " if holder else ""
        self.intro = QLabel(f"{where}Who should work on {entry}?", self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addWidget(self.search)
        layout.addWidget(self.people, 1)
        layout.addWidget(QLabel("Why?", self))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.load_people)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.people.currentItemChanged.connect(lambda *_: self._update_ok())
        self.reason.textChanged.connect(lambda _text: self._update_ok())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.load_people()
        self.search.setFocus()

    # ------------------------------------------------------------ public
    @property
    def chosen(self) -> uuid.UUID | str | None:
        """The chosen person's id, :data:`_POOL` for the pool, ``None`` while nothing is chosen."""
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose(self, user_id: uuid.UUID | None) -> bool:
        """Select ``user_id`` (``None``: the pool) in the list as it stands; whether it was there."""
        return self._select(_POOL if user_id is None else user_id)

    def _select(self, wanted: uuid.UUID | str) -> bool:
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == wanted:
                self.people.setCurrentRow(row)
                return True
        return False

    def load_people(self) -> None:
        self._search_timer.stop()
        text = self.search.text()
        self._load.start(
            attempt(
                lambda: self._desk.reviewers(text), expected=(Refusal, DatabaseUnavailable), what="Listing reviewers"
            ),
            self._on_people,
        )

    def accept(self) -> None:
        chosen, reason = self.chosen, self.reason.text().strip()
        if chosen is None or not reason or self._sending.running:
            return
        assignee = None if chosen == _POOL else chosen
        assert assignee is None or isinstance(assignee, uuid.UUID)
        self.error.clear_error()
        self._set_busy(True)
        self._sending.start(
            attempt(
                lambda: self._desk.reassign(self._entry_id, assignee, reason),
                expected=(Refusal, DatabaseUnavailable),
                what="Reassigning",
            ),
            self._on_sent,
        )

    def done(self, result: int) -> None:
        self._load.cancel()
        if result != QDialog.DialogCode.Accepted:
            self._sending.cancel()
        super().done(result)

    # ---------------------------------------------------------- handlers
    def _on_people(self, found: list[ReviewerChoice] | Refused) -> None:
        chosen = self.chosen
        self.people.clear()
        if isinstance(found, Refused):
            self.error.show_error(found.message)
            return
        pool = QListWidgetItem("Back to the unassigned pool", self.people)
        pool.setData(Qt.ItemDataRole.UserRole, _POOL)
        for person in found:
            item = QListWidgetItem(f"{person.name} — {role_label(person.role)} · {person.email}", self.people)
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, person.user_id)
        if chosen is not None:
            self._select(chosen)
        self._update_ok()

    def _on_sent(self, outcome: Changes | Refused) -> None:
        self._set_busy(False)
        if isinstance(outcome, Refused):
            self.error.show_error(outcome.message)
            return
        self._desk.publish(outcome)
        super().accept()

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.chosen is not None and bool(self.reason.text().strip()) and not self._sending.running)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.search, self.people, self.reason):
            widget.setEnabled(not busy)
        self.ok.setEnabled(not busy)
        self.ok.setText("Reassigning…" if busy else "Reassign")
