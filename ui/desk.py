"""What the composition root hands the main window for one signed-in person.

The window never builds engines or reads configuration: it gets who is
signed in, what they may do, and a few callables that act on the world
(invite, read the server's facts) already bound to that person's session.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from services.case_view import Case
from services.permissions import Group, Permissions
from services.sign_in_outcome import Person
from ui.about_dialog import ServerFactsSource
from ui.case_workflow import ReviewDesk
from ui.change_hub import ChangeHub
from ui.reassign_dialog import ReassignDesk
from ui.role_labels import role_label
from ui.settings_page_entry import SettingsPage

if TYPE_CHECKING:
    from ui.access_grants_dialog import AccessDirectory
    from ui.settings_invitations import InvitationDirectory
    from ui.settings_people import PeopleDirectory
    from ui.settings_teams import TeamDirectory


@dataclass(frozen=True)
class Desk:
    person: Person | None
    """``None`` when the window works as a database URL's own role (the self-test on a central server)."""
    permissions: Permissions
    server_facts: ServerFactsSource
    app_version: str
    data_dir: Path
    log_dir: Path
    invite: Callable[[], None] | None = None
    """Opens the invitation dialog; given only to people who may invite."""
    import_invitations: Callable[[], None] | None = None
    """Opens the CSV import of invitations; given only to people who may invite."""
    settings_pages: tuple[SettingsPage, ...] = ()
    """Settings pages the composition root builds (reports, API keys, jobs); shown to those with their capability."""
    hub: ChangeHub | None = None
    """The window's one "changes" signal; settings pages publish their writes and reload on it."""
    people_admin: PeopleDirectory | None = None
    """The People section's service; ``None`` without a database (shell tests)."""
    access_grants: AccessDirectory | None = None
    """The People section's access picker service; ``None`` for those who may not grant access."""
    teams_admin: TeamDirectory | None = None
    """The Teams section's service; ``None`` without a database."""
    invitation_admin: InvitationDirectory | None = None
    """The Invitations section's service; ``None`` without a database."""
    review: ReviewDesk | None = None
    """The claim → rule → next use cases; given only to people who claim entries."""
    open_case: Callable[[uuid.UUID], Awaitable[Case]] | None = None
    """Reads a case to show read-only, for people who do not claim (their case view opens from the queue)."""
    reassign: ReassignDesk | None = None
    """The reassign picker's use cases; given only to leads who may reassign."""
    has_access_grants: Callable[[], Awaitable[bool]] | None = None
    """Whether a company-side person holds any property or owner grant (why their queue may be empty)."""

    @property
    def person_key(self) -> str:
        """Whose saved layout this is: the user id, stable across renames and e-mail changes."""
        return str(self.person.user_id) if self.person is not None else "database-role"

    @property
    def title(self) -> str:
        if self.person is None:
            return "Ruling Desk — database role (no person signed in)"
        return f"Ruling Desk — {self.person.display_name} ({self.role_label})"

    @property
    def role_label(self) -> str:
        """The role as people say it; an ``admin`` of a company is not a staff admin, so the title says which."""
        if self.permissions.group is Group.COMPANY_ADMIN:
            return "Company admin"
        return role_label(self.person.role if self.person is not None else None)
