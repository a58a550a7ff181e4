"""The case's documents as a keyboard-navigable list of thumbnails.

Thumbnails are the stored ``proof.thumb`` when there is one, else the
document's first page, both through :class:`~ui.document_pages.DocumentPages`
(off the UI thread, cached); a document that cannot be shown gets a
warning icon and its reason as tooltip, so the reviewer sees a bad file
before opening it. A row across the top of the case, so the page gets the
width; Left/Right (or Home/End) move between documents.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QStyle, QWidget

from services.case_view import CaseDocument
from ui.document_pages import DocumentPages, RenderedPage
from ui.latest_task import LatestTask

THUMB_SIZE: Final = 96


class ThumbnailStrip(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnailStrip")
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListWidget.Movement.Static)
        self.setGridSize(QSize(THUMB_SIZE + 40, THUMB_SIZE + 44))
        # Its full height when there is room; a low dock squeezes it (it scrolls) rather than growing the window.
        self._full_height = THUMB_SIZE + 48 + self.horizontalScrollBar().sizeHint().height()
        self.setMaximumHeight(self._full_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setWordWrap(True)
        self._pages: DocumentPages | None = None
        self._load: LatestTask[None] = LatestTask("thumbnails")

    @property
    def loading(self) -> bool:
        return self._load.running

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._full_height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), THUMB_SIZE // 2)

    def set_pages(self, pages: DocumentPages) -> None:
        self._pages = pages

    def show_documents(self, documents: tuple[CaseDocument, ...]) -> None:
        self._load.cancel()
        self.clear()
        for number, document in enumerate(documents, start=1):
            item = QListWidgetItem(f"{number}. {document.kind.replace('_', ' ')}\n{document.short_id or ''}")
            item.setToolTip(document.file_url)
            self.addItem(item)
        if self._pages is not None and documents:
            self._load.start(self._fill(self._pages, documents), lambda _none: None)

    def shutdown(self) -> None:
        self._load.cancel()

    async def _fill(self, pages: DocumentPages, documents: tuple[CaseDocument, ...]) -> None:
        """One thumbnail after another; cancelled (by LatestTask) when another case opens."""
        for row, document in enumerate(documents):
            outcome = await pages.page(document.thumb_url, 0) if document.thumb_url else None
            if not isinstance(outcome, RenderedPage):
                outcome = await pages.page(document.file_url, 0)
            item = self.item(row)
            if item is None:
                return
            if isinstance(outcome, RenderedPage):
                pixmap = QPixmap.fromImage(outcome.image).scaled(
                    THUMB_SIZE,
                    THUMB_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                item.setIcon(pixmap)
            else:
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setToolTip(outcome.reason)
