"""The case area: the header, the documents with thumbnails, the viewer, and the evidence of the open document.

The workflow (claim → inspect → rule → next) drives it through
:meth:`CaseView.show_case`, :meth:`CaseView.clear` and :meth:`CaseView.prefetch`,
and reads what the reviewer looks at from :attr:`CaseView.viewer` (``url``,
``page``) and :attr:`CaseView.current_document`. The view never reads the
database: the case comes in whole from ``services.case.open_case``, pages
from the injected :class:`~ui.document_pages.DocumentPages`, and the
forensic findings from an injected coroutine function (the app binds
``services.forensics.stored.ensure_forensics``). Matches, compare, the
forensic aids, page reuse and the entry's jobs are tabs of their own
(:mod:`ui.case_evidence`), given their services by :meth:`CaseView.attach_evidence`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from services.case_view import Case, CaseDocument
from services.errors import Refusal
from ui.case_evidence import ActionBinder, CaseEvidence, EvidenceServices
from ui.case_header import CaseHeader, CaseHistory
from ui.document_pages import DocumentPages
from ui.document_viewer import DocumentViewer
from ui.empty_state import EmptyState
from ui.evidence_panel import EvidencePanel
from ui.latest_task import LatestTask
from ui.thumbnail_strip import ThumbnailStrip

type FindingsSource = Callable[[uuid.UUID], Awaitable[Mapping[str, Any]]]

_Findings = tuple[Mapping[str, Any] | None, str | None]
_NARROWEST = 60
_SHARE = 200


class CaseView(QStackedWidget):
    document_selected = Signal(object)
    """The ``proof_id`` (a UUID) of the document now in the viewer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.case: Case | None = None
        self._pages: DocumentPages | None = None
        self._findings: FindingsSource | None = None
        self._findings_load: LatestTask[_Findings] = LatestTask("document findings")
        self._prefetches: set[asyncio.Task[None]] = set()
        self.evidence_tabs: CaseEvidence | None = None

        self.empty = EmptyState(
            "No entry open",
            "Open an entry from the queue to work on it here: its documents, the machine checks and the ruling.",
            self,
        )
        content = QWidget(self)
        self.header = CaseHeader(content)
        self.thumbnails = ThumbnailStrip(content)
        self.viewer = DocumentViewer(parent=content)
        self.evidence = EvidencePanel(content)
        self.history = CaseHistory(content)
        self.side = QTabWidget(content)
        self.side.setObjectName("caseSideTabs")
        details = QWidget(content)  # the header in full, with the folder's history under it
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.header)
        details_layout.addWidget(self.history, 1)
        details_area = QScrollArea(content)  # a low dock scrolls the details rather than growing the window
        details_area.setObjectName("caseDetails")
        details_area.setWidget(details)
        details_area.setWidgetResizable(True)
        details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.side.addTab(self.evidence, "Evidence")
        self.side.addTab(details_area, "Case && history")
        splitter = QSplitter(Qt.Orientation.Horizontal, content)
        splitter.setObjectName("caseSplitter")
        self.position = QLabel(content)
        self.position.setObjectName("documentPosition")
        self.position.setContentsMargins(6, 0, 6, 2)
        self.viewer.view_changed.connect(lambda: self.position.setText(self.viewer.position_text()))
        page_area = QWidget(content)
        page_layout = QVBoxLayout(page_area)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(2)
        page_layout.addWidget(self.viewer, 1)
        page_layout.addWidget(self.position)
        # Small floors: on a small screen at 2x the dock may be narrow, and the window must still fit.
        page_area.setMinimumWidth(_NARROWEST)
        self.side.setMinimumWidth(_NARROWEST)
        self.page_tabs = QTabWidget(content)  # the document, and beside it the views that need as much room
        self.page_tabs.setObjectName("casePageTabs")
        self.page_tabs.setTabBarAutoHide(True)
        self.page_tabs.setDocumentMode(True)
        self.page_tabs.addTab(page_area, "Document")
        self.page_tabs.setMinimumWidth(_NARROWEST)  # the evidence tabs' tool rows must not push the side away
        splitter.addWidget(self.page_tabs)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setCollapsible(0, False)
        splitter.setSizes([3 * _SHARE, 2 * _SHARE])  # first split 3:2, whatever the tabs' size hints say
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header.summary.setParent(content)
        self.header.summary.setContentsMargins(6, 4, 6, 2)
        layout.addWidget(self.header.summary)
        layout.addWidget(self.thumbnails)
        layout.addWidget(splitter, 1)
        self.addWidget(self.empty)
        self.addWidget(content)
        self.content = content
        self.setCurrentWidget(self.empty)
        self.thumbnails.currentRowChanged.connect(self._on_document_row)

    # ------------------------------------------------------------ public
    def attach(
        self, pages: DocumentPages, *, findings: FindingsSource | None = None, show_similarity: bool = True
    ) -> None:
        """Give the view its document pages and findings (from the composition root, once per person)."""
        self._pages = pages
        self._findings = findings
        self.viewer.set_pages(pages)
        self.thumbnails.set_pages(pages)
        self.evidence.show_similarity = show_similarity

    def attach_evidence(self, services: EvidenceServices) -> CaseEvidence:
        """Add the matches, compare, forensics, reuse and jobs tabs (after :meth:`attach`, once per person)."""
        if self._pages is None:
            raise RuntimeError("attach the document pages before the evidence tabs")
        tabs = CaseEvidence(services, self._pages, page_tabs=self.page_tabs, viewer_page=lambda: self.viewer.page)
        self.evidence_tabs = tabs
        self.evidence.offered_aids = frozenset({"compare", "ela", "revision"} | ({"reuse"} if tabs.reuse else set()))
        self.evidence.aid_requested.connect(tabs.open)
        return tabs

    def bind_evidence_actions(self, actions: ActionBinder) -> None:
        if self.evidence_tabs is not None:
            self.evidence_tabs.bind(actions)

    @property
    def current_document(self) -> CaseDocument | None:
        row = self.thumbnails.currentRow()
        if self.case is None or not 0 <= row < len(self.case.documents):
            return None
        return self.case.documents[row]

    def show_case(self, case: Case) -> None:
        """Show ``case`` with its first document open."""
        self.case = case
        self.header.show_case(case)
        self.history.show_case(case)
        self.setCurrentWidget(self.content)
        if self.evidence_tabs is not None:
            self.evidence_tabs.show_case(case)
        self.thumbnails.blockSignals(True)  # the first document is opened once, below
        self.thumbnails.show_documents(case.documents)
        if case.documents:
            self.thumbnails.setCurrentRow(0)
        self.thumbnails.blockSignals(False)
        if case.documents:
            self._on_document_row(0)
        else:
            self.viewer.clear()
            self.viewer.placeholder.title.setText("No documents")
            self.viewer.placeholder.detail.setText("This entry has no documents to review.")
            self.evidence.show_document(None)
            if self.evidence_tabs is not None:
                self.evidence_tabs.show_document(None)

    def clear(self) -> None:
        self.case = None
        self._findings_load.cancel()
        if self.evidence_tabs is not None:
            self.evidence_tabs.clear()
        self.thumbnails.shutdown()
        self.thumbnails.clear()
        self.viewer.clear()
        self.header.clear()
        self.setCurrentWidget(self.empty)

    def select_document(self, row: int) -> None:
        if self.case is not None and 0 <= row < len(self.case.documents):
            self.thumbnails.setCurrentRow(row)

    def next_document(self) -> None:
        self.select_document(self.thumbnails.currentRow() + 1)

    def previous_document(self) -> None:
        self.select_document(self.thumbnails.currentRow() - 1)

    def prefetch(self, case: Case) -> asyncio.Task[None]:
        """Decode ``case``'s first document's first page into the cache now, so showing it later is instant.

        Returns the running task (await it to know the page is ready); it is
        kept referenced here until done.
        """
        task = asyncio.get_running_loop().create_task(self._prefetch(case), name="prefetch case")
        self._prefetches.add(task)
        task.add_done_callback(self._prefetches.discard)
        return task

    def shutdown(self) -> None:
        self._findings_load.cancel()
        if self.evidence_tabs is not None:
            self.evidence_tabs.shutdown()
        self.thumbnails.shutdown()
        self.viewer.shutdown()
        for task in list(self._prefetches):
            task.cancel()
        if self._pages is not None:
            self._pages.close()

    # --------------------------------------------------------- internals
    async def _prefetch(self, case: Case) -> None:
        if self._pages is not None and case.documents:
            await self._pages.page(case.documents[0].file_url, 0)

    def _on_document_row(self, row: int) -> None:
        document = self.current_document
        if document is None:
            return
        self.viewer.show_document(document.file_url)
        self.evidence.show_document(document)
        if self.evidence_tabs is not None:
            self.evidence_tabs.show_document(document)
        if self._findings is not None:
            self._findings_load.start(_findings_of(self._findings, document.proof_id), self._on_findings)
        else:
            self.evidence.show_findings(None, failure="not computed on this workstation")
        self.document_selected.emit(document.proof_id)

    def _on_findings(self, outcome: _Findings) -> None:
        findings, failure = outcome
        self.evidence.show_findings(findings, failure=failure)


async def _findings_of(source: FindingsSource, proof_id: uuid.UUID) -> _Findings:
    try:
        return await source(proof_id), None
    except Refusal as refusal:  # DatabaseUnavailable included: the document still shows
        return None, refusal.message
