"""The document viewer: one page of an image or PDF, with zoom, pan, fit, rotate and page navigation.

Built on ``QGraphicsView``: zoom and rotation are one view transform,
dragging pans (``ScrollHandDrag``) and the arrow keys scroll, all without
re-rendering the page. Pages come from :class:`~ui.document_pages.DocumentPages`
(decoded off the UI thread, cached); a load runs through a
:class:`~ui.latest_task.LatestTask`, so when the reviewer flips fast only
the newest page lands. A document that cannot be shown replaces the page
with a placeholder that says why.

The workflow reads :attr:`DocumentViewer.url` and :attr:`DocumentViewer.page`
to know what the reviewer is looking at.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QStackedWidget, QWidget

from ui.document_pages import DocumentPages, PageOutcome, RenderedPage
from ui.empty_state import EmptyState
from ui.latest_task import LatestTask

ZOOM_STEP: Final = 1.25
MIN_ZOOM: Final = 0.05
MAX_ZOOM: Final = 16.0


class Fit(Enum):
    """How the page's scale follows the viewer's size; MANUAL once the reviewer zooms."""

    WIDTH = auto()
    PAGE = auto()
    MANUAL = auto()


class PageCanvas(QGraphicsView):
    """The page itself: a pixmap in a scene, scaled and rotated by the view transform."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentCanvas")
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class DocumentViewer(QStackedWidget):
    """Shows one page of one document; keys: arrows pan, PgUp/PgDn turn pages (zoom and rotate are shell actions)."""

    page_shown = Signal(int, int)
    """(page index, page count) once a page is on screen."""
    unviewable = Signal(str)
    """The document cannot be shown; the reason is on the placeholder too."""
    view_changed = Signal()
    """Zoom, rotation or page changed: :meth:`position_text` says where the reviewer is."""

    def __init__(self, pages: DocumentPages | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentViewer")
        self._pages = pages
        self._load: LatestTask[PageOutcome] = LatestTask("document page")
        self.url: str | None = None
        self.page = 0
        self.page_count = 0
        self.zoom = 1.0
        self.rotation = 0
        self.fit = Fit.WIDTH
        self.canvas = PageCanvas(self)
        self.canvas.resized.connect(self._apply_transform)
        self.placeholder = EmptyState("No document", "Pick a document of the case to see it here.", self)
        self.placeholder.setObjectName("documentPlaceholder")
        self.addWidget(self.canvas)
        self.addWidget(self.placeholder)
        self.setCurrentWidget(self.placeholder)

    # ------------------------------------------------------------ public
    def set_pages(self, pages: DocumentPages) -> None:
        self._pages = pages

    @property
    def loading(self) -> bool:
        return self._load.running

    @property
    def showing_page(self) -> bool:
        return self.currentWidget() is self.canvas

    def position_text(self) -> str:
        """ "Page 2 of 3 · 125 % · turned 90°" for the line under the viewer; empty when nothing is shown."""
        if not self.showing_page:
            return ""
        text = f"Page {self.page + 1} of {self.page_count} · {self.zoom * 100:.0f} %"
        return text + (f" · turned {self.rotation}°" if self.rotation else "")

    def show_document(self, url: str, page: int = 0) -> None:
        """Open ``url`` at ``page``; the fit mode stays what the reviewer chose, the rotation starts upright."""
        self.url = url
        self.rotation = 0
        self.page_count = 0
        self.show_page(page)

    def show_page(self, index: int) -> None:
        if self.url is None or self._pages is None:
            return
        if self.page_count and not 0 <= index < self.page_count:
            return
        self.page = index
        cached = self._pages.cached(self.url, index)
        if cached is not None:
            self._load.cancel()
            self._show(cached)
            return
        self._show_notice("Opening…", f"Page {index + 1} is being prepared.")
        self._load.start(self._pages.page(self.url, index), self._show)

    def clear(self) -> None:
        self._load.cancel()
        self.url = None
        self.page = 0
        self.page_count = 0
        self.canvas.item.setPixmap(QPixmap())
        self._show_notice("No document", "Pick a document of the case to see it here.")

    def next_page(self) -> None:
        self.show_page(self.page + 1)

    def previous_page(self) -> None:
        self.show_page(self.page - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP)

    def actual_size(self) -> None:
        self._set_zoom(1.0)

    def fit_width(self) -> None:
        self.fit = Fit.WIDTH
        self._apply_transform()

    def fit_page(self) -> None:
        self.fit = Fit.PAGE
        self._apply_transform()

    def rotate(self) -> None:
        """A quarter turn clockwise (scans arrive sideways)."""
        self.rotation = (self.rotation + 90) % 360
        self._apply_transform()

    def shutdown(self) -> None:
        self._load.cancel()

    # ------------------------------------------------------ Qt overrides
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_PageDown:
            self.next_page()
        elif event.key() == Qt.Key.Key_PageUp:
            self.previous_page()
        else:
            super().keyPressEvent(event)

    # --------------------------------------------------------- internals
    def _show(self, outcome: PageOutcome) -> None:
        if not isinstance(outcome, RenderedPage):
            self.canvas.item.setPixmap(QPixmap())
            self._show_notice("This document cannot be shown", outcome.reason)
            self.unviewable.emit(outcome.reason)
            return
        self.page_count = outcome.page_count
        self.canvas.item.setPixmap(QPixmap.fromImage(outcome.image))
        self.canvas.scene().setSceneRect(self.canvas.item.boundingRect())
        self.setCurrentWidget(self.canvas)
        self._apply_transform()
        self.page_shown.emit(self.page, self.page_count)

    def _show_notice(self, title: str, detail: str) -> None:
        self.placeholder.title.setText(title)
        self.placeholder.detail.setText(detail)
        self.setCurrentWidget(self.placeholder)
        self.view_changed.emit()

    def _set_zoom(self, zoom: float) -> None:
        self.fit = Fit.MANUAL
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._apply_transform()

    def _apply_transform(self) -> None:
        size = self.canvas.item.pixmap().size()
        if size.isEmpty():
            return
        turned = self.rotation in (90, 270)
        width, height = (size.height(), size.width()) if turned else (size.width(), size.height())
        viewport = self.canvas.viewport().size()
        margin = 4
        if self.fit is Fit.WIDTH:
            self.zoom = max(MIN_ZOOM, (viewport.width() - margin) / width)
        elif self.fit is Fit.PAGE:
            self.zoom = max(MIN_ZOOM, min((viewport.width() - margin) / width, (viewport.height() - margin) / height))
        self.canvas.resetTransform()
        self.canvas.scale(self.zoom, self.zoom)
        self.canvas.rotate(self.rotation)
        self.view_changed.emit()
