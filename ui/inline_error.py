"""A refusal shown inside the form that caused it, not in a modal popup.

A message box after a wrong password steals the focus, has to be
dismissed, and hides the field the person has to fix. The dialogs put
the message right above their buttons instead, in the same colours as the
queue's error banner (``ui.theme`` styles both by object name), and keep it
until the next attempt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class InlineError(QLabel):
    """A word-wrapped, selectable error line that takes no room while there is no error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setAccessibleDescription(message)
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.setAccessibleDescription("")
        self.hide()
