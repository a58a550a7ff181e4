"""Opening an unassigned entry from the queue: claim it to rule, or only read it?

Opening an entry from the pool must not claim it behind the reviewer's
back (the other reviewers would lose it), nor leave them looking at a
case they cannot rule without saying why. So the window asks, window-modal
and awaited without a nested event loop (``exec`` would stall qasync).
"""

from __future__ import annotations

import asyncio
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class ClaimAnswer(Enum):
    CLAIM = "claim"
    READ = "read"
    CANCEL = "cancel"


class ClaimQuestion(QMessageBox):
    """ "Claim and rule" (the default: Enter), "Open read-only", or Cancel."""

    def __init__(self, entry: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimQuestion")
        self.setWindowTitle("Open an unassigned entry")
        self.setIcon(QMessageBox.Icon.Question)
        self.setText(f"{entry} is in the unassigned pool.")
        self.setInformativeText("Claim it to rule on it, or open it to read only (it stays in the pool).")
        self.claim_button = self.addButton("&Claim and rule", QMessageBox.ButtonRole.AcceptRole)
        self.read_button = self.addButton("Open &read-only", QMessageBox.ButtonRole.ActionRole)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.claim_button)
        self.setEscapeButton(self.cancel_button)

    @property
    def answer(self) -> ClaimAnswer:
        clicked = self.clickedButton()
        if clicked is self.claim_button:
            return ClaimAnswer.CLAIM
        if clicked is self.read_button:
            return ClaimAnswer.READ
        return ClaimAnswer.CANCEL


async def ask_to_claim(parent: QWidget, entry: str) -> ClaimAnswer:
    """Ask on ``parent`` and wait for the answer (Escape or closing it: cancel)."""
    question = ClaimQuestion(entry, parent)
    question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    answered: asyncio.Future[ClaimAnswer] = asyncio.get_running_loop().create_future()

    def finished(_result: int) -> None:
        if not answered.done():
            answered.set_result(question.answer)

    question.finished.connect(finished)
    question.open()
    return await answered
