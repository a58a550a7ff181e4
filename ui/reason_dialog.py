"""Ask the reviewer why (release, skip, escalate): a small window-modal dialog awaited without a nested loop.

``exec()`` would spin a nested Qt loop inside a qasync task and stall the
other tasks; :func:`ask_reason` opens the dialog and awaits a future that
its ``finished`` signal resolves. OK stays disabled until a reason is
typed, because the database refuses these steps without one.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class ReasonDialog(QDialog):
    """One line of reason under a question; ``reason`` is the trimmed text once accepted."""

    def __init__(self, title: str, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        prompt = QLabel(question, self)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText("Reason (required)")
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout.addWidget(self.buttons)
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(title)
        self._ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if self.reason:  # Enter in an empty line must not close it as if answered
            super().accept()


async def ask_reason(parent: QWidget, title: str, question: str) -> str | None:
    """Open the dialog on ``parent`` and wait for it; ``None`` when the reviewer cancelled."""
    dialog = ReasonDialog(title, question, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    answered: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not answered.done():
            answered.set_result(dialog.reason if result == QDialog.DialogCode.Accepted else None)

    dialog.finished.connect(finished)
    dialog.open()
    dialog.reason_edit.setFocus()
    return await answered
