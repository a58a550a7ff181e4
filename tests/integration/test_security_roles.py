"""Roles and grants: what no application role can do, whoever they are, and who may call what.

No person, worker node or the gatekeeper can create roles, grant
themselves a group, ``SET ROLE`` into a group they are not in, or create
objects in the schema; each privileged function is executable by exactly
the groups meant to call it, and by nobody through PUBLIC.
"""

from __future__ import annotations

import pytest

from tests.security_roles import COMPANY_SIDE, STAFF, World, gatekeeper_enabled, refused

EVERYONE = (*STAFF, *COMPANY_SIDE, "worker")


@pytest.mark.parametrize("who", EVERYONE)
def test_no_role_can_create_roles_or_grant_itself_groups(world: World, who: str) -> None:
    login = world.login(who)
    with world.connect(who) as conn:
        with refused("42501", "permission denied to create role"):
            conn.execute(f'CREATE ROLE "intruder-{world.logins.tag}" LOGIN')
        with refused("42501", "permission denied to grant role"):
            conn.execute(f'GRANT rd_admin TO "{login}"')
        with refused("42501", "permission denied to alter role"):
            conn.execute(f'ALTER ROLE "{login}" SUPERUSER')
        with refused("42501", "permission denied for schema public"):
            conn.execute("CREATE TABLE loot (x int)")


def test_a_temporary_table_cannot_shadow_what_the_functions_read(world: World) -> None:
    """The functions' search_path names ``pg_temp`` last; left out, PostgreSQL would search it first.

    (The migration also revokes TEMPORARY from PUBLIC; this module's database
    is a template copy, which does not inherit database privileges, so the
    shadowing attempt itself is possible here.)
    """
    reviewer = world.people["reviewer1"]
    with world.connect("reviewer1") as conn:
        conn.execute("CREATE TEMPORARY TABLE users AS SELECT * FROM public.users WHERE false")
        conn.execute(
            "INSERT INTO pg_temp.users (id, email, role, inserted_at, updated_at, settings_notification)"
            " VALUES (gen_random_uuid(), session_user, 'admin', now(), now(), true)"
        )
        me = conn.execute("SELECT rd_current_user_id(), rd_current_group()").fetchone()
    assert me == (reviewer.user_id, "rd_reviewer")


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("reviewer1", "rd_admin"),
        ("reviewer1", "rd_qa"),
        ("company_admin_a", "rd_admin"),
        ("manager_a", "rd_company_admin"),
        ("owner_viewer", "rd_owner_admin"),
        ("worker", "rd_app"),
        ("admin", "postgres"),
        ("qa", "rd_worker"),
    ],
)
def test_set_role_to_a_group_one_is_not_in_is_refused(world: World, who: str, target: str) -> None:
    with world.connect(who) as conn, refused("42501", "permission denied to set role"):
        conn.execute(f'SET ROLE "{target}"')


def test_set_role_to_ones_own_group_gains_nothing(world: World) -> None:
    """SET ROLE rd_reviewer is allowed but only narrows: the group alone holds no table privileges."""
    with world.connect("reviewer1") as conn:
        conn.execute("SET ROLE rd_reviewer")
        with refused("42501", "permission denied for table entries"):
            conn.execute("SELECT count(*) FROM entries")
        with refused("42501", "permission denied to set role"):
            conn.execute("SET ROLE rd_admin")
        conn.execute("RESET ROLE")
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (4,)


def test_the_gatekeeper_can_only_accept_invitations(world: World) -> None:
    with world.owner() as owner, gatekeeper_enabled(owner) as gatekeeper, world.logins.connect(gatekeeper) as conn:
        for call in (
            "SELECT rd_current_user_id()",
            "SELECT rd_create_user('x@test.example', NULL, NULL, 'reviewer', NULL, NULL, '{}', 'v')",
            "SELECT rd_set_own_password('v')",
            "SELECT * FROM rd_verify_api_key('rdk_x')",
        ):
            with refused("42501", "permission denied for function"):
                conn.execute(call)


