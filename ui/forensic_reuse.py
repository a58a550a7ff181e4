"""Document reuse in the evidence panel: "this page was also submitted by these applicants".

The search runs through row-level security (see
:mod:`services.forensics.reuse`), so what a company-side person is shown
is only ever what they could already read; the panel adds nothing of its
own and says "no other submission you can see" rather than "none", because
for them that is all it knows.
"""

from __future__ import annotations

import uuid
from typing import Final, Protocol

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from services.errors import Refusal
from services.forensics.findings import REUSE_EXPLANATION, ReusedPage
from ui.latest_task import LatestTask

NOTHING_SEEN: Final = "No other submission you can see contains these pages."
NOT_FINGERPRINTED: Final = "This document has no fingerprints yet; they are computed as documents arrive."


class ReuseSource(Protocol):
    """:func:`services.forensics.reuse.find_reused_pages` bound to the signed-in person's unit of work."""

    async def find_reused_pages(self, proof_id: uuid.UUID) -> dict[int, tuple[ReusedPage, ...]]: ...


def describe(page: int, found: ReusedPage) -> str:
    who = found.applicant_name or "an applicant"
    where = f" at {found.property_name}" if found.property_name else ""
    entry = found.entry_short_id or "another entry"
    closeness = "identical" if found.distance == 0 else f"{found.distance} bits apart"
    return f"Page {page + 1} was also submitted by {who}{where} ({entry}, page {found.page + 1}; {closeness})"


class ReusePanel(QWidget):
    """The pages of one proof found in other submissions the viewer may see."""

    def __init__(self, source: ReuseSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._search: LatestTask[dict[int, tuple[ReusedPage, ...]] | str] = LatestTask("reuse search")
        self.explanation = QLabel(REUSE_EXPLANATION)
        self.explanation.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.found = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)
        layout.addWidget(self.found, 1)
        layout.addStretch(0)  # takes the room while the list is hidden, so the sentences stay at the top
        self.found.hide()

    @property
    def searching(self) -> bool:
        return self._search.running

    def show_proof(self, proof_id: uuid.UUID) -> None:
        self.found.clear()
        self.found.hide()
        self.status.setText("Searching…")
        self._search.start(self._find(proof_id), self._show)

    async def _find(self, proof_id: uuid.UUID) -> dict[int, tuple[ReusedPage, ...]] | str:
        try:
            return await self._source.find_reused_pages(proof_id)
        except Refusal as refusal:
            return refusal.message

    def _show(self, outcome: dict[int, tuple[ReusedPage, ...]] | str) -> None:
        if isinstance(outcome, str):
            self.status.setText(outcome)
            return
        lines = [describe(page, found) for page, matches in sorted(outcome.items()) for found in matches]
        self.found.addItems(lines)
        self.found.setVisible(bool(lines))
        self.status.setText(NOT_FINGERPRINTED if not outcome else ("" if lines else NOTHING_SEEN))
