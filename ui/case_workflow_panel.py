"""The case panel's content for people who rule: the case area beside the ruling panel, and the loop's keys.

The window puts this in its Case panel and calls :meth:`CaseWorkspace.bind`
with its actions; the keys then drive :class:`~ui.case_workflow.CaseWorkflow`.
The case area is injected (the full case view when it is there) and
defaults to the summary view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from services import rulings
from ui.actions import ShellActions
from ui.case_view import CaseView
from ui.case_workflow import CaseWorkflow, ReviewDesk
from ui.ruling_panel import RulingPanel

RULING_ACTIONS = {
    "ruling.clean": rulings.CLEAN,
    "ruling.edited": rulings.EDITED,
    "ruling.fraud": rulings.FRAUD,
    "ruling.insufficient": rulings.INSUFFICIENT,
}


class CaseWorkspace(QWidget):
    """Case on the left, ruling on the right; owns the window's :class:`CaseWorkflow`."""

    def __init__(
        self,
        review: ReviewDesk,
        window: QWidget,
        area: CaseView,
    ) -> None:
        super().__init__(window)
        self.setObjectName("caseWorkspace")
        self.area = area
        self.ruling_panel = RulingPanel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.area)
        splitter.addWidget(self.ruling_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Stretch factors share only what is left over: start the viewer and the form at 3:2 (scaled to fit).
        splitter.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.workflow = CaseWorkflow(review, self.area, self.ruling_panel, window)

    def bind(self, actions: ShellActions) -> None:
        """Give the loop's actions to the workflow (an action the person lacks is not there to bind)."""
        workflow = self.workflow
        actions.bind("case.claim_next", workflow.claim_next)
        actions.bind("case.release", workflow.release)
        actions.bind("case.skip", workflow.skip)
        actions.bind("case.escalate", workflow.escalate)
        for action_id, ruling in RULING_ACTIONS.items():
            actions.bind(action_id, lambda ruling=ruling: workflow.rule(ruling))
        actions.bind("ruling.next_document", lambda: workflow.move(1))
        actions.bind("ruling.previous_document", lambda: workflow.move(-1))
        actions.bind("ruling.reupload", workflow.toggle_reupload)
        actions.bind("ruling.submit", workflow.submit)
        actions.bind("ruling.undo", workflow.undo)
        actions.bind("ruling.discard_refused", workflow.discard_refused)
