"""The API keys and background jobs pages of the settings pane, bound to one person's session and hub.

Each page publishes its writes on the window's change hub and reloads when
the hub says keys or jobs changed (another workstation, or a NOTIFY), so
two open windows agree without polling. Jobs change whenever a node runs
one, so a page nobody is looking at only notes that it is stale and reads
again when it is shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from services.api_key_admin import ApiKeyAdministration
from services.changes import ChangeKind, Changes
from services.job_admin import JobAdministration
from services.permissions import Capability
from services.unit_of_work import UnitOfWork
from ui.change_hub import ChangeHub
from ui.settings_api_keys import ApiKeysPage
from ui.settings_jobs import JobsPage
from ui.settings_page_entry import SettingsPage


def _api_keys_page(uow: UnitOfWork, hub: ChangeHub, parent: QWidget) -> QWidget:
    page = ApiKeysPage(ApiKeyAdministration(uow), parent)
    _follow(page, hub, ChangeKind.API_KEY)
    return page


def _jobs_page(uow: UnitOfWork, hub: ChangeHub, open_entry: Callable[[uuid.UUID], None], parent: QWidget) -> QWidget:
    page = JobsPage(JobAdministration(uow), parent)
    page.entry_requested.connect(open_entry)
    _follow(page, hub, ChangeKind.JOB)
    return page


class _ReloadWhenShown(QObject):
    """Reloads its page at the next show if a change came while the page was hidden."""

    def __init__(self, page: ApiKeysPage | JobsPage) -> None:
        super().__init__(page)
        self._page = page
        self.stale = False
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._page.reload()
        return False


def _follow(page: ApiKeysPage | JobsPage, hub: ChangeHub, kind: ChangeKind) -> None:
    page.changed.connect(hub.publish)
    hidden_changes = _ReloadWhenShown(page)

    def on_change(changes: Changes) -> None:
        if not changes.touches(kind):
            return
        if page.isVisible():
            page.reload()
        else:
            hidden_changes.stale = True

    hub.changed.connect(on_change)
    page.destroyed.connect(lambda: hub.changed.disconnect(on_change))
    page.reload()


def ops_settings_pages(
    uow: UnitOfWork, hub: ChangeHub, open_entry: Callable[[uuid.UUID], None]
) -> tuple[SettingsPage, ...]:
    """The pages this module builds, for :class:`ui.desk.Desk`'s ``settings_pages``.

    ``open_entry`` opens an entry in the window's case area: a job that
    belongs to an entry links to it.
    """
    return (
        SettingsPage(Capability.MANAGE_API_KEYS, "API keys", lambda parent: _api_keys_page(uow, hub, parent)),
        SettingsPage(
            Capability.MANAGE_JOBS, "Background jobs", lambda parent: _jobs_page(uow, hub, open_entry, parent)
        ),
    )
