"""Two documents side by side, or laid over each other, page by page, with their fields compared.

Blink alternates the two pages in place at a chosen rate, onion skin lays
the other page over this one at a chosen opacity, and difference shows
black wherever the two are the same. Two scans are rarely aligned, so the
other page can be nudged with the arrow keys (Shift: 10 px). The view can
be detached into its own window for a second monitor and docked back by
closing that window. It takes decoded pages (QImage) and plain field
values, so the case view hosts it without the view knowing any service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final, Protocol

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QImage, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.compare_canvas import CompareCanvas, CompareMode, Scene
from ui.compare_fields import FieldComparison, FieldVerdict, compare_fields
from ui.theme import current_colours

NUDGE_STEP: Final = 1
NUDGE_LARGE_STEP: Final = 10
DEFAULT_BLINK_MS: Final = 500
_NUDGE_KEYS: Final = {
    Qt.Key.Key_Left: QPoint(-1, 0),
    Qt.Key.Key_Right: QPoint(1, 0),
    Qt.Key.Key_Up: QPoint(0, -1),
    Qt.Key.Key_Down: QPoint(0, 1),
}


_DIRECTION_NAMES: Final = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}
_ACTION_OF_MODE: Final = {
    CompareMode.SIDE_BY_SIDE: "side_by_side",
    CompareMode.BLINK: "blink",
    CompareMode.ONION: "onion",
    CompareMode.DIFFERENCE: "difference",
}


class ActionBinder(Protocol):
    """The shell's action registry (:class:`ui.actions.ShellActions`), as far as the compare view uses it."""

    def bind(self, action_id: str, handler: Callable[[], object]) -> None: ...

    def get(self, action_id: str) -> QAction | None: ...


class CompareWindow(QWidget):
    """The detached compare view's own top-level window; closing it docks the view back."""

    closing = Signal()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)


