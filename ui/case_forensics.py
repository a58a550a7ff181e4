"""The case view's Forensics tab: error-level analysis and the PDF before/after its last revision, per document.

Both aids are heavy (ELA re-encodes a whole scan; the revision view renders
two files), so they run only when the reviewer looks: when the tab is shown,
or asked for from the evidence panel's links or the Document menu, and
then for the document and page in the viewer. Each document gets fresh
views, so a switch never leaves the previous document's picture under the
new one's name. Failures (an unreadable file, an image offered the PDF
aid) are said in the aid's own words, in its place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import StrEnum
from typing import Final

from PIL import Image
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from services.case_view import CaseDocument
from services.document_decode import (
    PDF_MEDIA_TYPE,
    DecodeLimits,
    DocumentUnreadable,
    decode_document,
    sniff_media_type,
)
from services.errors import Refusal
from ui.document_pages import DocumentPages
from ui.forensic_overlay import ElaOverlayView
from ui.forensic_revision import RevisionView
from ui.latest_task import LatestTask

NOT_A_PDF: Final = "This document is an image, not a PDF: it has no file structure or earlier revisions to show."
_ONE_PAGE: Final = DecodeLimits(max_pages=1)


class Aid(StrEnum):
    """The forensic aids of one document, as the evidence panel's links and the menu name them."""

    ELA = "ela"
    REVISION = "revision"


_TITLES: Final = {Aid.ELA: "Error levels", Aid.REVISION: "Before / after last revision"}


def page_image(content: bytes, page: int) -> Image.Image:
    """Page ``page`` of a stored document as a Pillow image. Blocking: runs in the executor."""
    return decode_document(content, first_page=page, limits=_ONE_PAGE).pages[0]


class ForensicAids(QTabWidget):
    """One tab per aid for the document in the viewer; an aid runs the first time it is shown for that document."""

    def __init__(self, viewer_page: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forensicAids")
        self._viewer_page = viewer_page
        self._pages: DocumentPages | None = None
        self._document: CaseDocument | None = None
        self._done: set[Aid] = set()
        self._run: LatestTask[None] = LatestTask("forensic aid")
        self.ela = ElaOverlayView()
        self.revision = RevisionView()
        self.addTab(self.ela, _TITLES[Aid.ELA])
        self.addTab(self.revision, _TITLES[Aid.REVISION])
        self.currentChanged.connect(lambda _index: self._run_shown())

    @property
    def running(self) -> bool:
        return self._run.running

    def set_pages(self, pages: DocumentPages) -> None:
        self._pages = pages

    def show_document(self, document: CaseDocument | None) -> None:
        """Forget the previous document's results; run the shown aid again if the tab is on screen."""
        self._run.cancel()
        self._document = document
        self._done.clear()
        self.ela, self.revision = ElaOverlayView(), RevisionView()
        current = self.currentIndex()
        self.blockSignals(True)  # replacing tabs moves the current index; the aid runs once, below
        for index, (aid, fresh) in enumerate(((Aid.ELA, self.ela), (Aid.REVISION, self.revision))):
            old = self.widget(index)
            self.removeTab(index)
            self.insertTab(index, fresh, _TITLES[aid])
            old.deleteLater()
        self.setCurrentIndex(current)
        self.blockSignals(False)
        if self.isVisible():
            self._run_shown()

    def open(self, aid: Aid) -> None:
        """Bring ``aid`` forward and run it for the current document and page (again, when asked again)."""
        self._done.discard(aid)
        self.setCurrentIndex(list(Aid).index(aid))
        self._run_shown()

    def shutdown(self) -> None:
        self._run.cancel()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._run_shown()

    def _run_shown(self) -> None:
        aid = list(Aid)[self.currentIndex()] if self.currentIndex() >= 0 else None
        if aid is None or aid in self._done or self._document is None or self._pages is None:
            return
        self._done.add(aid)
        work = self._analyse(self._pages, self._document) if aid is Aid.ELA else self._revisions(self._pages)
        self._run.start(work, lambda _none: None)

    async def _analyse(self, pages: DocumentPages, document: CaseDocument) -> None:
        view = self.ela
        view.summary.setText("Reading the page…")
        try:
            stored = await pages.content(document.file_url)
            page = await asyncio.get_running_loop().run_in_executor(
                None, page_image, stored.content, self._viewer_page()
            )
        except (Refusal, DocumentUnreadable) as failure:
            view.summary.setText(f"Error-level analysis cannot run: {_reason(failure)}")
            return
        await view.analyse(page)

    async def _revisions(self, pages: DocumentPages) -> None:
        view, document = self.revision, self._document
        assert document is not None
        try:
            stored = await pages.content(document.file_url)
        except Refusal as refusal:
            view.status.setText(f"The file cannot be read: {refusal.message}")
            return
        if sniff_media_type(stored.content) != PDF_MEDIA_TYPE:
            view.status.setText(NOT_A_PDF)
            return
        await view.show_pdf(stored.content)


def _reason(failure: Exception) -> str:
    return failure.message if isinstance(failure, Refusal) else str(failure)
