"""What the signed-in person may do: the one answer every menu, panel and button asks.

The database is the guarantee (row-level security, column grants and the
EXECUTE grants of the privileged functions, revision 0003); this module
states the same rules once, in Python, so the workstation shows only the
areas and actions a person can really use instead of offering a button
that ends in "permission denied". It derives everything from the person's
group role, computed exactly as ``rd_group_role`` does in SQL (an
``admin`` without a company is staff, with a company that company's
administrator), and ``tests/integration/test_permissions_match_database.py``
checks each capability against the grants and policies of a migrated
database, so the two cannot drift apart silently.

No Qt and no SQLAlchemy here: the UI imports it directly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from services.sign_in_outcome import Person


class Group(StrEnum):
    """The database group role a person is a member of (one per person)."""

    ADMIN = "rd_admin"
    REVIEWER = "rd_reviewer"
    SENIOR_REVIEWER = "rd_senior_reviewer"
    QA = "rd_qa"
    COMPANY_ADMIN = "rd_company_admin"
    COMPANY_USER = "rd_company_user"
    PROPERTY_MANAGER = "rd_property_manager"
    OWNER_ADMIN = "rd_owner_admin"
    OWNER_VIEWER = "rd_owner_viewer"


class Area(StrEnum):
    """The parts of the workstation a person navigates between."""

    QUEUES = "queues"
    CASE = "case"
    QA = "qa"
    SETTINGS = "settings"


class Capability(StrEnum):
    """One thing a person may do, named for the action, each backed by a database rule."""

    CLAIM = "claim"
    """Assign an unassigned entry to oneself (``entries`` policy ``reviewer_update``)."""
    RULE = "rule"
    """Write a ruling on an entry assigned to oneself, or any entry for QA (``rd_may_rule_on_entry``)."""
    ESCALATE = "escalate"
    """Write an ``ESCALATION`` review (senior reviewers on their entries, QA anywhere)."""
    QA_REVIEW = "qa_review"
    """Write a ``QA`` review and re-review any entry."""
    REASSIGN = "reassign"
    """Hand someone's entry to another reviewer or back to the pool (``rd_reassign_entry``, revision 0005)."""
    READ_AUDIT_LOG = "read_audit_log"
    REQUEST_REPORTS = "request_reports"
    VIEW_JOBS = "view_jobs"
    MANAGE_JOBS = "manage_jobs"
    """Cancel, retry and delete background jobs."""
    INVITE = "invite"
    MANAGE_PEOPLE = "manage_people"
    """Create accounts, change roles, disable people (``rd_create_user`` and friends)."""
    MANAGE_TEAMS = "manage_teams"
    MOVE_BETWEEN_TEAMS = "move_between_teams"
    """Put a person in a team (the ``users.team_id`` column grant)."""
    FORCE_PASSWORD_CHANGE = "force_password_change"
    """Give someone a one-time password they must replace (``rd_reset_login``)."""
    MANAGE_ACCESS_GRANTS = "manage_access_grants"
    """Give people properties and take them back (``rd_grant_properties`` / ``rd_revoke_properties``)."""
    MANAGE_OWNER_GRANTS = "manage_owner_grants"
    """Give owner-level people owners (``rd_grant_owners``): they belong to no company, so staff only."""
    MANAGE_API_KEYS = "manage_api_keys"


STAFF: Final = frozenset({Group.ADMIN, Group.REVIEWER, Group.SENIOR_REVIEWER, Group.QA})
COMPANY_SIDE: Final = frozenset(Group) - STAFF
GRANT_SCOPED: Final = COMPANY_SIDE - {Group.COMPANY_ADMIN}
"""Who sees only what ``users_properties`` / ``users_owners`` grant them: the company side, except a
company's administrator (the whole company). Their queue may be empty for want of grants, and reads
best from their visible folders."""

_AREAS: Final[dict[Area, frozenset[Group]]] = {
    Area.QUEUES: frozenset(Group),
    Area.CASE: frozenset(Group),
    Area.QA: frozenset({Group.QA, Group.SENIOR_REVIEWER, Group.ADMIN}),
    Area.SETTINGS: frozenset({Group.ADMIN, Group.COMPANY_ADMIN}),
}

_CAPABILITIES: Final[dict[Capability, frozenset[Group]]] = {
    Capability.CLAIM: frozenset({Group.REVIEWER, Group.SENIOR_REVIEWER}),
    Capability.RULE: frozenset({Group.REVIEWER, Group.SENIOR_REVIEWER, Group.QA}),
    Capability.ESCALATE: frozenset({Group.SENIOR_REVIEWER, Group.QA}),
    Capability.QA_REVIEW: frozenset({Group.QA}),
    Capability.REASSIGN: frozenset({Group.SENIOR_REVIEWER, Group.QA, Group.ADMIN}),
    Capability.READ_AUDIT_LOG: frozenset({Group.ADMIN, Group.QA}),
    Capability.REQUEST_REPORTS: frozenset({Group.ADMIN, Group.COMPANY_ADMIN}),
    Capability.VIEW_JOBS: STAFF,
    Capability.MANAGE_JOBS: frozenset({Group.ADMIN}),
    Capability.INVITE: frozenset({Group.ADMIN, Group.COMPANY_ADMIN}),
    Capability.MANAGE_PEOPLE: frozenset({Group.ADMIN, Group.COMPANY_ADMIN}),
    Capability.MANAGE_TEAMS: frozenset({Group.ADMIN}),
    Capability.MOVE_BETWEEN_TEAMS: frozenset({Group.ADMIN}),
    Capability.FORCE_PASSWORD_CHANGE: frozenset({Group.ADMIN}),
    Capability.MANAGE_ACCESS_GRANTS: frozenset({Group.ADMIN, Group.COMPANY_ADMIN}),
    Capability.MANAGE_OWNER_GRANTS: frozenset({Group.ADMIN}),
    Capability.MANAGE_API_KEYS: frozenset({Group.ADMIN}),
}
"""Who may do what; the integration test reads the same facts back from the database's grants."""


def group_of(role: str | None, company_id: uuid.UUID | None) -> Group | None:
    """The group role of a ``users`` row, as ``rd_group_role(role, company_id)`` computes it in SQL."""
    if role == "admin":
        return Group.ADMIN if company_id is None else Group.COMPANY_ADMIN
    if role == "user":
        return Group.COMPANY_USER
    try:
        return Group(f"rd_{role}")
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Permissions:
    """The areas and capabilities of one person; ask :meth:`may` and :meth:`uses`, never the role."""

    group: Group | None
    areas: frozenset[Area]
    capabilities: frozenset[Capability]

    def may(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def uses(self, area: Area) -> bool:
        return area in self.areas


def permissions_of_group(group: Group | None) -> Permissions:
    """Everything ``group`` may do. Without a group (an unknown role) only the queue remains: RLS shows it empty."""
    if group is None:
        return Permissions(group=None, areas=frozenset({Area.QUEUES}), capabilities=frozenset())
    return Permissions(
        group=group,
        areas=frozenset(area for area, groups in _AREAS.items() if group in groups),
        capabilities=frozenset(capability for capability, groups in _CAPABILITIES.items() if group in groups),
    )


def permissions_of(person: Person | None) -> Permissions:
    """What ``person`` may do; ``None`` (working as a database URL's own role) gets the group-less answer."""
    if person is None:
        return permissions_of_group(None)
    return permissions_of_group(group_of(person.role, person.company_id))
