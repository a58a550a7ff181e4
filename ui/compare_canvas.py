"""Two page images drawn as one: side by side, blinking, onion skin or pixel difference.

One canvas draws both pages through one transform, so zoom and pan are
locked together by construction rather than by keeping two views in step.
:func:`compose` is a pure function of the two pages and the settings, so
tests can assert on its pixels and the widget only scales what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

GAP: Final = 16
"""Pixels between the two pages side by side."""
MIN_ZOOM: Final = 0.05
MAX_ZOOM: Final = 16.0


class CompareMode(StrEnum):
    SIDE_BY_SIDE = "side by side"
    BLINK = "blink"
    ONION = "onion skin"
    DIFFERENCE = "difference"


@dataclass(frozen=True)
class Scene:
    """What the canvas shows: one page, or two in a mode, with the nudge, opacity and blink phase."""

    left: QImage
    right: QImage | None = None
    mode: CompareMode = CompareMode.SIDE_BY_SIDE
    offset: QPoint = field(default_factory=QPoint)
    opacity: float = 0.5
    showing_right: bool = False

    def size(self) -> QSize:
        if self.right is None:
            return self.left.size()
        height = max(self.left.height(), self.right.height())
        if self.mode is CompareMode.SIDE_BY_SIDE:
            return QSize(self.left.width() + GAP + self.right.width(), height)
        return QSize(max(self.left.width(), self.right.width()), height)

    def paint(self, painter: QPainter) -> None:
        """Draw at page scale through ``painter``'s transform: the widget's zoom, or 1:1 into an image."""
        right, nudge = self.right, self.offset
        if right is None:
            painter.drawImage(0, 0, self.left)
        elif self.mode is CompareMode.SIDE_BY_SIDE:
            painter.drawImage(0, 0, self.left)
            painter.drawImage(self.left.width() + GAP, 0, right)
        elif self.mode is CompareMode.BLINK:
            painter.drawImage(nudge if self.showing_right else QPoint(0, 0), right if self.showing_right else self.left)
        elif self.mode is CompareMode.ONION:
            painter.drawImage(0, 0, self.left)
            painter.setOpacity(self.opacity)
            painter.drawImage(nudge, right)
            painter.setOpacity(1.0)
        else:
            painter.fillRect(QRect(QPoint(0, 0), self.size()), QColor("black"))
            painter.drawImage(0, 0, self.left)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
            painter.drawImage(nudge, right)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)


def compose(
    left: QImage,
    right: QImage,
    mode: CompareMode,
    *,
    offset: QPoint | None = None,
    opacity: float = 0.5,
    showing_right: bool = False,
) -> QImage:
    """The picture the reviewer sees, at page scale; ``offset`` nudges the right page in the overlay modes.

    In difference mode identical pixels come out black, so whatever is not
    black is where the two documents differ.
    """
    return render(Scene(left, right, mode, offset or QPoint(0, 0), opacity, showing_right))


def render(scene: Scene) -> QImage:
    """``scene`` at page scale, as an image (what tests and screenshots read pixels from)."""
    canvas = QImage(scene.size(), QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(QColor(0, 0, 0, 0))
    painter = QPainter(canvas)
    try:
        scene.paint(painter)
    finally:
        painter.end()
    return canvas


class CompareCanvas(QWidget):
    """Shows a composed picture; Ctrl+wheel zooms about the cursor, dragging pans, for both pages at once."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._scene = Scene(QImage())
        self._zoom = 1.0
        self._pan = QPointF(0, 0)
        self._drag_from: QPointF | None = None
        self._fitted = False
        self._fit_follows = False
        """Fitted and not zoomed or panned since: a resize (docking, detaching) fits again."""

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def pan(self) -> QPointF:
        return QPointF(self._pan)

    def picture(self) -> QImage:
        """What is shown, at page scale (rendered on demand; painting never builds it)."""
        return render(self._scene) if not self._scene.left.isNull() else QImage()

    def show_picture(self, picture: QImage) -> None:
        """Show one image."""
        self.show_scene(Scene(picture))

    def show_scene(self, scene: Scene) -> None:
        """Show ``scene``, keeping zoom and pan while its size stays (blinking or nudging must not jump);
        a scene of another size (side by side versus overlaid) is fitted anew.

        Painting draws the pages through the zoom straight onto the widget, so
        the cost follows the screen's pixels, not a 300 dpi scan's.
        """
        resized = scene.size() != self._scene.size()
        self._scene = scene
        if (resized or not self._fitted) and not scene.left.isNull() and self.width() > 0:
            self.fit()
        self.update()

    def fit(self) -> None:
        """Zoom so the whole picture fits, centred."""
        size = self._scene.size()
        if size.isEmpty():
            return
        self._fitted = True
        self._fit_follows = True
        scale = min(self.width() / size.width(), self.height() / size.height())
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        self._pan = QPointF(
            (self.width() - size.width() * self._zoom) / 2,
            (self.height() - size.height() * self._zoom) / 2,
        )
        self.zoom_changed.emit(self._zoom)
        self.update()

    def zoom_by(self, factor: float, about: QPointF | None = None) -> None:
        centre = about if about is not None else QPointF(self.width() / 2, self.height() / 2)
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, self._zoom * factor))
        self._fit_follows = False
        self._pan = centre - (centre - self._pan) * (zoom / self._zoom)
        self._zoom = zoom
        self.zoom_changed.emit(zoom)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_follows:
            self.fit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().dark())
        if not self._scene.left.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._zoom < 1.0)
            painter.translate(self._pan)
            painter.scale(self._zoom, self._zoom)
            painter.setClipRect(QRect(QPoint(0, 0), self._scene.size()))
            self._scene.paint(painter)
        painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.15 if event.angleDelta().y() > 0 else 1 / 1.15, event.position())
        else:
            self._pan += QPointF(event.angleDelta().x(), event.angleDelta().y()) / 2
            self._fit_follows = False
            self.update()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag_from = event.position()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._pan += event.position() - self._drag_from
            self._drag_from = event.position()
            self._fit_follows = False
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        self.unsetCursor()
