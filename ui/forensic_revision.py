"""A PDF's page as it was before its last revision, beside the page as submitted.

:func:`services.forensics.pdf_anatomy.pdf_anatomy` cuts an incrementally
saved file at the earlier trailer; both files are rendered off the UI
thread and shown with the compare view, so every compare mode (difference
above all) works on "before" and "after" too.
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from services.document_decode import DocumentUnreadable
from services.forensics.findings import PDF_ANATOMY_EXPLANATION, PdfAnatomy
from services.forensics.pdf_anatomy import pdf_anatomy
from ui.compare_fields import anatomy_fields
from ui.compare_pages import pages_off_thread
from ui.compare_view import CompareView

NO_REVISION = "This PDF was saved once: there is no earlier version inside it to show."


class RevisionView(QWidget):
    """Before the last revision (left) and final (right), with the anatomy of both compared field by field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanation = QLabel(PDF_ANATOMY_EXPLANATION)
        self.explanation.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.compare = CompareView()
        self.compare.hide()  # shown once there are two versions to compare, never as an empty grey box
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)
        layout.addWidget(self.compare, 1)
        layout.addStretch(0)  # keeps the sentences at the top while there is nothing to compare

    async def show_pdf(self, content: bytes) -> PdfAnatomy:
        """Read the anatomy; for an edited file render before and after, else say why there is nothing to show."""
        anatomy = await asyncio.get_running_loop().run_in_executor(None, pdf_anatomy, content)
        if anatomy.unreadable is not None:
            self.status.setText(anatomy.unreadable)
            return anatomy
        if anatomy.before_last_revision is None:
            self.status.setText(NO_REVISION)
            return anatomy
        try:
            before = await pages_off_thread(anatomy.before_last_revision)
            after = await pages_off_thread(content)
        except DocumentUnreadable as error:
            self.status.setText(f"The earlier version cannot be shown: {error}")
            return anatomy
        earlier = await asyncio.get_running_loop().run_in_executor(None, pdf_anatomy, anatomy.before_last_revision)
        self.status.setText(
            f"This PDF was saved {anatomy.revisions} times; left: before the last save, right: as submitted."
        )
        self.compare.show()
        self.compare.set_documents(
            before,
            after,
            left_label="Before the last revision",
            right_label="As submitted",
            left_fields=anatomy_fields(earlier),
            right_fields=anatomy_fields(anatomy),
        )
        return anatomy
