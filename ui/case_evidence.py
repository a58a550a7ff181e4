"""The case view's evidence tabs: matches, compare, forensic aids, page reuse and the entry's jobs.

Issue 9's tools were built as standalone views; this module hosts them
where a reviewer works, and ties them together: "Compare with this match"
opens the matching entry (through row-level security, like any case) and
lays its document of the same kind beside the one in the viewer. They are
tabs of the document area, where there is room for pages and wide tables;
the evidence text stays in view beside them, and its links open them.
The views with wide rows of controls (Matches, Compare, Forensics) scroll
sideways in a narrow dock rather than squeezing the evidence panel to a sliver.
What each person gets comes from :class:`EvidenceServices`, bound in
``app/``: an aid whose service is ``None`` is absent, not greyed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Final, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from services.case_view import Case, CaseDocument
from services.errors import Refusal
from services.matches.rows import MatchRow
from ui.case_compare import CaseCompare
from ui.case_forensics import Aid, ForensicAids
from ui.case_jobs import EntryJobsPanel, EntryJobsSource
from ui.change_hub import ChangeHub
from ui.document_pages import DocumentPages
from ui.forensic_reuse import ReusePanel, ReuseSource
from ui.latest_task import LatestTask
from ui.matches_panel import MatchesPanel, MatchesSource

type CaseOpener = Callable[[uuid.UUID], Awaitable[Case]]
"""``services.case.open_case`` bound to the person's unit of work."""

_OPENED_BY: Final = {
    "compare.choose": "compare",
    "compare.matches": "matches",
    "case.jobs": "jobs",
    "document.ela": "ela",
    "document.revision": "revision",
    "document.reuse": "reuse",
}
"""Actions that bring a tab forward, and the tab (:meth:`CaseEvidence.open`'s names)."""
HIDDEN_MATCH: Final = "That entry is not visible to you, so its documents cannot be compared."


class ActionBinder(Protocol):
    """The shell's action registry (:class:`ui.actions.ShellActions`), as far as these tabs use it."""

    def bind(self, action_id: str, handler: Callable[[], object]) -> None: ...

    def get(self, action_id: str) -> QAction | None: ...


@dataclass(frozen=True)
class EvidenceServices:
    """The services behind the tabs, bound to one person; ``None`` where the person may not use them."""

    hub: ChangeHub
    open_case: CaseOpener
    matches: MatchesSource | None = None
    may_decide: bool = False
    """Whether the person may record a decision on a match (whoever may rule; the database checks again)."""
    reuse: ReuseSource | None = None
    jobs: EntryJobsSource | None = None


def counterpart(document: CaseDocument | None, other: Case) -> CaseDocument | None:
    """The other entry's document to lay beside ``document``: the first of the same kind, else its first."""
    same_kind = [candidate for candidate in other.documents if document and candidate.kind == document.kind]
    candidates = same_kind or list(other.documents)
    return candidates[0] if candidates else None


