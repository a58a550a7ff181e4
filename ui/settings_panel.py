"""The settings area: a list of sections on the left, the chosen section's page on the right.

Each section is registered once in :data:`SECTIONS` as (capability, title,
page factory). A section appears only when the signed-in person may use its
capability (``services.permissions``): absent, not greyed. Sections live in
their own modules (``ui/settings_people.py``, ``ui/settings_api_keys.py``…);
adding one is one line here. Pages are built only for the sections shown,
each inside its own scroll area, so no page can make the window wider than
a small screen at 2x.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidget, QScrollArea, QStackedWidget, QWidget

from services.permissions import Capability
from ui.desk import Desk
from ui.settings_invitations import InvitationsPage
from ui.settings_people import PeoplePage
from ui.settings_teams import TeamsPage


@dataclass(frozen=True)
class SettingsContext:
    """What a page factory gets: the person's desk (services, hub, permissions) and the action registry."""

    desk: Desk
    action: Callable[[str], QAction | None]


@dataclass(frozen=True)
class SettingsSection:
    capability: Capability
    title: str
    build: Callable[[SettingsContext], QWidget]


SECTIONS: tuple[SettingsSection, ...] = (
    SettingsSection(
        Capability.MANAGE_PEOPLE,
        "People",
        lambda context: PeoplePage(context.desk.people_admin, context.desk, context.action("people.invite")),
    ),
    SettingsSection(
        Capability.INVITE,
        "Invitations",
        lambda context: InvitationsPage(
            context.desk.invitation_admin,
            context.desk,
            context.action("people.invite"),
            import_csv=context.action("people.import_invitations"),
        ),
    ),
    SettingsSection(
        Capability.MANAGE_TEAMS, "Teams", lambda context: TeamsPage(context.desk.teams_admin, context.desk)
    ),
)
"""Every section in display order; the other sections' modules add theirs here."""


class SettingsPanel(QWidget):
    def __init__(self, desk: Desk, action: Callable[[str], QAction | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        context = SettingsContext(desk, action)
        self.sections = QListWidget(self)
        self.sections.setObjectName("settingsSections")
        self.sections.setMaximumWidth(120)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("settingsPages")
        self.page_of: dict[str, QWidget] = {}
        for section in SECTIONS:
            if not desk.permissions.may(section.capability):
                continue
            page = section.build(context)
            self.page_of[section.title] = page
            self.sections.addItem(section.title)
            self.pages.addWidget(_scrolled(page))
        for entry in desk.settings_pages:  # pages the composition root builds (reports, API keys, jobs)
            if desk.permissions.may(entry.capability):
                page = entry.factory(self)
                self.page_of[entry.title] = page
                self.sections.addItem(entry.title)
                self.pages.addWidget(_scrolled(page))
        self.sections.currentRowChanged.connect(self.pages.setCurrentIndex)
        if self.sections.count():
            self.sections.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections)
        layout.addWidget(self.pages, 1)

    def titles(self) -> list[str]:
        return [self.sections.item(row).text() for row in range(self.sections.count())]

    def show_section(self, title: str) -> QWidget:
        """Switch to the section called ``title`` and return its page."""
        self.sections.setCurrentRow(self.titles().index(title))
        return self.page_of[title]


def _scrolled(page: QWidget) -> QScrollArea:
    # Scrolled, so a page never makes the window wider than a small screen at 2x.
    scroller = QScrollArea()
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    scroller.setWidget(page)
    return scroller
