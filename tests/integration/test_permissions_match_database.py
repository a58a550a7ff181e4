"""services.permissions says what the database's grants and policies say, group by group.

Each capability is read back from a migrated database's catalogue (table,
column and function privileges, ``pg_policies``, and the review types
``rd_may_rule_on_entry`` lets each group write), so a security change that
is not mirrored in the workstation's rules fails here.
"""

from __future__ import annotations

import re
import uuid

import psycopg
import pytest

from services.permissions import Capability, Group, group_of, permissions_of_group

PRIVILEGE_CHECKS: dict[Capability, str] = {
    Capability.RULE: "has_table_privilege(%(g)s, 'fraud_reviews', 'INSERT')",
    Capability.READ_AUDIT_LOG: "has_table_privilege(%(g)s, 'audit_log', 'SELECT')",
    Capability.REQUEST_REPORTS: "has_function_privilege(%(g)s, 'rd_request_report'::regproc, 'EXECUTE')",
    Capability.VIEW_JOBS: "has_any_column_privilege(%(g)s, 'oban_jobs', 'SELECT')",
    Capability.MANAGE_JOBS: "has_function_privilege(%(g)s, 'rd_retry_jobs(bigint[])', 'EXECUTE')",  # revision 0010
    Capability.MANAGE_TEAMS: "has_table_privilege(%(g)s, 'team', 'INSERT')",
    Capability.MOVE_BETWEEN_TEAMS: "has_column_privilege(%(g)s, 'users', 'team_id', 'UPDATE')",
    Capability.FORCE_PASSWORD_CHANGE: "has_function_privilege(%(g)s, 'rd_reset_login'::regproc, 'EXECUTE')",
    Capability.MANAGE_ACCESS_GRANTS: (  # revision 0014
        "has_function_privilege(%(g)s, 'rd_grant_properties(uuid, uuid[])', 'EXECUTE')"
    ),
    Capability.MANAGE_OWNER_GRANTS: "has_function_privilege(%(g)s, 'rd_grant_owners(uuid, uuid[])', 'EXECUTE')",
    Capability.INVITE: "has_function_privilege(%(g)s, 'rd_create_invitation'::regproc, 'EXECUTE')",
    Capability.MANAGE_PEOPLE: "has_function_privilege(%(g)s, 'rd_disable_user'::regproc, 'EXECUTE')",
    Capability.MANAGE_API_KEYS: "has_function_privilege(%(g)s, 'rd_issue_api_key'::regproc, 'EXECUTE')",
    Capability.CLAIM: (
        "EXISTS (SELECT FROM pg_policies WHERE tablename = 'entries' AND policyname = 'reviewer_update'"
        " AND %(g)s = ANY(roles))"
    ),
    Capability.REASSIGN: "has_function_privilege(%(g)s, 'rd_reassign_entry(uuid, uuid, text)', 'EXECUTE')",
}
REVIEW_TYPE_CAPABILITIES = {Capability.ESCALATE: "ESCALATION", Capability.QA_REVIEW: "QA"}
RULE_CASE = re.compile(r"WHEN '(rd_\w+)' THEN\s+coalesce\(p_review_type (?:IN \(([^)]*)\)|= '(\w+)')")


def review_types_by_group(conn: psycopg.Connection) -> dict[str, set[str]]:
    """Which review types each group may write, from the body of ``rd_may_rule_on_entry``."""
    row = conn.execute("SELECT prosrc FROM pg_proc WHERE proname = 'rd_may_rule_on_entry'").fetchone()
    assert row is not None
    cases = RULE_CASE.findall(row[0])
    assert cases, "rd_may_rule_on_entry no longer reads as expected; update this test's parser"
    return {
        group: set(re.findall(r"'(\w+)'", listed)) | ({single} if single else set()) for group, listed, single in cases
    }


@pytest.mark.parametrize("group", list(Group))
def test_capabilities_follow_the_database_grants(migrated_libpq_url: str, group: Group) -> None:
    permissions = permissions_of_group(group)
    with psycopg.connect(migrated_libpq_url) as conn:
        for capability, check in PRIVILEGE_CHECKS.items():
            row = conn.execute(f"SELECT {check}", {"g": group.value}).fetchone()  # type: ignore[arg-type]
            assert row is not None
            assert permissions.may(capability) == row[0], (group, capability)
        review_types = review_types_by_group(conn).get(group.value, set())
    for capability, review_type in REVIEW_TYPE_CAPABILITIES.items():
        assert permissions.may(capability) == (review_type in review_types), (group, capability)


def test_every_capability_is_checked_against_the_database() -> None:
    assert set(PRIVILEGE_CHECKS) | set(REVIEW_TYPE_CAPABILITIES) == set(Capability)


def test_the_group_mapping_matches_rd_group_role(migrated_libpq_url: str) -> None:
    with_company = {"admin", "user", "property_manager", "owner_admin", "owner_viewer"}
    cases = [(role, False) for role in ("admin", "reviewer", "senior_reviewer", "qa", "nonsense")]
    cases += [(role, True) for role in with_company]
    with psycopg.connect(migrated_libpq_url) as conn:
        for role, company in cases:
            company_id = uuid.uuid4() if company else None
            row = conn.execute("SELECT rd_group_role(%s, %s)", (role, company_id)).fetchone()
            assert row is not None
            mapped = group_of(role, company_id)
            assert (mapped.value if mapped else None) == row[0], role
