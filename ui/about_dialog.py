"""Help → About: which Ruling Desk this is, and which database and folders it works with.

The first thing support asks is "which version, which server, where are
the files": this box answers all three and lets the person copy them. The
server's facts are read through the person's own session when the box
opens; if the database is gone the box says so instead of failing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from services.errors import Refusal
from services.server_facts import ServerFacts
from ui.attempt import Refused, attempt
from ui.latest_task import LatestTask

ServerFactsSource = Callable[[], Awaitable[ServerFacts]]


class AboutDialog(QDialog):
    def __init__(
        self, facts: ServerFactsSource, *, app_version: str, data_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Ruling Desk")
        self._facts: LatestTask[ServerFacts | Refused] = LatestTask("server facts")

        title = QLabel("<b>Ruling Desk</b> — document-fraud review workstation", self)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, value in (
            ("app_version", "App version", app_version),
            ("qt_version", "PySide6", pyside_version),
            ("server_version", "PostgreSQL", "Asking the server…"),
            ("database", "Database", "Asking the server…"),
            ("signed_in_as", "Database role", "Asking the server…"),
            ("data_dir", "Data directory", str(data_dir)),
        ):
            field = QLabel(value, self)
            field.setObjectName(f"about:{key}")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(f"{label}:", field)
            self.fields[key] = field
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self._facts.start(attempt(facts, expected=(Refusal,), what="Reading the server's version"), self._on_facts_read)
        self.finished.connect(self._facts.cancel)

    @property
    def loading(self) -> bool:
        return self._facts.running

    def _on_facts_read(self, facts: ServerFacts | Refused) -> None:
        if isinstance(facts, Refused):
            for key in ("server_version", "database", "signed_in_as"):
                self.fields[key].setText(f"Not available: {facts.message}")
            return
        self.fields["server_version"].setText(facts.server_version)
        self.fields["database"].setText(facts.database)
        self.fields["signed_in_as"].setText(facts.signed_in_as)
