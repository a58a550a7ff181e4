"""The settings area: what an administrator can manage today, and a plain list of what comes next.

Only sections the person may use appear (a company administrator sees
their company's people, a staff administrator also teams, API keys, jobs
and reports). Sections not built yet are named, not faked: no button
that does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from services.permissions import Capability, Permissions
from ui.settings_reports import ReportsPage

_COMING: tuple[tuple[Capability, str], ...] = (
    (Capability.MANAGE_PEOPLE, "People: the list of accounts, roles and disabling someone"),
    (Capability.MANAGE_TEAMS, "Teams of reviewers"),
    (Capability.MANAGE_ACCESS_GRANTS, "Which properties and owners each person sees"),
    (Capability.MANAGE_API_KEYS, "API keys for the client's systems"),
    (Capability.MANAGE_JOBS, "Background jobs: watch, retry and cancel them"),
    (Capability.REQUEST_REPORTS, "Analytics reports"),
)


class SettingsPanel(QWidget):
    def __init__(
        self,
        permissions: Permissions,
        invite: QAction | None,
        parent: QWidget | None = None,
        reports: ReportsPage | None = None,
    ) -> None:
        super().__init__(parent)
        # Scrolled, so the pane never makes the window wider than a small screen at 2x.
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroller)
        content = QWidget(scroller)
        scroller.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 16, 16, 16)
        self.invite_button: QToolButton | None = None
        if invite is not None:
            people = QGroupBox("People", content)
            people_layout = QVBoxLayout(people)
            self.invite_button = QToolButton(people)
            self.invite_button.setObjectName("inviteButton")
            self.invite_button.setDefaultAction(invite)
            self.invite_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            explanation = QLabel("Invite someone: they get a one-time code to choose their own password.", people)
            explanation.setWordWrap(True)
            people_layout.addWidget(explanation)
            people_layout.addWidget(self.invite_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(people)
        self.reports = reports
        if reports is not None:
            box = QGroupBox("Analytics reports", content)
            QVBoxLayout(box).addWidget(reports)
            layout.addWidget(box, 1)
        built = {Capability.REQUEST_REPORTS} if reports is not None else set()
        coming = [text for capability, text in _COMING if permissions.may(capability) and capability not in built]
        if coming:
            later = QLabel(
                "<b>Coming to this pane</b><ul>" + "".join(f"<li>{text}</li>" for text in coming) + "</ul>", content
            )
            later.setObjectName("settingsComing")
            later.setWordWrap(True)
            later.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(later)
        layout.addStretch(1)
