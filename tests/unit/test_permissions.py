"""The permission matrix, written out by hand: every group, every area, every capability."""

from __future__ import annotations

import uuid

import pytest

from services.permissions import Area, Capability, Group, group_of, permissions_of, permissions_of_group
from services.sign_in_outcome import Person

COMPANY = uuid.uuid4()
A, C = Area, Capability

EXPECTED_AREAS: dict[Group, set[Area]] = {
    Group.ADMIN: {A.QUEUES, A.CASE, A.QA, A.SETTINGS},
    Group.REVIEWER: {A.QUEUES, A.CASE},
    Group.SENIOR_REVIEWER: {A.QUEUES, A.CASE, A.QA},
    Group.QA: {A.QUEUES, A.CASE, A.QA},
    Group.COMPANY_ADMIN: {A.QUEUES, A.CASE, A.SETTINGS},
    Group.COMPANY_USER: {A.QUEUES, A.CASE},
    Group.PROPERTY_MANAGER: {A.QUEUES, A.CASE},
    Group.OWNER_ADMIN: {A.QUEUES, A.CASE},
    Group.OWNER_VIEWER: {A.QUEUES, A.CASE},
}

EXPECTED_CAPABILITIES: dict[Group, set[Capability]] = {
    Group.ADMIN: {
        C.READ_AUDIT_LOG,
        C.REQUEST_REPORTS,
        C.VIEW_JOBS,
        C.MANAGE_JOBS,
        C.INVITE,
        C.MANAGE_PEOPLE,
        C.MANAGE_TEAMS,
        C.MOVE_BETWEEN_TEAMS,
        C.FORCE_PASSWORD_CHANGE,
        C.MANAGE_ACCESS_GRANTS,
        C.MANAGE_OWNER_GRANTS,
        C.MANAGE_API_KEYS,
        C.REASSIGN,
    },
    Group.REVIEWER: {C.CLAIM, C.RULE, C.VIEW_JOBS},
    Group.SENIOR_REVIEWER: {C.CLAIM, C.RULE, C.ESCALATE, C.REASSIGN, C.VIEW_JOBS},
    Group.QA: {C.RULE, C.ESCALATE, C.QA_REVIEW, C.REASSIGN, C.READ_AUDIT_LOG, C.VIEW_JOBS},
    Group.COMPANY_ADMIN: {C.INVITE, C.MANAGE_PEOPLE, C.MANAGE_ACCESS_GRANTS, C.REQUEST_REPORTS},
    Group.COMPANY_USER: set(),
    Group.PROPERTY_MANAGER: set(),
    Group.OWNER_ADMIN: set(),
    Group.OWNER_VIEWER: set(),
}


def person(role: str | None, company_id: uuid.UUID | None = None) -> Person:
    return Person(uuid.uuid4(), "p@example.com", "Pat", "Doe", role, company_id, None)


@pytest.mark.parametrize("group", list(Group))
def test_each_group_gets_exactly_its_areas_and_capabilities(group: Group) -> None:
    permissions = permissions_of_group(group)
    assert permissions.areas == EXPECTED_AREAS[group]
    assert permissions.capabilities == EXPECTED_CAPABILITIES[group]
    assert all(permissions.uses(area) == (area in EXPECTED_AREAS[group]) for area in Area)
    assert all(permissions.may(cap) == (cap in EXPECTED_CAPABILITIES[group]) for cap in Capability)


@pytest.mark.parametrize(
    ("role", "company", "group"),
    [
        ("admin", None, Group.ADMIN),
        ("admin", COMPANY, Group.COMPANY_ADMIN),
        ("user", COMPANY, Group.COMPANY_USER),
        ("reviewer", None, Group.REVIEWER),
        ("senior_reviewer", None, Group.SENIOR_REVIEWER),
        ("qa", None, Group.QA),
        ("property_manager", COMPANY, Group.PROPERTY_MANAGER),
        ("owner_admin", COMPANY, Group.OWNER_ADMIN),
        ("owner_viewer", COMPANY, Group.OWNER_VIEWER),
        ("superuser", None, None),
        (None, None, None),
    ],
)
def test_a_users_row_maps_to_its_group_as_rd_group_role_does(
    role: str | None, company: uuid.UUID | None, group: Group | None
) -> None:
    assert group_of(role, company) == group
    assert permissions_of(person(role, company)).group == group


def test_a_staff_admin_and_a_company_admin_are_different_people() -> None:
    staff, company = permissions_of(person("admin")), permissions_of(person("admin", COMPANY))
    assert staff.may(C.MANAGE_API_KEYS) and not company.may(C.MANAGE_API_KEYS)
    assert staff.uses(A.QA) and not company.uses(A.QA)
    assert staff.may(C.INVITE) and company.may(C.INVITE)


def test_nobody_in_particular_sees_only_the_queue_and_may_do_nothing() -> None:
    for permissions in (permissions_of(None), permissions_of(person("janitor"))):
        assert permissions.areas == {A.QUEUES}
        assert permissions.capabilities == set()
