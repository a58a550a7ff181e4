"""The case area as the workflow drives it: a Protocol of the case view's calls, and a minimal view.

The full case view (header, thumbnails, document viewer) is its own
widget; the workflow needs only ``show_case``, ``clear``, ``prefetch`` and
the ``document_selected`` signal, so it is written against
:class:`CaseArea`. :class:`CaseSummaryView` is the smallest real widget
that honours it (the entry, the applicant, property, SLA and documents in
words) so the reviewer's loop works, and is tested, before the full view
is plugged in.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from services.case_view import Case


class CaseArea(Protocol):
    """What the workflow calls on the case area."""

    def show_case(self, case: Case) -> None: ...

    def clear(self) -> None: ...

    def prefetch(self, case: Case) -> None:
        """Start decoding ``case``'s first document off the UI thread, so it paints at once when shown."""


class CaseSummaryView(QWidget):
    """The open case in a few lines of text."""

    document_selected = Signal(object)
    """A proof id; emitted by the full view when the reviewer opens a document (not by this summary)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseSummary")
        layout = QVBoxLayout(self)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("caseTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.details_label = QLabel(self)
        self.details_label.setObjectName("caseDetails")
        self.details_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.details_label)
        layout.addStretch(1)
        self.case: Case | None = None
        self.prefetched: Case | None = None
        self.clear()

    def show_case(self, case: Case) -> None:
        self.case = case
        self.title_label.setText(f"Entry {case.short_id or case.entry_id}")
        applicants = ", ".join(a.name or a.email or "unnamed" for a in case.applicants) or "no applicant"
        state = case.sla(datetime.datetime.now(datetime.UTC).replace(tzinfo=None))
        lines = [
            f"Applicant: {applicants}",
            f"Property: {case.property_name or '—'} ({case.company_name or '—'})",
            f"SLA: {state.value.replace('_', ' ') if state else '—'} · suggested {case.suggested_ruling}",
            f"Documents: {len(case.documents)}" + (" · repeat applicant" if case.repeat_applicant else ""),
        ]
        self.details_label.setText("\n".join(lines))

    def clear(self) -> None:
        self.case = None
        self.title_label.setText("No entry open")
        self.details_label.setText("Press Ctrl+N to claim the next entry from the pool.")

    def prefetch(self, case: Case) -> None:
        self.prefetched = case