class CaseEvidence:
    """Builds the tabs into the case view's page tabs and keeps them on the open case."""

    def __init__(
        self,
        services: EvidenceServices,
        pages: DocumentPages,
        *,
        page_tabs: QTabWidget,
        viewer_page: Callable[[], int],
    ) -> None:
        self._services = services
        self._page_tabs = page_tabs
        self._document: CaseDocument | None = None
        self._opening: LatestTask[Case | str] = LatestTask("matching entry")
        self.compare = CaseCompare()
        self.compare.set_pages(pages)
        self.aids = ForensicAids(viewer_page)
        self.aids.set_pages(pages)
        self.matches: MatchesPanel | None = None
        self.compare_match = QPushButton("Compare with this match")
        self._tabs: dict[str, QWidget] = {}
        """The page tab of each name :meth:`open` knows (both forensic aids share one)."""
        if services.matches is not None:
            self.matches = MatchesPanel(services.matches, services.hub)
            self._add("matches", _scrolling(self._matches_tab(self.matches, services.may_decide)), "Matches")
        self._add("compare", _scrolling(self.compare), "Compare")
        self._add("ela", _scrolling(self.aids), "Forensics")
        self._tabs["revision"] = self._tabs["ela"]
        self.reuse = ReusePanel(services.reuse) if services.reuse is not None else None
        if self.reuse is not None:
            self._add("reuse", self.reuse, "Reuse")
        self.jobs = EntryJobsPanel(services.jobs, services.hub) if services.jobs is not None else None
        if self.jobs is not None:
            self._add("jobs", self.jobs, "Jobs")

    def _add(self, name: str, tab: QWidget, title: str) -> None:
        self._tabs[name] = tab
        self._page_tabs.addTab(tab, title)

    def _matches_tab(self, matches: MatchesPanel, may_decide: bool) -> QWidget:
        for control in (matches.same, matches.different, matches.note):
            control.setVisible(may_decide)
        matches.table.itemSelectionChanged.connect(self._on_match_selected)
        matches.table.doubleClicked.connect(lambda _index: self.compare_with_match())
        self.compare_match.setToolTip("Lay the matching entry's document beside this one (Ctrl+Shift+C)")
        self.compare_match.clicked.connect(lambda _checked=False: self.compare_with_match())
        self.compare_match.setEnabled(False)
        tab = QWidget()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.compare_match)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(matches, 1)
        layout.addLayout(row)
        return tab

    # ------------------------------------------------------------ public
    @property
    def busy(self) -> bool:
        """Whether a comparison is still on its way (the matching entry opening, or its pages decoding)."""
        return self._opening.pending or self.compare.pending

    def show_case(self, case: Case) -> None:
        self._opening.cancel()
        self._page_tabs.setCurrentIndex(0)  # a new case opens on its document, not on the last comparison
        self.compare.show_case(case)
        if self.matches is not None:
            self.matches.show_entry(case.entry_id)
        if self.jobs is not None:
            self.jobs.show_entry(case.entry_id)

    def show_document(self, document: CaseDocument | None) -> None:
        self._document = document
        self.aids.show_document(document)
        if self.reuse is not None and document is not None:
            self.reuse.show_proof(document.proof_id)

    def clear(self) -> None:
        self._opening.cancel()
        self._document = None
        self.compare.clear()
        self.aids.show_document(None)
        if self.jobs is not None:
            self.jobs.show_entry(None)

    def open(self, what: str) -> None:
        """Bring an aid forward: ``compare``, ``ela``, ``revision``, ``reuse``, ``matches`` or ``jobs``."""
        tab = self._tabs.get(what)
        if tab is None:
            return
        self._page_tabs.setCurrentWidget(tab)
        if what in set(Aid):
            self.aids.open(Aid(what))
        elif what == "compare":
            self.compare.left_choice.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            tab.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def showing(self) -> QWidget | None:
        """The evidence view now in front of the document viewer (None: the document itself)."""
        current = self._page_tabs.currentWidget()
        return current.widget() if isinstance(current, QScrollArea) else current if current is not None else None

    def show_document_tab(self) -> None:
        self._page_tabs.setCurrentIndex(0)

    def compare_with_match(self) -> None:
        """Open the selected match's entry and compare its document of the same kind with the one in the viewer."""
        chosen = self._selected_match()
        if chosen is None or self.matches is None:
            return
        if not chosen.visible:
            self.matches.message.setText(HIDDEN_MATCH)
            return
        self.matches.message.setText(f"Opening {chosen.other_short_id or 'the matching entry'}…")
        self._opening.start(self._open_other(chosen.other_entry_id), self._on_other_case)

    def decide(self, same_applicant: bool) -> None:
        """The keyboard's way to the matches panel's decision buttons (its note field is used as typed)."""
        if self.matches is None:
            return
        self.open("matches")
        button = self.matches.same if same_applicant else self.matches.different
        if button.isVisible() and button.isEnabled():
            button.click()

    def bind(self, actions: ActionBinder) -> None:
        self.compare.view.bind_actions(actions)
        actions.bind("compare.with_match", self.compare_with_match)
        actions.bind("case.match_duplicate", lambda: self.decide(True))
        actions.bind("case.match_different", lambda: self.decide(False))
        actions.bind("document.show", self.show_document_tab)
        for action_id, what in _OPENED_BY.items():
            actions.bind(action_id, partial(self.open, what))

    def shutdown(self) -> None:
        self._opening.cancel()
        self.compare.shutdown()
        self.aids.shutdown()

    # --------------------------------------------------------- internals
    def _selected_match(self) -> MatchRow | None:
        return self.matches.selected() if self.matches is not None else None

    def _on_match_selected(self) -> None:
        self.compare_match.setEnabled(self._selected_match() is not None)

    async def _open_other(self, entry_id: uuid.UUID) -> Case | str:
        try:
            return await self._services.open_case(entry_id)
        except Refusal as refusal:
            return refusal.message

    def _on_other_case(self, outcome: Case | str) -> None:
        assert self.matches is not None
        if isinstance(outcome, str):
            self.matches.message.setText(outcome)
            return
        other = counterpart(self._document, outcome)
        if self._document is None or other is None:
            self.matches.message.setText("One of the two entries has no documents to compare.")
            return
        self.matches.message.clear()
        self.compare.add_other_case(outcome)
        self._page_tabs.setCurrentWidget(self._tabs["compare"])
        self.compare.compare(self._document, other)


def _scrolling(view: QWidget) -> QScrollArea:
    """``view`` filling its tab, scrolling sideways only when the dock is narrower than its tool row."""
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
