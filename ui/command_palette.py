"""Ctrl+K: find any action by typing a few letters of its name, Enter runs it, Esc closes.

Each line reads "Menu: action" ("Go: Queues", "People: Invite someone…")
so a name is never ambiguous out of its menu, and the words typed may
match the menu, the name or what the action does ("switch person").

The list is the window's :class:`~ui.actions.ShellActions`, so it holds
exactly what this person may do; an action that cannot run right now
(Refresh before the queue is open) is listed greyed and Enter skips it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.actions import ShellActions, shortcut_text

_WIDTH = 560
_ACTION_ID = Qt.ItemDataRole.UserRole


def matches(query: str, text: str) -> bool:
    """Every word typed appears somewhere in ``text``, in any order, ignoring case."""
    haystack = text.casefold()
    return all(word in haystack for word in query.casefold().split())


class CommandPalette(QDialog):
    """A filter box over every action of the window, in menu order."""

    def __init__(self, actions: ShellActions, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Command palette")
        self.setModal(True)
        self._actions: dict[str, QAction] = {}

        self.query = QLineEdit(self)
        self.query.setObjectName("paletteQuery")
        self.query.setPlaceholderText("Type a command…  (Enter runs it, Esc closes)")
        self.query.setClearButtonEnabled(True)
        self.results = QTreeWidget(self)
        self.results.setObjectName("paletteResults")
        self.results.setColumnCount(2)
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for spec, action in actions:
            item = QTreeWidgetItem([f"{spec.menu.replace('&', '')}: {spec.label}", shortcut_text(spec)])
            item.setData(0, _ACTION_ID, spec.id)
            item.setData(0, Qt.ItemDataRole.ToolTipRole, spec.description)
            item.setData(1, Qt.ItemDataRole.TextAlignmentRole, Qt.AlignmentFlag.AlignRight)
            item.setIcon(0, action.icon())
            item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, spec.description)
            if not action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.results.addTopLevelItem(item)
            self._actions[spec.id] = action
        self.results.resizeColumnToContents(1)
        self.results.header().setStretchLastSection(False)
        self.results.header().setSectionResizeMode(0, self.results.header().ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        rows = self.results.topLevelItemCount()
        row_height = self.results.sizeHintForRow(0) if rows else 24
        self.results.setMinimumHeight(min(rows, 12) * row_height + 6)
        self.setFixedWidth(min(_WIDTH, parent.width() - 40) if parent.width() > 200 else _WIDTH)

        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.returnPressed.connect(self._on_query_return_pressed)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.query.installEventFilter(self)
        self._on_query_text_changed("")

    # ------------------------------------------------------------ public
    def visible_action_ids(self) -> list[str]:
        return [item.data(0, _ACTION_ID) for item in self._items() if not item.isHidden()]

    def current_action_id(self) -> str | None:
        item = self.results.currentItem()
        return item.data(0, _ACTION_ID) if item is not None and not item.isHidden() else None

    # ------------------------------------------------------ Qt overrides
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down move through the list while the typing stays in the box."""
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            self._move(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        parent = self.parentWidget()
        if parent is not None:  # near the top of the window, centred, like an editor's palette
            top_left = parent.mapToGlobal(parent.rect().topLeft())
            self.move(top_left.x() + (parent.width() - self.width()) // 2, top_left.y() + parent.height() // 8)
        self.query.setFocus()

    # ---------------------------------------------------------- handlers
    def _on_query_text_changed(self, query: str) -> None:
        for item in self._items():
            haystack = f"{item.text(0)} {item.data(0, Qt.ItemDataRole.AccessibleDescriptionRole)}"
            item.setHidden(not matches(query, haystack))
        # Nothing is chosen until something is typed: Enter on an empty box must not sign anyone out.
        first = next((item for item in self._items() if self._runnable(item)), None) if query.strip() else None
        self.results.setCurrentItem(first)
        if first is None:
            self.results.clearSelection()

    def _on_query_return_pressed(self) -> None:
        item = self.results.currentItem()
        if item is not None and self._runnable(item):
            self._run(item)

    def _on_results_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        if self._runnable(item):
            self._run(item)

    # --------------------------------------------------------- internals
    def _items(self) -> list[QTreeWidgetItem]:
        return [self.results.topLevelItem(row) for row in range(self.results.topLevelItemCount())]

    def _runnable(self, item: QTreeWidgetItem) -> bool:
        return not item.isHidden() and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _move(self, step: int) -> None:
        runnable = [item for item in self._items() if self._runnable(item)]
        if not runnable:
            return
        current = self.results.currentItem()
        position = runnable.index(current) if current in runnable else -step
        self.results.setCurrentItem(runnable[(position + step) % len(runnable)])

    def _run(self, item: QTreeWidgetItem) -> None:
        """Close first, then trigger: the action may open a dialog of its own."""
        action = self._actions[item.data(0, _ACTION_ID)]
        self.accept()
        action.trigger()