EXECUTE_GRANTS = {
    "rd_create_user": {"rd_admin", "rd_company_admin"},
    "rd_grant_login": {"rd_admin"},
    "rd_reset_login": {"rd_admin"},
    "rd_password_change_required": {"rd_app"},
    "rd_set_own_password": {"rd_app"},
    "rd_change_user_role": {"rd_admin", "rd_company_admin"},
    "rd_disable_user": {"rd_admin", "rd_company_admin"},
    "rd_enable_user": {"rd_admin", "rd_company_admin"},
    "rd_create_invitation": {"rd_admin", "rd_company_admin"},
    "rd_revoke_invitation": {"rd_admin", "rd_company_admin"},
    "rd_accept_invitation": {"rd_gatekeeper"},
    "rd_issue_api_key": {"rd_admin"},
    "rd_revoke_api_key": {"rd_admin"},
    "rd_set_api_key_active": {"rd_admin"},
    "rd_delete_api_key": {"rd_admin"},
    "rd_retry_jobs": {"rd_admin"},
    "rd_cancel_jobs": {"rd_admin"},
    "rd_delete_jobs": {"rd_admin"},
    "rd_verify_api_key": {"rd_worker"},
    "rd_current_user_id": {"rd_app"},
    "rd_current_group": {"rd_app"},
    "rd_current_company_id": {"rd_app"},
    "rd_is_staff": {"rd_app"},
    "rd_visible_property_ids": {"rd_app"},
    "rd_may_rule_on_entry": {"rd_staff"},
    "rd_report_blob_ids": {"rd_staff"},
    "rd_is_plain_address": {"rd_app"},
    "rd_send_job_signal": {"rd_admin", "rd_worker"},
    "rd_job_signal_is_vouched": {"rd_worker"},
    "rd_enqueue_ruling_notification": {"rd_staff"},
    "rd_enqueue_session_cleanup": {"rd_admin"},
    "oban_count_estimate": {"rd_admin", "rd_worker"},
    # Revision 0005, the reviewer's workflow:
    "rd_claim_next_entry": {"rd_reviewer", "rd_senior_reviewer", "rd_qa", "rd_admin"},
    "rd_release_entry": {"rd_reviewer", "rd_senior_reviewer", "rd_qa", "rd_admin"},
    "rd_skip_entry": {"rd_reviewer", "rd_senior_reviewer", "rd_qa", "rd_admin"},
    "rd_reassign_entry": {"rd_senior_reviewer", "rd_qa", "rd_admin"},
    "rd_escalate_entry": {"rd_reviewer", "rd_senior_reviewer"},
    "rd_holds_my_entry": {"rd_reviewer", "rd_senior_reviewer"},
    # Revision 0007, duplicates and forensics:
    "rd_may_decide_match": {"rd_staff"},
    # Revision 0008, opaque login names:
    "rd_login_name": {"rd_gatekeeper"},
    "rd_my_account_state": {"rd_app", "rd_disabled"},
    # Revision 0011, analytics reports:
    "rd_request_report": {"rd_admin", "rd_company_admin"},
    "rd_report_entries": {"rd_worker"},
    "rd_enqueue_weekly_company_summary": {"rd_worker"},
    # Revision 0016, webhooks:
    "rd_set_webhook_endpoint": {"rd_admin"},
    "rd_remove_webhook_endpoint": {"rd_admin"},
    # Revision 0014, access grants:
    "rd_grant_properties": {"rd_admin", "rd_company_admin"},
    "rd_revoke_properties": {"rd_admin", "rd_company_admin"},
    "rd_grant_owners": {"rd_admin"},
    "rd_revoke_owners": {"rd_admin"},
    # Revisions 0013 and 0018, queue search:
    "rd_applicant_name": {"rd_app"},
    "rd_open_entries_matching": {"rd_app"},
}
"""Who EXECUTE is granted to; every other ``rd_`` function is the owner's alone."""


