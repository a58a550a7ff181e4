"""``?`` or F1: every action this person has, grouped by menu, with its keys.

Generated from the window's :class:`~ui.actions.ShellActions`, so it can
never list a shortcut that does not work or miss one that does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.actions import Menu, ShellActions, shortcut_text


class ShortcutOverlay(QDialog):
    """A read-only sheet of shortcuts; Esc or Enter closes it."""

    def __init__(self, actions: ShellActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutOverlay")
        self.setWindowTitle("Keyboard shortcuts")
        self.labels: dict[str, QLabel] = {}
        """The shortcut label of each action id listed, for tests and screen readers."""

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        row = 0
        specs = [spec for spec, _action in actions]
        for menu in Menu:
            in_menu = [spec for spec in specs if spec.menu is menu]
            if not in_menu:
                continue
            heading = QLabel(menu.replace("&", ""), self)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for spec in in_menu:
                keys = QLabel(shortcut_text(spec), self)
                keys.setObjectName(f"keys:{spec.id}")
                keys.setTextFormat(Qt.TextFormat.PlainText)
                grid.addWidget(QLabel(spec.label, self), row, 0)
                grid.addWidget(keys, row, 1, Qt.AlignmentFlag.AlignRight)
                self.labels[spec.id] = keys
                row += 1
            grid.setRowMinimumHeight(row, 8)
            row += 1

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(buttons)