class CompareView(QWidget):
    """Compare two documents; call :meth:`set_documents`, then pick a mode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._left: tuple[QImage, ...] = ()
        self._right: tuple[QImage, ...] = ()
        self._mode = CompareMode.SIDE_BY_SIDE
        self._offset = QPoint(0, 0)
        self._showing_right = False
        self._home: tuple[QWidget, QVBoxLayout | QHBoxLayout | None] | None = None
        self._window: CompareWindow | None = None
        self._actions: list[QAction] = []
        self._blink = QTimer(self)
        self._blink.setInterval(DEFAULT_BLINK_MS)
        self._blink.timeout.connect(self._flip)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.canvas = CompareCanvas()
        self.mode_buttons = QButtonGroup(self)
        modes = QHBoxLayout()
        for mode in CompareMode:
            button = QPushButton(mode.value.capitalize())
            button.setCheckable(True)
            button.setObjectName(f"compare-mode-{mode.name.lower()}")
            button.setChecked(mode is self._mode)
            button.clicked.connect(lambda _checked=False, chosen=mode: self.set_mode(chosen))
            self.mode_buttons.addButton(button)
            modes.addWidget(button)
        self.page = QSpinBox()
        self.page.setPrefix("Page ")
        self.page.setMinimum(1)
        self.page.valueChanged.connect(lambda _value: self._redraw())
        self.blink_rate = QSpinBox()
        self.blink_rate.setRange(100, 3000)
        self.blink_rate.setSingleStep(100)
        self.blink_rate.setSuffix(" ms")
        self.blink_rate.setValue(DEFAULT_BLINK_MS)
        self.blink_rate.setToolTip("How long each page shows in blink mode")
        self.blink_rate.valueChanged.connect(self._blink.setInterval)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.opacity.setToolTip("Onion skin: how strongly the other page shows over this one")
        self.opacity.valueChanged.connect(lambda _value: self._redraw())
        self.nudge_label = QLabel()
        self.detach_button = QPushButton("Detach")
        self.detach_button.setToolTip("Open the comparison in its own window (for a second monitor)")
        self.detach_button.clicked.connect(self.toggle_detached)
        fit = QPushButton("Fit")
        fit.clicked.connect(self.canvas.fit)
        modes.addStretch(1)
        modes.addWidget(fit)
        modes.addWidget(self.detach_button)
        # Two rows: in the case view's document area one row would be wider than a laptop's dock.
        settings = QHBoxLayout()
        for widget in (self.page, QLabel("Blink every"), self.blink_rate, QLabel("Onion"), self.opacity):
            settings.addWidget(widget)
        settings.addWidget(self.nudge_label)
        settings.addStretch(1)

        self.fields = QTableWidget(0, 4)
        self.fields.setHorizontalHeaderLabels(["Field", "This document", "Other document", ""])
        self.fields.verticalHeader().hide()
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.fields)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(modes)
        layout.addLayout(settings)
        layout.addWidget(splitter, 1)
        self._show_offset()

    @property
    def mode(self) -> CompareMode:
        return self._mode

    @property
    def offset(self) -> QPoint:
        return QPoint(self._offset)

    @property
    def detached(self) -> bool:
        return self._window is not None

    def set_documents(
        self,
        left: Sequence[QImage],
        right: Sequence[QImage],
        *,
        left_label: str,
        right_label: str,
        left_fields: Mapping[str, object] | None = None,
        right_fields: Mapping[str, object] | None = None,
    ) -> None:
        """Compare ``left`` (this entry's pages) with ``right``; fields are extracted_meta plus PDF properties."""
        self._left, self._right = tuple(left), tuple(right)
        self._offset = QPoint(0, 0)
        self.title.setText(f"<b>{left_label}</b> compared with <b>{right_label}</b>")
        self.page.setMaximum(max(1, min(len(self._left), len(self._right))))
        self.page.setValue(1)
        self._show_fields(compare_fields(left_fields or {}, right_fields or {}))
        self._show_offset()
        self._redraw()

    def set_mode(self, mode: CompareMode) -> None:
        self._mode = mode
        for button in self.mode_buttons.buttons():
            button.setChecked(button.objectName() == f"compare-mode-{mode.name.lower()}")
        self._showing_right = False
        if mode is CompareMode.BLINK:
            self._blink.start()
        else:
            self._blink.stop()
        self._redraw()

    def nudge(self, dx: int, dy: int) -> None:
        """Move the other page by (dx, dy) pixels to line it up with this one."""
        self._offset += QPoint(dx, dy)
        self._show_offset()
        self._redraw()

    def bind_actions(self, actions: ActionBinder) -> None:
        """Run the Compare menu's actions on this view; they keep working in the detached window."""
        for mode in CompareMode:
            actions.bind(f"compare.{_ACTION_OF_MODE[mode]}", lambda chosen=mode: self.set_mode(chosen))
        actions.bind("compare.detach", self.toggle_detached)
        for direction, step in _NUDGE_KEYS.items():
            name = _DIRECTION_NAMES[direction]
            actions.bind(f"compare.nudge_{name}", lambda s=step: self.nudge(s.x(), s.y()))
            large = step * NUDGE_LARGE_STEP
            actions.bind(f"compare.nudge_{name}_far", lambda s=large: self.nudge(s.x(), s.y()))
        ids = [f"compare.{_ACTION_OF_MODE[mode]}" for mode in CompareMode] + ["compare.detach"]
        ids += [f"compare.nudge_{name}{far}" for name in _DIRECTION_NAMES.values() for far in ("", "_far")]
        self._actions = [action for action in map(actions.get, ids) if action is not None]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = _NUDGE_KEYS.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        size = NUDGE_LARGE_STEP if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE_STEP
        self.nudge(step.x() * size, step.y() * size)

    def toggle_detached(self) -> None:
        """Move the view into its own window, or back where it was."""
        if self._window is not None:
            self._window.close()
            return
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        self._home = (parent, layout) if parent is not None else None  # type: ignore[assignment]
        window = CompareWindow()
        window.setWindowTitle("Compare documents - Ruling Desk")
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        QVBoxLayout(window).addWidget(self)
        window.closing.connect(self._dock)
        window.addActions(self._actions)  # window shortcuts: they answer in whichever window holds the view
        self._window = window
        self.detach_button.setText("Dock")
        window.resize(1200, 800)
        window.show()

    def _dock(self) -> None:
        self._window = None
        self.detach_button.setText("Detach")
        if self._home is not None:
            parent, layout = self._home
            self.setParent(parent)
            if layout is not None:
                layout.addWidget(self)
            self.show()

    def _flip(self) -> None:
        self._showing_right = not self._showing_right
        self._redraw()

    def _redraw(self) -> None:
        index = self.page.value() - 1
        if index >= min(len(self._left), len(self._right)):
            return
        self.canvas.show_scene(
            Scene(
                self._left[index],
                self._right[index],
                self._mode,
                QPoint(self._offset),
                self.opacity.value() / 100,
                self._showing_right,
            )
        )

    def _show_offset(self) -> None:
        self.nudge_label.setText(f"Nudge {self._offset.x():+d}, {self._offset.y():+d} px")
        self.nudge_label.setToolTip("Arrow keys move the other page 1 px, with Shift 10 px")

    def _show_fields(self, rows: tuple[FieldComparison, ...]) -> None:
        self.fields.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.field, row.left or "-", row.right or "-", row.verdict.value)
            for column, value in enumerate(cells):
                self.fields.setItem(index, column, QTableWidgetItem(value))
            colour = _verdict_colour(row.verdict)
            if colour is not None:
                for column in range(4):
                    self.fields.item(index, column).setForeground(colour)


def _verdict_colour(verdict: FieldVerdict) -> QColor | None:
    """Different fields in the theme's error text colour, one-sided ones in its "edited" colour."""
    colours = current_colours()
    value = {FieldVerdict.DIFFERENT: colours.error_text, FieldVerdict.MISSING: colours.edited_text}.get(verdict)
    return QColor(value) if value is not None else None