def test_execute_is_granted_exactly_as_designed_and_never_to_public(world: World) -> None:
    with world.owner() as owner:
        rows = owner.execute(
            """
            SELECT p.proname,
                   coalesce(array_agg(a.grantee::regrole::text) FILTER (WHERE a.grantee <> p.proowner), '{}')
            FROM pg_proc AS p
            LEFT JOIN LATERAL aclexplode(p.proacl) AS a ON a.privilege_type = 'EXECUTE'
            WHERE p.pronamespace::regnamespace::text IN ('public', 'rd_account_state', 'rd_private')
              AND (p.proname LIKE 'rd\\_%' OR p.proname LIKE 'oban\\_%')
              AND p.prorettype <> 'trigger'::regtype
            GROUP BY p.proname, p.proacl
            """
        ).fetchall()
    grants = {name: set(grantees) for name, grantees in rows}
    expected = {name: EXECUTE_GRANTS.get(name, set()) for name in grants}
    assert grants == expected
    assert set(EXECUTE_GRANTS) <= set(grants)


def test_security_definer_functions_have_a_fixed_search_path(world: World) -> None:
    """Every ``rd_`` function, but one with a SQL-standard body (``RETURN …``, revision 0013's
    ``rd_applicant_name``): that body was bound to the objects it names when it was created, so no
    search path can change what it calls, and a ``SET`` clause would keep the planner from inlining it
    into the trigram index it serves."""
    with world.owner() as owner:
        loose = owner.execute(
            """
            SELECT proname FROM pg_proc
            WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'rd\\_%' AND prosqlbody IS NULL
              AND NOT coalesce('search_path=pg_catalog, public, pg_temp' = ANY (proconfig), false)
            """
        ).fetchall()
        definers = owner.execute(
            "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND prosecdef"
        ).fetchone()
    assert loose == []
    assert definers is not None and definers[0] >= 15


@pytest.mark.parametrize(
    ("who", "call"),
    [
        ("reviewer1", "SELECT rd_create_user('x@test.example', NULL, NULL, 'reviewer', NULL, NULL, '{}', 'v')"),
        ("qa", "SELECT * FROM rd_issue_api_key('k', true, NULL, NULL, NULL)"),
        ("company_admin_a", "SELECT * FROM rd_issue_api_key('k', false, NULL, NULL, NULL)"),
        ("company_admin_a", "SELECT rd_grant_login(gen_random_uuid(), 'v')"),
        (
            "company_user_a",
            "SELECT * FROM rd_create_invitation('x@test.example', NULL, NULL, 'user', NULL,"
            " NULL, NULL, '{}', true, '1 day')",
        ),
        ("admin", "SELECT rd_accept_invitation('x@test.example', 'token', 'v')"),
        ("reviewer2", "SELECT * FROM rd_verify_api_key('rdk_x')"),
        ("worker", "SELECT rd_disable_user(gen_random_uuid())"),
        ("owner_admin", "SELECT rd_revoke_invitation(gen_random_uuid())"),
        ("manager_a", "SELECT rd_change_user_role(gen_random_uuid(), 'admin')"),
    ],
)
def test_privileged_functions_refuse_roles_they_are_not_granted_to(world: World, who: str, call: str) -> None:
    with world.connect(who) as conn, refused("42501", "permission denied for function"):
        conn.execute(call)


def test_no_role_can_write_the_lookup_tables(world: World) -> None:
    with world.connect("admin") as conn:
        for statement in ("INSERT INTO role (name) VALUES ('root')", "DELETE FROM fraud_result_types"):
            with refused("42501", "permission denied"):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM role").fetchone() == (
            10,
        )  # the 8 product roles and revision 0010's API key roles read_only, write
