"""The case view's Compare tab: one of this entry's documents beside another, in the compare view.

The other document is either another document of the same case or, after
"Compare with this match", a document of the matching entry (the one of
the same kind, so a paystub meets a paystub). Pages come from the case
view's :class:`~ui.document_pages.DocumentPages`, so a page the viewer
already shows is not decoded again; PDFs add their anatomy to the
field-by-field table. A document that cannot be read says why in the
tab instead of a half-drawn comparison. The compare view detaches into
its own window and docks back here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from services.case_view import Case, CaseDocument
from services.document_decode import PDF_MEDIA_TYPE, sniff_media_type
from services.errors import Refusal
from services.forensics.pdf_anatomy import pdf_anatomy
from ui.compare_fields import anatomy_fields
from ui.compare_view import CompareView
from ui.document_pages import DocumentPages, Unviewable
from ui.empty_state import EmptyState
from ui.latest_task import LatestTask

MAX_PAGES: Final = 20
"""Pages compared per document: paystubs and statements are a few pages; a 300-page upload is not compared whole."""
NOTHING_CHOSEN: Final = (
    "Nothing compared yet",
    "Pick a match in the Matches tab and choose “Compare with this match”, "
    "or choose two documents of this case above and press Compare.",
)


@dataclass(frozen=True, slots=True)
class ComparedDocument:
    """A document offered for comparison, with the words that say whose it is."""

    label: str
    document: CaseDocument


@dataclass(frozen=True, slots=True)
class _Side:
    pages: tuple[QImage, ...]
    fields: dict[str, object]


def document_label(case: Case, document: CaseDocument) -> str:
    """ "E-1234 · paystub 2 of 3": which entry, which kind, which one."""
    kind = document.kind.replace("_", " ")
    same_kind = [other for other in case.documents if other.kind == document.kind]
    number = f" {same_kind.index(document) + 1} of {len(same_kind)}" if len(same_kind) > 1 else ""
    return f"{case.short_id or 'this entry'} · {kind}{number}"


class CaseCompare(QWidget):
    """Choose two documents and compare them; :meth:`compare` does it for a chosen pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseCompare")
        self._pages: DocumentPages | None = None
        self._choices: list[ComparedDocument] = []
        self._own = 0
        self._load: LatestTask[tuple[_Side, _Side] | str] = LatestTask("compare documents")
        self.left_choice = QComboBox()
        self.right_choice = QComboBox()
        for combo, tip in ((self.left_choice, "This entry's document"), (self.right_choice, "The document beside it")):
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.compare_button = QPushButton("Compare")
        self.compare_button.clicked.connect(lambda _checked=False: self.compare_chosen())
        choose = QHBoxLayout()
        choose.addWidget(self.left_choice, 1)
        choose.addWidget(QLabel("with"))
        choose.addWidget(self.right_choice, 1)
        choose.addWidget(self.compare_button)
        self.empty = EmptyState(*NOTHING_CHOSEN)
        self.view = CompareView()
        holder = QWidget()  # the compare view docks back into this layout when its own window closes
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.view)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(holder)
        self._holder = holder
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(choose)
        layout.addWidget(self.stack, 1)

    @property
    def loading(self) -> bool:
        return self._load.running

    @property
    def pending(self) -> bool:
        """Until the comparison (or why it failed) is on screen, not merely until the decoding finished."""
        return self._load.pending

    @property
    def comparing(self) -> bool:
        return self.stack.currentWidget() is self._holder

    def set_pages(self, pages: DocumentPages) -> None:
        self._pages = pages

    def show_case(self, case: Case) -> None:
        """Offer ``case``'s documents on both sides; nothing is compared until asked."""
        self._load.cancel()
        self._choices = [ComparedDocument(document_label(case, document), document) for document in case.documents]
        self._own = len(self._choices)
        self._fill()
        self._say(*NOTHING_CHOSEN)

    def add_other_case(self, case: Case) -> None:
        """Offer another entry's documents (a match's) on the right, replacing an earlier match's."""
        self._choices = self._choices[: self._own]
        self._choices += [ComparedDocument(document_label(case, document), document) for document in case.documents]
        self._fill()

    def clear(self) -> None:
        self._load.cancel()
        self._choices, self._own = [], 0
        self._fill()
        self._say(*NOTHING_CHOSEN)

    def compare_chosen(self) -> None:
        left, right = self.left_choice.currentIndex(), self.right_choice.currentIndex()
        if 0 <= left < self._own and 0 <= right < len(self._choices):
            self._start(self._choices[left], self._choices[right])

    def compare(self, left: CaseDocument, right: CaseDocument) -> None:
        """Decode both documents' pages off the UI thread, then show them in the compare view."""
        chosen = []
        for combo, document in ((self.left_choice, left), (self.right_choice, right)):
            index = next((i for i, c in enumerate(self._choices) if c.document.proof_id == document.proof_id), -1)
            combo.setCurrentIndex(index)
            chosen.append(self._choices[index] if index >= 0 else ComparedDocument(document.kind, document))
        self._start(chosen[0], chosen[1])

    def _start(self, left: ComparedDocument, right: ComparedDocument) -> None:
        self._say("Opening the two documents…", f"{left.label} and {right.label}")
        self._load.start(self._sides(left, right), lambda outcome: self._show(left, right, outcome))

    def shutdown(self) -> None:
        self._load.cancel()
        if self.view.detached:
            self.view.toggle_detached()

    def _fill(self) -> None:
        for combo, choices in ((self.left_choice, self._choices[: self._own]), (self.right_choice, self._choices)):
            combo.clear()
            combo.addItems([choice.label for choice in choices])
        self.right_choice.setCurrentIndex(min(1, len(self._choices) - 1))
        self.compare_button.setEnabled(bool(self._choices))

    def _say(self, title: str, detail: str) -> None:
        self.empty.title.setText(title)
        self.empty.detail.setText(detail)
        self.stack.setCurrentWidget(self.empty)

    def _show(self, left: ComparedDocument, right: ComparedDocument, outcome: tuple[_Side, _Side] | str) -> None:
        if isinstance(outcome, str):
            self._say("These documents cannot be compared", outcome)
            return
        mine, theirs = outcome
        self.view.set_documents(
            mine.pages,
            theirs.pages,
            left_label=left.label,
            right_label=right.label,
            left_fields=mine.fields,
            right_fields=theirs.fields,
        )
        self.stack.setCurrentWidget(self._holder)
        self.view.canvas.fit()
        self.view.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    async def _sides(self, left: ComparedDocument, right: ComparedDocument) -> tuple[_Side, _Side] | str:
        mine, theirs = await asyncio.gather(self._side(left.document), self._side(right.document))
        for side, chosen in ((mine, left), (theirs, right)):
            if isinstance(side, str):
                return f"{chosen.label}: {side}"
        assert not isinstance(mine, str) and not isinstance(theirs, str)
        return mine, theirs

    async def _side(self, document: CaseDocument) -> _Side | str:
        if self._pages is None:
            return "documents cannot be opened on this workstation"
        url = document.file_url
        first = await self._pages.page(url, 0)
        if isinstance(first, Unviewable):
            return first.reason
        # copy(): a PDF page wraps the renderer's buffer, which the page cache may drop meanwhile
        images = [first.image.copy()]
        for index in range(1, min(first.page_count, MAX_PAGES)):
            page = await self._pages.page(url, index)
            if isinstance(page, Unviewable):
                return f"page {index + 1}: {page.reason}"
            images.append(page.image.copy())
        fields: dict[str, object] = dict(document.extracted_meta or {})
        try:
            stored = await self._pages.content(url)
        except Refusal as refusal:
            return refusal.message
        if sniff_media_type(stored.content) == PDF_MEDIA_TYPE:
            anatomy = await asyncio.get_running_loop().run_in_executor(None, pdf_anatomy, stored.content)
            fields.update(anatomy_fields(anatomy))
        return _Side(tuple(images), fields)
