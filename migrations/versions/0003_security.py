r"""Security: group roles, grants, row-level security, privileged functions and the audit log.

Every workstation connects straight to the central PostgreSQL, each person
as their own LOGIN role, so the database itself decides who sees and
changes what. This revision installs that decision. Nothing here relies on
the application connecting as a superuser or as the table owner: the owner
(who runs migrations, the seeder and the ``ruling-desk users`` command)
bypasses row-level security as table owners do, every person does not.

Roles (cluster-wide, hence prefixed ``rd_`` and created idempotently)
---------------------------------------------------------------------
- ``rd_app``: every person. ``rd_staff``: umbrella of the four review-staff
  groups ``rd_reviewer``, ``rd_senior_reviewer``, ``rd_qa``, ``rd_admin``.
  Company side: ``rd_company_admin``, ``rd_company_user``,
  ``rd_property_manager``, ``rd_owner_admin``, ``rd_owner_viewer``.
  ``rd_worker`` for job nodes. ``rd_gatekeeper``: what a workstation uses
  before anyone signs in; it may connect and EXECUTE exactly
  ``rd_accept_invitation`` and ``rd_sign_in_status``.
- A person's login role is named by their lower-cased e-mail address (at
  most 63 bytes, PostgreSQL's identifier limit; longer addresses are
  refused rather than silently truncated into someone else's name).
- ``users.role`` maps to one group (``rd_group_role``): ``admin`` without a
  company is staff (``rd_admin``), ``admin`` *with* a company is that
  company's administrator (``rd_company_admin``), ``user`` is
  ``rd_company_user``, every other role ``rd_<role>``. The spec's two
  meanings of ``admin`` are thus two different groups with different
  policies, never one role checked "with a company or not" at run time.
- Roles are created only if missing; a pre-existing role of the same name
  with LOGIN (except the gatekeeper's), SUPERUSER, CREATEROLE, CREATEDB,
  REPLICATION or BYPASSRLS stops the migration: it is not ours.
- Identity inside SQL is ``session_user`` matched to ``lower(users.email)``
  of a non-archived row. ``current_user`` is not used: ``SET ROLE`` and
  SECURITY DEFINER change it.
- One cluster serves one deployment: group membership is cluster-wide, so a
  person's groups are the same in every database of the cluster. The
  helper functions also require the ``users`` row *of this database* to
  carry a matching role, so membership alone opens nothing.

Grants
------
- ``CONNECT`` and ``TEMPORARY`` on the database are revoked from PUBLIC and
  ``CONNECT`` granted to ``rd_app``, ``rd_worker`` and ``rd_gatekeeper``
  (``current_database()`` in a DO block: the name differs per deployment).
  ``CREATE`` on schema ``public`` is revoked from PUBLIC. No application
  role gets CREATEROLE or ADMIN OPTION on any group, so none can create
  roles or grant itself a group; ``SET ROLE`` to a group one is not a
  member of is refused by PostgreSQL itself. (``CREATE DATABASE …
  TEMPLATE`` does not copy database privileges: a clone of a migrated
  database gets PUBLIC's defaults back until this block is re-run.)
- Tables have no PUBLIC privileges. ``rd_app`` may SELECT the screening,
  organisation and people tables (row-level security decides which rows)
  and the lookups. Writes are narrow and mostly column-level:
  reviewers, senior reviewers and QA ``UPDATE`` only the review columns of
  ``entries`` (``ENTRY_REVIEW_COLUMNS``), the ruling columns of ``folders``
  and ``proof.result``; they INSERT/UPDATE fraud reviews, document reviews
  and fraud results. Staff admins manage ``team``, grants
  (``users_properties``/``users_owners``) and the harmless ``users``
  columns directly; creating people, changing roles, disabling, invitations
  and API keys go through the functions below. Company-side roles write
  nothing directly.
- ``api_keys``: ``rd_admin`` may SELECT every column except ``key``;
  nobody else reads the table; writes only through the functions.
- ``oban_jobs``: staff may enqueue (INSERT) and see the job list without
  ``args``/``errors``/``meta`` (an invitation e-mail job carries the
  one-time code to the worker that sends it); ``rd_admin`` reads, cancels,
  retries and deletes jobs (UPDATE only of the state columns, never a
  job's worker or arguments); ``rd_worker`` owns the job tables' rows.
  Worker nodes import the module a job names, so a trigger refuses staff
  jobs outside ``services.jobs.*`` on ``desk_*`` queues (the client's
  Elixir nodes, not in our groups, are unaffected; the table gets no RLS
  for the same reason). EXECUTE on ``oban_count_estimate`` moves from
  PUBLIC to ``rd_worker`` and ``rd_admin``.
- ``rd_worker`` reads what reports and similarity checks need, writes the
  SLA notification columns of ``entries``, the similarity columns of
  ``proof``, ``matching_entries``, report rows and blobs, and deletes
  expired ``unauthenticated_session`` rows.

Row-level security
------------------
Enabled on every table holding company data, ``users`` and its grants,
``team``, invitations, API keys, reports, sessions, blobs and the audit log
(lookups ``role``, ``country``, ``fraud_result_types`` stay plain, readable
by ``rd_app``). Not FORCEd: the owner keeps bypassing it.

- Policies are attached to the groups they are for (``TO rd_staff``,
  ``TO rd_company_admin, …``), so PostgreSQL applies to a query only the
  policies of the caller's groups. A staff query carries no company
  predicate at all: its only qual is ``(SELECT rd_is_staff())``, an
  InitPlan computed once per query, so the queue's index ranges are read
  exactly as for the owner and each row costs one boolean test (measured
  on 20,000 seeded entries: a queue page in the same ~9 ms as the owner's).
- Helpers are SECURITY DEFINER, STABLE, and always called as
  ``(SELECT fn())`` so they run once per query, not per row:
  ``rd_current_user_id()``, ``rd_current_group()``, ``rd_is_staff()``,
  ``rd_current_company_id()``, ``rd_visible_property_ids()``.
- Company side sees properties ``rd_visible_property_ids()``: a company
  admin all of the company's properties; every company-side role also its
  ``users_properties`` grants and the properties currently owned
  (``ownership_end IS NULL``) by its ``users_owners`` owners. Everything
  below a property is visible when its parent is: folders by
  ``property_id``, entries by folder, applicants/proofs/fraud submissions by
  entry, and so on down (``COMPANY_VISIBILITY``). The parent's own policy
  applies inside the sub-select, so each rule is stated once. Companies and
  owners are visible through visible properties; company users see their
  colleagues' ``users`` rows; every person sees their own row and grants.
- Reviewers and senior reviewers UPDATE an entry only when it is assigned
  to them, or claim an UNASSIGNED one by assigning it to themselves (WITH
  CHECK ``review_assigned_to_id = me``); handing an entry back or to
  someone else is QA's job. They write fraud reviews, document reviews,
  fraud results, proof results and folder rulings only for entries
  assigned to them (``rd_may_rule_on_entry``): reviewers ``INITIAL``
  reviews, senior reviewers ``INITIAL`` and ``ESCALATION``. QA writes
  ``QA`` and ``ESCALATION`` reviews on any entry and may reassign. The
  ``reviewer_id`` of a review must be the writer; ``entries.reviewer_id``
  is not policed (an entry re-opened for someone else still names its
  first reviewer), the audit log records who really wrote. Staff admins do
  not rule.
- Company-side users read a document blob through a visible proof whose
  ``file``/``thumb`` names it; ``proof.file`` has no index, so that lookup
  scans proofs (tolerable for one document at a time; index it if the
  company side ever browses documents in bulk).
- Invitations are visible to staff admins and, for their company, to
  company admins; API keys to staff admins; the audit log to staff admins
  and QA; reports to their requester and staff admins.

Privileged functions
--------------------
SECURITY DEFINER, ``SET search_path = pg_catalog, public, pg_temp``
(``pg_temp`` named last so a temporary table can never shadow ``users``;
left unnamed, PostgreSQL would search it *first*), EXECUTE revoked from
PUBLIC and granted to exactly the roles that may call them; each re-checks
who is calling from ``session_user`` and its ``users`` row. The deployment
owner (``session_user`` a member of the tables' owner, e.g. the
``ruling-desk users`` command) may do what a staff admin may, acting as
nobody (audit ``user_id`` NULL). Passwords never reach the server: callers
pass a SCRAM-SHA-256 verifier computed client-side, and anything else is
refused. Refusals use SQLSTATE ``42501`` (not allowed), ``22023``
(malformed request), ``P0002`` (no such row), ``23505`` (account exists),
and ``RD401``/``RD403``/``RD409``/``RD410`` for invitation codes. Notable
rules:

- A company admin creates, re-roles and disables only accounts of their
  own company with roles ``admin`` (company), ``user`` or
  ``property_manager``; owner-level and staff accounts are staff admins'.
- A login role that already exists is reused only if it is one of ours
  (a plain member of ``rd_app``); a same-named role of someone else's is
  refused, never given a new password.
- An archived ``users`` row is re-activated instead of duplicated (a
  returning person keeps their history); only a staff admin may move it
  to another company.
- Disabling sets ``users.is_archived``, makes the role NOLOGIN and ends the
  person's open sessions (``pg_terminate_backend``). Nobody disables
  themselves.
- Invitation codes and API key secrets are 244 random bits (two
  ``gen_random_uuid()``); only their SHA-256 is stored. A new invitation
  revokes the pending ones for the same address and company. Without
  ``skip_email_sending`` an ``InvitationEmailWorker`` job is enqueued in
  the same transaction. Validity is between a minute and 30 days.
- ``rd_sign_in_status`` only says ``disabled``/``expired`` for Ruling Desk
  login roles and ``unknown`` otherwise. (PostgreSQL's own ``pg_roles`` is
  readable by every connected role and lists role names; a deployment that
  must hide its users' addresses from each other revokes that as a
  superuser — outside this migration's reach.)

Requirements on the migrating role (the owner): CREATEROLE (and, on
PostgreSQL 16+, having created the groups gives it their ADMIN OPTION);
to end sessions of disabled users, membership in ``pg_signal_backend``.
A superuser has both.

The audit log
-------------
``audit_log`` (see ``models.audit``) is written by one SECURITY DEFINER
trigger function, ``rd_audit_row()``: AFTER INSERT/UPDATE/DELETE on the
review tables, people, teams, grants, invitations and API keys, and on
``entries``/``folders`` only when their review/ruling columns change (an
entry's INSERT is not review state). ``TRUNCATE`` of an audited table is
logged per statement. It is append-only for everyone: no role has
UPDATE/DELETE/TRUNCATE on it, and a statement trigger refuses those even
to the owner. Readable by ``rd_admin`` and ``rd_qa``.

Bulk loads: there is no switch a session can set to skip auditing. The
demo seed, running as the tables' owner, disables the audit triggers with
``ALTER TABLE … DISABLE TRIGGER`` inside its own transaction and enables
them again before commit (an owner-only, transactional step that locks
other sessions out of those tables meanwhile).

Downgrade
---------
Drops the functions, policies, triggers, ``audit_log`` and the new
invitation columns, revokes every privilege this revision granted in this
database and restores PUBLIC's ``CONNECT``/``TEMPORARY`` and EXECUTE on
``oban_count_estimate``. It does **not** drop the cluster-wide roles: other
databases of the cluster (other deployments' schemas, the test suite's
per-module databases) may still use them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from typing import Final, NamedTuple

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# --------------------------------------------------------------------- roles
APP: Final = "rd_app"
STAFF: Final = "rd_staff"
REVIEWER: Final = "rd_reviewer"
SENIOR_REVIEWER: Final = "rd_senior_reviewer"
QA: Final = "rd_qa"
ADMIN: Final = "rd_admin"
COMPANY_ADMIN: Final = "rd_company_admin"
COMPANY_USER: Final = "rd_company_user"
PROPERTY_MANAGER: Final = "rd_property_manager"
OWNER_ADMIN: Final = "rd_owner_admin"
OWNER_VIEWER: Final = "rd_owner_viewer"
WORKER: Final = "rd_worker"
GATEKEEPER: Final = "rd_gatekeeper"

STAFF_GROUPS: Final = (REVIEWER, SENIOR_REVIEWER, QA, ADMIN)
COMPANY_GROUPS: Final = (COMPANY_ADMIN, COMPANY_USER, PROPERTY_MANAGER, OWNER_ADMIN, OWNER_VIEWER)
PRODUCT_GROUPS: Final = STAFF_GROUPS + COMPANY_GROUPS
RULING_GROUPS: Final = (REVIEWER, SENIOR_REVIEWER, QA)
ALL_ROLES: Final = (APP, STAFF, *PRODUCT_GROUPS, WORKER, GATEKEEPER)

SEARCH_PATH: Final = "SET search_path = pg_catalog, public, pg_temp"

# Mirrors of services.jobs (a revision is frozen: it never imports the code it
# serves; tests/integration/test_security_invitations.py checks they agree).
INVITATION_QUEUE: Final = "desk_notifications"
INVITATION_WORKER: Final = "services.jobs.invitation_email.InvitationEmailWorker"

# -------------------------------------------------------------------- tables
LOOKUP_TABLES: Final = ("role", "country", "fraud_result_types")
JOB_TABLES: Final = ("oban_jobs", "oban_peers", "oban_leaders", "oban_producers")
JOB_LIST_COLUMNS: Final = (
    "id",
    "state",
    "queue",
    "worker",
    "attempt",
    "max_attempts",
    "priority",
    "tags",
    "inserted_at",
    "scheduled_at",
    "attempted_at",
    "completed_at",
    "discarded_at",
    "cancelled_at",
)
"""What staff may see of a job: everything but its arguments, errors and metadata."""

JOB_MANAGEMENT_COLUMNS: Final = (
    "state",
    "max_attempts",
    "scheduled_at",
    "completed_at",
    "cancelled_at",
    "discarded_at",
    "meta",
)
"""What ``oban``'s cancel and retry change; never a job's worker, queue or arguments."""

OUR_JOBS: Final = r"NEW.worker LIKE 'services.jobs.%' AND NEW.queue LIKE 'desk\_%'"
"""The jobs a workstation may enqueue: our Python workers on our queues (see ``services.jobs.queues``)."""

ENTRY_REVIEW_COLUMNS: Final = (
    "status",
    "result",
    "note",
    "review_status",
    "review_date",
    "review_assigned_date",
    "reviewer_id",
    "review_assigned_to_id",
)
"""What ruling staff may change on an entry; also what the audit log watches there."""

FOLDER_RULING_COLUMNS: Final = (
    "status",
    "result",
    "dynamic_ruling",
    "ruling_time",
    "last_entry_id",
    "last_entry_submission_time",
    "last_entry_result",
    "last_entry_status",
    "review_assigned_to_id",
    "review_assigned_date",
)
"""A folder's denormalised ruling, written with each completed review; audited too."""

ENTRY_SLA_COLUMNS: Final = (
    "primary_notification_sent_at",
    "secondary_notification_sent_at",
    "twenty_two_hours_notification_sent_at",
    "sixteen_hours_notification_sent_at",
)
FRAUD_REVIEW_MUTABLE_COLUMNS: Final = (
    "result",
    "fraud_type",
    "status",
    "result_reason",
    "assigned_date",
    "completed_date",
)
"""What a reviewer may still change on their review; its submission, author and type are fixed."""
API_KEY_VISIBLE_COLUMNS: Final = (
    "id",
    "description",
    "master",
    "role_id",
    "company_id",
    "is_active",
    "property_id",
    "inserted_at",
    "updated_at",
)
"""Every ``api_keys`` column but ``key``."""

ME: Final = "(SELECT rd_current_user_id())"
VISIBLE_PROPERTIES: Final = "ANY ((SELECT rd_visible_property_ids())::uuid[])"
IS_STAFF: Final = "(SELECT rd_is_staff())"

COMPANY_VISIBILITY: Final[dict[str, str]] = {
    "companies": "id = (SELECT rd_current_company_id()) OR id IN (SELECT company_id FROM properties)",
    "properties": f"id = {VISIBLE_PROPERTIES}",
    "owners": (
        f"id IN (SELECT owner_id FROM users_owners WHERE user_id = {ME})"
        " OR id IN (SELECT owner_id FROM property_owners)"
    ),
    "property_owners": f"property_id = {VISIBLE_PROPERTIES}",
    "folders": f"property_id = {VISIBLE_PROPERTIES}",
    "entries": "folder_id IN (SELECT id FROM folders)",
    "applicants": "entry_id IN (SELECT id FROM entries)",
    "applicant_details": "id IN (SELECT applicant_detail_id FROM applicants)",
    "applicant_submissions": "applicant_id IN (SELECT id FROM applicants)",
    "applicant_submission_document_sources": "applicant_submission_id IN (SELECT id FROM applicant_submissions)",
    "proof": "entry_id IN (SELECT id FROM entries)",
    "fraud_submissions": "entry_id IN (SELECT id FROM entries)",
    "fraud_reviews": "fraud_submission_id IN (SELECT id FROM fraud_submissions)",
    "fraud_document_reviews": "fraud_review_id IN (SELECT id FROM fraud_reviews)",
    "fraud_results": "applicant_submission_id IN (SELECT id FROM applicant_submissions)",
    **{
        table: condition
        for kind in ("income", "asset")
        for table, condition in (
            (f"{kind}_verification_submissions", "entry_id IN (SELECT id FROM entries)"),
            (
                f"{kind}_verification_reviews",
                f"{kind}_verification_submission_id IN (SELECT id FROM {kind}_verification_submissions)",
            ),
            (f"{kind}_verification_results", "applicant_submission_id IN (SELECT id FROM applicant_submissions)"),
        )
    },
    "id_verifications": f"property_id = {VISIBLE_PROPERTIES}",
    "rent_verifications": "applicant_id IN (SELECT id FROM applicants)",
    "rent_verification_events": "rent_verification_id IN (SELECT id FROM rent_verifications)",
    "matching_entries": "entry_id IN (SELECT id FROM entries) AND matching_entry_id IN (SELECT id FROM entries)",
    "document_blobs": (
        "'db://document_blobs/' || id::text IN (SELECT file FROM proof UNION ALL SELECT thumb FROM proof)"
        " OR id IN (SELECT document_blob_id FROM analytics_reports)"
    ),
    "users": "company_id = (SELECT rd_current_company_id())",
    "users_properties": "(SELECT rd_current_group()) = 'rd_company_admin' AND user_id IN (SELECT id FROM users)",
    "users_owners": "(SELECT rd_current_group()) = 'rd_company_admin' AND user_id IN (SELECT id FROM users)",
}
"""Company side: when a row is visible, usually "its parent is" (whose own policy applies in the sub-select)."""

PERSON_READABLE_TABLES: Final = (*COMPANY_VISIBILITY, "team", "analytics_reports")
"""Tables ``rd_app`` may SELECT; row-level security picks the rows."""

WORKER_READABLE_TABLES: Final = (*COMPANY_VISIBILITY, "team", "analytics_reports", "unauthenticated_session")

RLS_TABLES: Final = (
    *COMPANY_VISIBILITY,
    "team",
    "analytics_reports",
    "unauthenticated_session",
    "invitations",
    "invitations_properties",
    "api_keys",
    "audit_log",
)


# ------------------------------------------------------------------ policies
class Policy(NamedTuple):
    """One ``CREATE POLICY``. (Named tuples, not dataclasses: Alembic loads revisions outside ``sys.modules``.)"""

    table: str
    name: str
    command: str
    roles: tuple[str, ...]
    using: str | None = None
    check: str | None = None

    def create(self) -> str:
        statement = f"CREATE POLICY {self.name} ON {self.table} FOR {self.command} TO {', '.join(self.roles)}"
        if self.using is not None:
            statement += f" USING ({self.using})"
        if self.check is not None:
            statement += f" WITH CHECK ({self.check})"
        return statement

    def drop(self) -> str:
        return f"DROP POLICY {self.name} ON {self.table}"


def _read_policies() -> list[Policy]:
    policies: list[Policy] = []
    for table, condition in COMPANY_VISIBILITY.items():
        policies.append(Policy(table, "staff_read", "SELECT", (STAFF,), IS_STAFF))
        policies.append(Policy(table, "company_read", "SELECT", COMPANY_GROUPS, condition))
    for table in WORKER_READABLE_TABLES:
        policies.append(Policy(table, "worker_read", "SELECT", (WORKER,), "true"))
    policies += [
        Policy("team", "staff_read", "SELECT", (STAFF,), IS_STAFF),
        Policy("users", "self_read", "SELECT", (APP,), f"id = {ME}"),
        Policy("users_properties", "self_read", "SELECT", (APP,), f"user_id = {ME}"),
        Policy("users_owners", "self_read", "SELECT", (APP,), f"user_id = {ME}"),
        Policy("analytics_reports", "requester_read", "SELECT", (APP,), f"user_id = {ME}"),
        Policy("analytics_reports", "admin_read", "SELECT", (ADMIN,), IS_STAFF),
        Policy("invitations", "admin_read", "SELECT", (ADMIN,), IS_STAFF),
        Policy("invitations_properties", "admin_read", "SELECT", (ADMIN,), IS_STAFF),
        Policy(
            "invitations",
            "company_admin_read",
            "SELECT",
            (COMPANY_ADMIN,),
            "(SELECT rd_current_group()) = 'rd_company_admin' AND company_id = (SELECT rd_current_company_id())",
        ),
        Policy(
            "invitations_properties",
            "company_admin_read",
            "SELECT",
            (COMPANY_ADMIN,),
            "invitation_id IN (SELECT id FROM invitations)",
        ),
        Policy("api_keys", "admin_read", "SELECT", (ADMIN,), IS_STAFF),
        Policy("audit_log", "staff_read", "SELECT", (ADMIN, QA), IS_STAFF),
    ]
    return policies


ASSIGNED_TO_ME: Final = f"review_assigned_to_id = {ME}"
SUBMISSION_ENTRY: Final = "(SELECT fs.entry_id FROM fraud_submissions AS fs WHERE fs.id = fraud_submission_id)"
APPLICANT_SUBMISSION_ENTRY: Final = (
    "(SELECT a.entry_id FROM applicant_submissions AS s JOIN applicants AS a ON a.id = s.applicant_id"
    " WHERE s.id = applicant_submission_id)"
)
MAY_WRITE_FRAUD_REVIEW: Final = f"reviewer_id = {ME} AND rd_may_rule_on_entry({SUBMISSION_ENTRY}, review_type)"
MAY_WRITE_DOCUMENT_REVIEW: Final = f"""EXISTS (
    SELECT FROM fraud_reviews AS r
    JOIN fraud_submissions AS fs ON fs.id = r.fraud_submission_id
    JOIN proof AS p ON p.entry_id = fs.entry_id
    WHERE r.id = fraud_review_id AND p.id = document_id AND r.reviewer_id = {ME}
      AND rd_may_rule_on_entry(fs.entry_id, r.review_type)
)"""
MAY_WRITE_FRAUD_RESULT: Final = f"rd_may_rule_on_entry({APPLICANT_SUBMISSION_ENTRY}, NULL)"
FOLDER_OF_MY_ENTRY: Final = f"id IN (SELECT e.folder_id FROM entries AS e WHERE e.review_assigned_to_id = {ME})"
REVIEWERS: Final = (REVIEWER, SENIOR_REVIEWER)


def _write_policies() -> list[Policy]:
    return [
        # Rulings: reviewers on what is assigned to them, QA anywhere.
        Policy(
            "entries",
            "reviewer_update",
            "UPDATE",
            REVIEWERS,
            f"{ASSIGNED_TO_ME} OR (review_assigned_to_id IS NULL AND review_status = 'UNASSIGNED')",
            ASSIGNED_TO_ME,
        ),
        Policy("entries", "qa_update", "UPDATE", (QA,), IS_STAFF, IS_STAFF),
        Policy("entries", "worker_update", "UPDATE", (WORKER,), "true", "true"),
        Policy("folders", "reviewer_update", "UPDATE", REVIEWERS, FOLDER_OF_MY_ENTRY, FOLDER_OF_MY_ENTRY),
        Policy("folders", "qa_update", "UPDATE", (QA,), IS_STAFF, IS_STAFF),
        Policy(
            "proof",
            "ruling_update",
            "UPDATE",
            RULING_GROUPS,
            "rd_may_rule_on_entry(entry_id, NULL)",
            "rd_may_rule_on_entry(entry_id, NULL)",
        ),
        Policy("proof", "worker_update", "UPDATE", (WORKER,), "true", "true"),
        Policy("fraud_reviews", "ruling_insert", "INSERT", RULING_GROUPS, check=MAY_WRITE_FRAUD_REVIEW),
        Policy(
            "fraud_reviews", "ruling_update", "UPDATE", RULING_GROUPS, MAY_WRITE_FRAUD_REVIEW, MAY_WRITE_FRAUD_REVIEW
        ),
        Policy("fraud_document_reviews", "ruling_insert", "INSERT", RULING_GROUPS, check=MAY_WRITE_DOCUMENT_REVIEW),
        Policy(
            "fraud_document_reviews",
            "ruling_update",
            "UPDATE",
            RULING_GROUPS,
            MAY_WRITE_DOCUMENT_REVIEW,
            MAY_WRITE_DOCUMENT_REVIEW,
        ),
        Policy("fraud_results", "ruling_insert", "INSERT", RULING_GROUPS, check=MAY_WRITE_FRAUD_RESULT),
        Policy(
            "fraud_results", "ruling_update", "UPDATE", RULING_GROUPS, MAY_WRITE_FRAUD_RESULT, MAY_WRITE_FRAUD_RESULT
        ),
        # People: oneself, and staff admins.
        Policy("users", "self_update", "UPDATE", (APP,), f"id = {ME}", f"id = {ME}"),
        Policy("users", "admin_update", "UPDATE", (ADMIN,), IS_STAFF, IS_STAFF),
        *(
            Policy(table, f"admin_{command.lower()}", command, (ADMIN,), *_using_check(command, IS_STAFF))
            for table in ("team", "users_properties", "users_owners")
            for command in ("INSERT", "UPDATE", "DELETE")
            if not (table == "users_owners" and command == "UPDATE")
        ),
        # Reports, blobs, sessions, duplicates: requesters and worker nodes.
        Policy(
            "analytics_reports",
            "staff_request",
            "INSERT",
            (STAFF,),
            check=f"{IS_STAFF} AND user_id = {ME} AND status = 'pending'",
        ),
        Policy("analytics_reports", "worker_update", "UPDATE", (WORKER,), "true", "true"),
        Policy("document_blobs", "worker_insert", "INSERT", (WORKER,), check="true"),
        Policy("matching_entries", "worker_write", "ALL", (WORKER,), "true", "true"),
        Policy("unauthenticated_session", "worker_delete", "DELETE", (WORKER,), "true"),
    ]


def _using_check(command: str, condition: str) -> tuple[str | None, str | None]:
    """``(USING, WITH CHECK)`` for a policy that allows ``command`` where ``condition`` holds."""
    if command == "INSERT":
        return None, condition
    if command == "DELETE":
        return condition, None
    return condition, condition


POLICIES: Final = (*_read_policies(), *_write_policies())


# -------------------------------------------------------------------- grants
def _columns(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


GRANTS: Final = (
    f"GRANT SELECT ON {', '.join(LOOKUP_TABLES)} TO {APP}, {WORKER}",
    f"GRANT SELECT ON alembic_version TO {APP}, {WORKER}",
    f"GRANT SELECT ON {', '.join(PERSON_READABLE_TABLES)} TO {APP}",
    f"GRANT SELECT ON {', '.join(WORKER_READABLE_TABLES)} TO {WORKER}",
    # Rulings.
    f"GRANT UPDATE ({_columns(ENTRY_REVIEW_COLUMNS)}) ON entries TO {', '.join(RULING_GROUPS)}",
    f"GRANT UPDATE ({_columns(FOLDER_RULING_COLUMNS)}) ON folders TO {', '.join(RULING_GROUPS)}",
    f"GRANT UPDATE (result) ON proof TO {', '.join(RULING_GROUPS)}",
    f"GRANT INSERT ON fraud_reviews, fraud_document_reviews, fraud_results TO {', '.join(RULING_GROUPS)}",
    f"GRANT UPDATE ({_columns(FRAUD_REVIEW_MUTABLE_COLUMNS)}) ON fraud_reviews TO {', '.join(RULING_GROUPS)}",
    f"GRANT UPDATE (result, source_type) ON fraud_document_reviews TO {', '.join(RULING_GROUPS)}",
    f"GRANT UPDATE (result) ON fraud_results TO {', '.join(RULING_GROUPS)}",
    # People.
    f"GRANT UPDATE (first_name, last_name, settings_notification) ON users TO {APP}",
    f"GRANT UPDATE (team_id, short_id) ON users TO {ADMIN}",
    f"GRANT INSERT, UPDATE, DELETE ON team TO {ADMIN}",
    f"GRANT INSERT, UPDATE, DELETE ON users_properties TO {ADMIN}",
    f"GRANT INSERT, DELETE ON users_owners TO {ADMIN}",
    f"GRANT SELECT ON invitations, invitations_properties TO {ADMIN}, {COMPANY_ADMIN}",
    f"GRANT SELECT ({_columns(API_KEY_VISIBLE_COLUMNS)}) ON api_keys TO {ADMIN}",
    f"GRANT SELECT ON audit_log TO {ADMIN}, {QA}",
    # Reports and jobs.
    f'GRANT INSERT (type, "references", all_references, "from", "to", user_id) ON analytics_reports TO {STAFF}',
    f"GRANT SELECT ({_columns(JOB_LIST_COLUMNS)}), INSERT ON oban_jobs TO {STAFF}",
    f"GRANT SELECT, UPDATE ({_columns(JOB_MANAGEMENT_COLUMNS)}), DELETE ON oban_jobs TO {ADMIN}",
    f"GRANT EXECUTE ON FUNCTION oban_count_estimate(text, text) TO {WORKER}, {ADMIN}",
    # Worker nodes.
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(JOB_TABLES)} TO {WORKER}",
    f"GRANT UPDATE ({_columns(ENTRY_SLA_COLUMNS)}) ON entries TO {WORKER}",
    f"GRANT UPDATE (similarity_check, manual_review_recommended) ON proof TO {WORKER}",
    f"GRANT INSERT, UPDATE, DELETE ON matching_entries TO {WORKER}",
    f"GRANT UPDATE (status, completed_at, error, document_blob_id) ON analytics_reports TO {WORKER}",
    f"GRANT INSERT ON document_blobs TO {WORKER}",
    f"GRANT DELETE ON unauthenticated_session TO {WORKER}",
)


# ----------------------------------------------------------------- functions
class Function(NamedTuple):
    """A function this revision creates, and who may EXECUTE it (nobody but the owner when empty)."""

    signature: str
    body: str
    grantees: tuple[str, ...] = ()


_GROUP_LIST: Final = ", ".join(f"'{group}'" for group in PRODUCT_GROUPS)
_STAFF_LIST: Final = ", ".join(f"'{group}'" for group in STAFF_GROUPS)
_COMPANY_MANAGED_LIST: Final = f"'{COMPANY_ADMIN}', '{COMPANY_USER}', '{PROPERTY_MANAGER}'"
_OWNER_LIST: Final = f"'{OWNER_ADMIN}', '{OWNER_VIEWER}'"
_NOW: Final = "(now() AT TIME ZONE 'utc')"
_ACTIVE_CALLER: Final = "lower(email) = session_user::text AND is_archived IS NOT TRUE"

FUNCTIONS: Final = (
    # --- identity and policy helpers ------------------------------------
    Function(
        "rd_group_role(p_role text, p_company_id uuid)",
        rf"""RETURNS text LANGUAGE sql IMMUTABLE {SEARCH_PATH} AS $$
    SELECT CASE
        WHEN p_role = 'admin' AND p_company_id IS NULL THEN 'rd_admin'
        WHEN p_role = 'admin' THEN 'rd_company_admin'
        WHEN p_role = 'user' THEN 'rd_company_user'
        WHEN p_role IN ('reviewer', 'senior_reviewer', 'qa', 'property_manager', 'owner_admin', 'owner_viewer')
            THEN 'rd_' || p_role
    END
$$""",
    ),
    Function(
        "rd_current_user_id()",
        rf"""RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    SELECT id FROM users WHERE {_ACTIVE_CALLER}
$$""",
        (APP,),
    ),
    Function(
        "rd_current_group()",
        rf"""RETURNS text LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    SELECT rd_group_role(role, company_id) FROM users
    WHERE {_ACTIVE_CALLER} AND pg_has_role(session_user, rd_group_role(role, company_id), 'MEMBER')
$$""",
        (APP,),
    ),
    Function(
        "rd_is_staff()",
        rf"""RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    SELECT coalesce(rd_current_group() IN ({_STAFF_LIST}), false)
$$""",
        (APP,),
    ),
    Function(
        "rd_current_company_id()",
        rf"""RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    SELECT company_id FROM users WHERE {_ACTIVE_CALLER}
$$""",
        (APP,),
    ),
    Function(
        "rd_visible_property_ids()",
        rf"""RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    WITH me AS (
        SELECT id, company_id, rd_current_group() AS grp FROM users WHERE {_ACTIVE_CALLER}
    )
    SELECT coalesce(array_agg(DISTINCT visible.property_id), '{{}}')
    FROM (
        SELECT p.id AS property_id
        FROM me JOIN properties AS p ON p.company_id = me.company_id
        WHERE me.grp = 'rd_company_admin'
        UNION ALL
        SELECT up.property_id
        FROM me JOIN users_properties AS up ON up.user_id = me.id
        WHERE me.grp IN ({", ".join(f"'{group}'" for group in COMPANY_GROUPS)})
        UNION ALL
        SELECT po.property_id
        FROM me
        JOIN users_owners AS uo ON uo.user_id = me.id
        JOIN property_owners AS po ON po.owner_id = uo.owner_id AND po.ownership_end IS NULL
        WHERE me.grp IN ({", ".join(f"'{group}'" for group in COMPANY_GROUPS)})
    ) AS visible
$$""",
        (APP,),
    ),
    Function(
        "rd_may_rule_on_entry(p_entry_id uuid, p_review_type text)",
        rf"""RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    -- p_review_type NULL: "any review type this person writes" (results, proof rulings).
    SELECT CASE rd_current_group()
        WHEN 'rd_qa' THEN
            coalesce(p_review_type IN ('QA', 'ESCALATION'), true)
            AND EXISTS (SELECT FROM entries WHERE id = p_entry_id)
        WHEN 'rd_senior_reviewer' THEN
            coalesce(p_review_type IN ('INITIAL', 'ESCALATION'), true)
            AND EXISTS (SELECT FROM entries WHERE id = p_entry_id AND review_assigned_to_id = rd_current_user_id())
        WHEN 'rd_reviewer' THEN
            coalesce(p_review_type = 'INITIAL', true)
            AND EXISTS (SELECT FROM entries WHERE id = p_entry_id AND review_assigned_to_id = rd_current_user_id())
        ELSE false
    END
$$""",
        (STAFF,),
    ),
    # --- internals of the privileged functions (owner only) -------------
    Function(
        "rd_acting_as_staff_admin()",
        rf"""RETURNS boolean LANGUAGE sql STABLE {SEARCH_PATH} AS $$
    -- The deployment owner (who owns the tables; or a superuser) may do what a staff admin may.
    SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.users'::regclass), 'MEMBER')
        OR rd_current_group() IS NOT DISTINCT FROM 'rd_admin'
$$""",
    ),
    Function(
        "rd_authorize_account_change(p_role text, p_company_id uuid)",
        rf"""RETURNS void LANGUAGE plpgsql STABLE {SEARCH_PATH} AS $$
BEGIN
    IF rd_acting_as_staff_admin() THEN
        RETURN;
    END IF;
    IF rd_current_group() IS DISTINCT FROM 'rd_company_admin' THEN
        RAISE EXCEPTION 'Only administrators can manage accounts and invitations.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_company_id IS DISTINCT FROM rd_current_company_id() THEN
        RAISE EXCEPTION 'Company administrators can only manage accounts of their own company.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF rd_group_role(p_role, p_company_id) IS NULL
       OR rd_group_role(p_role, p_company_id) NOT IN ({_COMPANY_MANAGED_LIST}) THEN
        RAISE EXCEPTION 'Company administrators can only give the roles admin, user and property_manager.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$""",
    ),
    Function(
        "rd_login_for(p_email text)",
        rf"""RETURNS text LANGUAGE plpgsql IMMUTABLE {SEARCH_PATH} AS $$
DECLARE
    v_login text := lower(btrim(p_email));
BEGIN
    IF v_login IS NULL OR v_login !~ '^[^@\s]+@[^@\s]+$' THEN
        RAISE EXCEPTION '"%" is not an email address.', p_email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF octet_length(v_login) > 63 THEN
        RAISE EXCEPTION 'Email addresses longer than 63 bytes cannot be database login names.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_login LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'Email addresses starting with "pg_" cannot be database login names.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_login;
END
$$""",
    ),
    Function(
        "rd_check_account_scope(p_role text, p_company_id uuid, p_owner_id uuid, p_property_ids uuid[])",
        rf"""RETURNS void LANGUAGE plpgsql STABLE {SEARCH_PATH} AS $$
DECLARE
    v_group text := rd_group_role(p_role, p_company_id);
    v_foreign uuid;
BEGIN
    IF v_group IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_group IN ('rd_reviewer', 'rd_senior_reviewer', 'rd_qa') AND p_company_id IS NOT NULL THEN
        RAISE EXCEPTION 'The % role is review staff: it belongs to no company.', p_role
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_group IN ('rd_company_user', 'rd_property_manager') AND p_company_id IS NULL THEN
        RAISE EXCEPTION 'The % role needs a company.', p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_owner_id IS NOT NULL AND v_group NOT IN ({_OWNER_LIST}) THEN
        RAISE EXCEPTION 'Only owner_admin and owner_viewer accounts belong to an owner.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_property_ids) > 0 AND v_group IN ({_STAFF_LIST}) THEN
        RAISE EXCEPTION 'Review staff see every property; grant none.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT requested INTO v_foreign
    FROM unnest(p_property_ids) AS requested
    WHERE NOT EXISTS (SELECT FROM properties WHERE id = requested AND company_id = p_company_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Property % is not a property of the account''s company.', v_foreign
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$""",
    ),
    Function(
        "rd_put_user(p_login text, p_email text, p_first_name text, p_last_name text, p_role text, "
        "p_company_id uuid, p_team_id uuid, p_may_move boolean)",
        rf"""RETURNS uuid LANGUAGE plpgsql {SEARCH_PATH} AS $$
-- A new users row, or the archived row of a returning person re-activated.
DECLARE
    v_existing users;
BEGIN
    SELECT * INTO v_existing FROM users WHERE lower(email) = p_login FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO users (email, first_name, last_name, role, company_id, team_id)
        VALUES (p_email, p_first_name, p_last_name, p_role, p_company_id, p_team_id)
        RETURNING id INTO v_existing.id;
        RETURN v_existing.id;
    END IF;
    IF v_existing.is_archived IS NOT TRUE THEN
        RAISE EXCEPTION 'An account for % already exists.', p_login USING ERRCODE = 'unique_violation';
    END IF;
    IF v_existing.company_id IS DISTINCT FROM p_company_id AND NOT p_may_move THEN
        RAISE EXCEPTION 'The archived account of % belongs to another organisation; ask Ruling Desk staff.', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE users
    SET first_name = p_first_name, last_name = p_last_name, role = p_role,
        company_id = p_company_id, team_id = p_team_id, is_archived = false
    WHERE id = v_existing.id;
    RETURN v_existing.id;
END
$$""",
    ),
    Function(
        "rd_replace_user_grants(p_user_id uuid, p_property_ids uuid[], p_owner_id uuid)",
        rf"""RETURNS void LANGUAGE sql {SEARCH_PATH} AS $$
    DELETE FROM users_properties WHERE user_id = p_user_id AND property_id <> ALL (p_property_ids);
    INSERT INTO users_properties (user_id, property_id)
    SELECT DISTINCT p_user_id, property_id FROM unnest(p_property_ids) AS property_id
    ON CONFLICT (user_id, property_id) DO NOTHING;
    DELETE FROM users_owners WHERE user_id = p_user_id AND owner_id IS DISTINCT FROM p_owner_id;
    INSERT INTO users_owners (owner_id, user_id)
    SELECT p_owner_id, p_user_id WHERE p_owner_id IS NOT NULL
    ON CONFLICT (owner_id, user_id) DO NOTHING;
$$""",
    ),
    Function(
        "rd_is_own_login(p_login text)",
        rf"""RETURNS boolean LANGUAGE sql STABLE {SEARCH_PATH} AS $$
    -- A login role Ruling Desk created: a plain role that is a direct member of rd_app.
    SELECT EXISTS (
        SELECT FROM pg_roles AS r JOIN pg_auth_members AS m ON m.member = r.oid
        WHERE r.rolname = p_login AND m.roleid = 'rd_app'::regrole
          AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
    )
$$""",
    ),
    Function(
        "rd_set_product_group(p_login text, p_group text)",
        rf"""RETURNS void LANGUAGE plpgsql {SEARCH_PATH} AS $$
-- Exactly one product group: revoke the others, grant p_group.
DECLARE
    v_group text;
BEGIN
    FOREACH v_group IN ARRAY ARRAY[{_GROUP_LIST}] LOOP
        IF v_group <> p_group AND pg_has_role(p_login, v_group, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', v_group, p_login);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', p_group, p_login);
END
$$""",
    ),
    Function(
        "rd_check_verifier(p_password_verifier text)",
        rf"""RETURNS void LANGUAGE plpgsql IMMUTABLE {SEARCH_PATH} AS $$
BEGIN
    IF p_password_verifier IS NULL
       OR p_password_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'Pass a SCRAM-SHA-256 verifier computed by the client, never a password.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$""",
    ),
    Function(
        "rd_ensure_login(p_login text, p_password_verifier text, p_group text)",
        rf"""RETURNS void LANGUAGE plpgsql {SEARCH_PATH} AS $$
-- Create the person's login role, or reuse the one another database of this cluster created.
BEGIN
    PERFORM rd_check_verifier(p_password_verifier);
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', p_login, p_password_verifier, 'infinity');
        EXECUTE format('GRANT rd_app TO %I', p_login);
    ELSIF rd_is_own_login(p_login) THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', p_login, p_password_verifier, 'infinity');
    ELSE
        RAISE EXCEPTION 'A database role named % already exists and is not a Ruling Desk account.', p_login
            USING ERRCODE = 'duplicate_object';
    END IF;
    PERFORM rd_set_product_group(p_login, p_group);
END
$$""",
    ),
    Function(
        "rd_secret()",
        rf"""RETURNS text LANGUAGE sql VOLATILE {SEARCH_PATH} AS $$
    SELECT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
$$""",
    ),
    Function(
        "rd_secret_hash(p_secret text)",
        rf"""RETURNS text LANGUAGE sql IMMUTABLE {SEARCH_PATH} AS $$
    SELECT encode(sha256(convert_to(lower(btrim(p_secret)), 'UTF8')), 'hex')
$$""",
    ),
    # --- people ----------------------------------------------------------
    Function(
        "rd_create_user(p_email text, p_first_name text, p_last_name text, p_role text, p_company_id uuid, "
        "p_team_id uuid, p_property_ids uuid[], p_password_verifier text)",
        rf"""RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_login text;
    v_property_ids uuid[] := coalesce(p_property_ids, '{{}}');
    v_user_id uuid;
BEGIN
    PERFORM rd_authorize_account_change(p_role, p_company_id);
    v_login := rd_login_for(p_email);
    PERFORM rd_check_account_scope(p_role, p_company_id, NULL, v_property_ids);
    PERFORM rd_check_verifier(p_password_verifier);
    v_user_id := rd_put_user(
        v_login, btrim(p_email), p_first_name, p_last_name, p_role, p_company_id, p_team_id,
        rd_acting_as_staff_admin()
    );
    PERFORM rd_replace_user_grants(v_user_id, v_property_ids, NULL);
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(p_role, p_company_id));
    RETURN v_user_id;
END
$$""",
        (ADMIN, COMPANY_ADMIN),
    ),
    Function(
        "rd_grant_login(p_user_id uuid, p_password_verifier text)",
        rf"""RETURNS text LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_user users;
    v_login text;
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can give existing users a login.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    IF v_user.is_archived THEN
        RAISE EXCEPTION 'The account of % is disabled.', v_user.email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_login := rd_login_for(v_user.email);
    IF rd_group_role(v_user.role, v_user.company_id) IS NULL THEN
        RAISE EXCEPTION 'Unknown role "%".', v_user.role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_user.role, v_user.company_id));
    RETURN v_login;
END
$$""",
        (ADMIN,),
    ),
    Function(
        "rd_set_own_password(p_password_verifier text)",
        rf"""RETURNS void LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
BEGIN
    IF rd_current_user_id() IS NULL OR NOT rd_is_own_login(session_user::text) THEN
        RAISE EXCEPTION 'Only a signed-in person can change their own password.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM rd_check_verifier(p_password_verifier);
    EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', session_user, p_password_verifier, 'infinity');
END
$$""",
        (APP,),
    ),
    Function(
        "rd_change_user_role(p_user_id uuid, p_role text)",
        rf"""RETURNS void LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_user users;
    v_login text;
BEGIN
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    -- Whoever changes a role must be allowed to manage the person both as they are and as they will be.
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    PERFORM rd_authorize_account_change(p_role, v_user.company_id);
    PERFORM rd_check_account_scope(p_role, v_user.company_id, NULL, '{{}}');
    IF v_user.is_archived THEN
        RAISE EXCEPTION 'The account of % is disabled.', v_user.email USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE users SET role = p_role WHERE id = p_user_id;
    v_login := lower(v_user.email);
    IF rd_is_own_login(v_login) THEN
        PERFORM rd_set_product_group(v_login, rd_group_role(p_role, v_user.company_id));
    END IF;
END
$$""",
        (ADMIN, COMPANY_ADMIN),
    ),
    Function(
        "rd_disable_user(p_user_id uuid)",
        rf"""RETURNS void LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_user users;
    v_login text;
BEGIN
    SELECT * INTO v_user FROM users WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no user %.', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM rd_authorize_account_change(v_user.role, v_user.company_id);
    IF v_user.id = rd_current_user_id() THEN
        RAISE EXCEPTION 'You cannot disable your own account.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE users SET is_archived = true WHERE id = p_user_id AND is_archived IS NOT TRUE;
    v_login := lower(v_user.email);
    IF rd_is_own_login(v_login) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', v_login);
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = v_login;
    END IF;
END
$$""",
        (ADMIN, COMPANY_ADMIN),
    ),
    # --- invitations -----------------------------------------------------
    Function(
        "rd_create_invitation(p_email text, p_first_name text, p_last_name text, p_role text, p_company_id uuid, "
        "p_team_id uuid, p_owner_id uuid, p_property_ids uuid[], p_skip_email_sending boolean, p_valid_for interval)",
        rf"""RETURNS TABLE (invitation_id uuid, token text, expires_at timestamp)
LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
#variable_conflict use_column
DECLARE
    v_login text;
    v_property_ids uuid[] := coalesce(p_property_ids, '{{}}');
    v_group text := rd_group_role(p_role, p_company_id);
    v_existing users;
    v_id uuid;
    v_token text := rd_secret();
    v_expires timestamp;
BEGIN
    PERFORM rd_authorize_account_change(p_role, p_company_id);
    v_login := rd_login_for(p_email);
    PERFORM rd_check_account_scope(p_role, p_company_id, p_owner_id, v_property_ids);
    IF v_group IN ({_OWNER_LIST}) AND p_owner_id IS NULL THEN
        RAISE EXCEPTION 'An owner_admin or owner_viewer invitation needs an owner.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_valid_for IS NULL OR p_valid_for < interval '1 minute' OR p_valid_for > interval '30 days' THEN
        RAISE EXCEPTION 'An invitation is valid for between a minute and 30 days, not %.', p_valid_for
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_existing FROM users WHERE lower(email) = v_login;
    IF FOUND AND v_existing.is_archived IS NOT TRUE THEN
        RAISE EXCEPTION 'An account for % already exists.', v_login USING ERRCODE = 'unique_violation';
    END IF;
    IF FOUND AND v_existing.company_id IS DISTINCT FROM p_company_id AND NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'The archived account of % belongs to another organisation; ask Ruling Desk staff.', v_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    UPDATE invitations SET revoked_at = {_NOW}
    WHERE lower(email) = v_login AND company_id IS NOT DISTINCT FROM p_company_id
      AND accepted_at IS NULL AND revoked_at IS NULL;

    v_expires := {_NOW} + p_valid_for;
    INSERT INTO invitations (
        email, first_name, last_name, role, company_id, company_short_id, team_id, owner_id,
        skip_email_sending, token_hash, expires_at, invited_by_id
    )
    VALUES (
        btrim(p_email), p_first_name, p_last_name, p_role, p_company_id,
        (SELECT short_id FROM companies WHERE id = p_company_id), p_team_id, p_owner_id,
        coalesce(p_skip_email_sending, false), rd_secret_hash(v_token), v_expires, rd_current_user_id()
    )
    RETURNING id INTO v_id;
    INSERT INTO invitations_properties (invitation_id, property_id, property_short_id)
    SELECT v_id, p.id, p.short_id FROM properties AS p WHERE p.id = ANY (v_property_ids);

    IF NOT coalesce(p_skip_email_sending, false) THEN
        INSERT INTO oban_jobs (queue, worker, args, max_attempts, tags)
        VALUES (
            '{INVITATION_QUEUE}', '{INVITATION_WORKER}',
            jsonb_build_object(
                'invitation_id', v_id, 'email', btrim(p_email), 'first_name', p_first_name,
                'last_name', p_last_name, 'role', p_role, 'token', v_token, 'expires_at', v_expires
            ),
            10, ARRAY['invitation']::varchar[]
        );
        PERFORM pg_notify('oban_insert', json_build_object('queue', '{INVITATION_QUEUE}')::text);
    END IF;
    RETURN QUERY SELECT v_id, v_token, v_expires;
END
$$""",
        (ADMIN, COMPANY_ADMIN),
    ),
    Function(
        "rd_revoke_invitation(p_invitation_id uuid)",
        rf"""RETURNS void LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_invitation invitations;
BEGIN
    SELECT * INTO v_invitation FROM invitations WHERE id = p_invitation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no invitation %.', p_invitation_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM rd_authorize_account_change(v_invitation.role, v_invitation.company_id);
    IF v_invitation.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION 'This invitation was already accepted; disable the account instead.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE invitations SET revoked_at = {_NOW} WHERE id = p_invitation_id AND revoked_at IS NULL;
END
$$""",
        (ADMIN, COMPANY_ADMIN),
    ),
    Function(
        "rd_accept_invitation(p_email text, p_token text, p_password_verifier text)",
        rf"""RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_invitation invitations;
    v_login text := lower(btrim(p_email));
    v_user_id uuid;
BEGIN
    SELECT * INTO v_invitation FROM invitations WHERE token_hash = rd_secret_hash(p_token) FOR UPDATE;
    IF NOT FOUND OR lower(btrim(v_invitation.email)) IS DISTINCT FROM v_login THEN
        RAISE EXCEPTION 'This invitation code is not valid for that email address.' USING ERRCODE = 'RD401';
    END IF;
    IF v_invitation.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION 'This invitation has already been used; sign in with your password.'
            USING ERRCODE = 'RD409';
    END IF;
    IF v_invitation.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'This invitation was withdrawn by an administrator.' USING ERRCODE = 'RD403';
    END IF;
    IF v_invitation.expires_at IS NULL OR v_invitation.expires_at <= {_NOW} THEN
        RAISE EXCEPTION 'This invitation expired on % UTC; ask your administrator for a new one.',
            coalesce(v_invitation.expires_at::timestamp(0)::text, 'an unknown date')
            USING ERRCODE = 'RD410';
    END IF;
    IF EXISTS (SELECT FROM users WHERE lower(email) = v_login AND is_archived IS NOT TRUE) THEN
        RAISE EXCEPTION 'An account for this email address already exists; sign in with your password.'
            USING ERRCODE = 'RD409';
    END IF;
    PERFORM rd_check_verifier(p_password_verifier);

    PERFORM set_config('rd.audit_reason', format('accepted invitation %s', v_invitation.id), true);
    v_user_id := rd_put_user(
        v_login, btrim(v_invitation.email), v_invitation.first_name, v_invitation.last_name,
        v_invitation.role, v_invitation.company_id, v_invitation.team_id, true
    );
    PERFORM rd_replace_user_grants(
        v_user_id,
        ARRAY(
            SELECT property_id FROM invitations_properties
            WHERE invitation_id = v_invitation.id AND property_id IS NOT NULL
        ),
        v_invitation.owner_id
    );
    PERFORM rd_ensure_login(v_login, p_password_verifier, rd_group_role(v_invitation.role, v_invitation.company_id));
    UPDATE invitations SET accepted_at = {_NOW}, accepted_user_id = v_user_id WHERE id = v_invitation.id;
    RETURN v_user_id;
END
$$""",
        (GATEKEEPER,),
    ),
    Function(
        "rd_sign_in_status(p_email text)",
        rf"""RETURNS text LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    -- Why a sign-in failed, for Ruling Desk login roles only; 'unknown' for anything else.
    SELECT coalesce(
        (
            SELECT CASE
                WHEN NOT r.rolcanlogin
                     OR EXISTS (SELECT FROM users WHERE lower(email) = r.rolname AND is_archived IS TRUE)
                    THEN 'disabled'
                WHEN r.rolvaliduntil < now() THEN 'expired'
            END
            FROM pg_roles AS r
            WHERE r.rolname = lower(btrim(p_email)) AND rd_is_own_login(r.rolname)
        ),
        'unknown'
    )
$$""",
        (GATEKEEPER,),
    ),
    # --- API keys --------------------------------------------------------
    Function(
        "rd_issue_api_key(p_description text, p_master boolean, p_company_id uuid, p_property_id uuid, "
        "p_role_id bigint)",
        rf"""RETURNS TABLE (api_key_id uuid, secret text)
LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
DECLARE
    v_secret text := 'rdk_' || rd_secret();
    v_id uuid;
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can issue API keys.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_company_id IS NOT NULL AND p_property_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM properties WHERE id = p_property_id AND company_id = p_company_id) THEN
        RAISE EXCEPTION 'Property % is not a property of company %.', p_property_id, p_company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO api_keys (description, key, master, company_id, property_id, role_id)
    VALUES (p_description, rd_secret_hash(v_secret), coalesce(p_master, false), p_company_id, p_property_id, p_role_id)
    RETURNING id INTO v_id;
    RETURN QUERY SELECT v_id, v_secret;
END
$$""",
        (ADMIN,),
    ),
    Function(
        "rd_revoke_api_key(p_api_key_id uuid)",
        rf"""RETURNS void LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
BEGIN
    IF NOT rd_acting_as_staff_admin() THEN
        RAISE EXCEPTION 'Only staff administrators can revoke API keys.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE api_keys SET is_active = false WHERE id = p_api_key_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no API key %.', p_api_key_id USING ERRCODE = 'no_data_found';
    END IF;
END
$$""",
        (ADMIN,),
    ),
    Function(
        "rd_verify_api_key(p_secret text)",
        rf"""RETURNS TABLE (api_key_id uuid, master boolean, company_id uuid, property_id uuid, role_id bigint)
LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
    SELECT k.id, coalesce(k.master, false), k.company_id, k.property_id, k.role_id
    FROM api_keys AS k
    WHERE k.key = rd_secret_hash(p_secret) AND k.is_active IS TRUE
$$""",
        (WORKER,),
    ),
    # --- audit -----------------------------------------------------------
    Function(
        "rd_audit_row()",
        rf"""RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER {SEARCH_PATH} AS $$
-- Trigger arguments name the key columns that identify a row ('id' for most tables).
DECLARE
    v_old jsonb;
    v_new jsonb;
    v_changed text[];
    v_row_id text;
    v_secret_column text;
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        IF TG_OP <> 'INSERT' THEN
            v_old := to_jsonb(OLD);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            v_new := to_jsonb(NEW);
        END IF;
        IF TG_OP = 'UPDATE' THEN
            SELECT array_agg(n.key ORDER BY n.key) INTO v_changed
            FROM jsonb_each(v_new) AS n
            WHERE n.key <> 'updated_at' AND n.value IS DISTINCT FROM v_old -> n.key;
            IF v_changed IS NULL THEN
                RETURN NULL;  -- nothing but updated_at changed: no change to record
            END IF;
        END IF;
        SELECT string_agg(coalesce(v_new, v_old) ->> k.column_name, '/' ORDER BY k.position) INTO v_row_id
        FROM unnest(TG_ARGV) WITH ORDINALITY AS k(column_name, position);
        FOREACH v_secret_column IN ARRAY ARRAY['key', 'token_hash'] LOOP
            IF v_old ->> v_secret_column IS NOT NULL THEN
                v_old := jsonb_set(v_old, ARRAY[v_secret_column], '"***"');
            END IF;
            IF v_new ->> v_secret_column IS NOT NULL THEN
                v_new := jsonb_set(v_new, ARRAY[v_secret_column], '"***"');
            END IF;
        END LOOP;
    END IF;
    INSERT INTO audit_log (
        db_role, user_id, action, table_name, row_id, old_values, new_values, changed_columns, reason, transaction_id
    )
    VALUES (
        session_user::text, rd_current_user_id(), TG_OP, TG_TABLE_NAME, v_row_id, v_old, v_new, v_changed,
        nullif(current_setting('rd.audit_reason', true), ''), pg_current_xact_id()::text::bigint
    );
    RETURN NULL;
END
$$""",
    ),
    Function(
        "rd_refuse_foreign_job()",
        rf"""RETURNS trigger LANGUAGE plpgsql {SEARCH_PATH} AS $$
-- Fires only for a job outside our workers and queues (the trigger's WHEN): worker
-- nodes import the module a job names, so staff must not name arbitrary ones.
BEGIN
    IF pg_has_role(session_user, 'rd_staff', 'MEMBER')
       AND NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.users'::regclass), 'MEMBER')
    THEN
        RAISE EXCEPTION 'Workstations enqueue only Ruling Desk jobs, not % on queue %.', NEW.worker, NEW.queue
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$""",
    ),
    Function(
        "rd_audit_log_is_append_only()",
        rf"""RETURNS trigger LANGUAGE plpgsql {SEARCH_PATH} AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed.', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$""",
    ),
)

# ------------------------------------------------------------------- auditing
AUDITED_TABLES: Final[dict[str, tuple[str, ...]]] = {
    "fraud_reviews": ("id",),
    "fraud_document_reviews": ("id",),
    "fraud_results": ("id",),
    "users": ("id",),
    "team": ("id",),
    "users_properties": ("id",),
    "users_owners": ("owner_id", "user_id"),
    "invitations": ("id",),
    "invitations_properties": ("id",),
    "api_keys": ("id",),
}
"""Every INSERT, UPDATE and DELETE is recorded; the values are the trigger's key columns."""

AUDITED_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "entries": ENTRY_REVIEW_COLUMNS,
    "folders": FOLDER_RULING_COLUMNS,
}
"""UPDATEs are recorded only when one of these columns changes; DELETEs always."""


def _audit_triggers() -> list[str]:
    statements = []
    for table, keys in AUDITED_TABLES.items():
        arguments = ", ".join(f"'{key}'" for key in keys)
        statements.append(
            f"CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION rd_audit_row({arguments})"
        )
    for table, columns in AUDITED_COLUMNS.items():
        changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
        statements += [
            f"CREATE TRIGGER audit_row AFTER UPDATE ON {table}"
            f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION rd_audit_row('id')",
            f"CREATE TRIGGER audit_delete AFTER DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION rd_audit_row('id')",
        ]
    for table in (*AUDITED_TABLES, *AUDITED_COLUMNS):
        statements.append(
            f"CREATE TRIGGER audit_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_row()"
        )
    return statements


def _drop_audit_triggers() -> list[str]:
    statements = [f"DROP TRIGGER audit_row ON {table}" for table in (*AUDITED_TABLES, *AUDITED_COLUMNS)]
    statements += [f"DROP TRIGGER audit_delete ON {table}" for table in AUDITED_COLUMNS]
    statements += [f"DROP TRIGGER audit_truncate ON {table}" for table in (*AUDITED_TABLES, *AUDITED_COLUMNS)]
    return statements


# ---------------------------------------------------------- roles & database
CREATE_ROLES: Final = rf"""
DO $$
DECLARE
    v_name text;
    v_role pg_roles;
BEGIN
    FOREACH v_name IN ARRAY ARRAY[{", ".join(f"'{role}'" for role in ALL_ROLES)}] LOOP
        SELECT * INTO v_role FROM pg_roles WHERE rolname = v_name;
        IF NOT FOUND THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', v_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database of this cluster created it concurrently
            END;
        ELSIF v_role.rolsuper OR v_role.rolcreaterole OR v_role.rolcreatedb OR v_role.rolreplication
              OR v_role.rolbypassrls OR (v_role.rolcanlogin AND v_name <> '{GATEKEEPER}') THEN
            RAISE EXCEPTION 'Role % exists with attributes Ruling Desk never gives it; it is not ours.', v_name
                USING ERRCODE = 'duplicate_object';
        END IF;
    END LOOP;
END
$$
"""

DATABASE_ACCESS: Final = f"""
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {APP}, {WORKER}, {GATEKEEPER}', current_database());
END
$$
"""

DATABASE_ACCESS_UNDONE: Final = f"""
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM {", ".join(ALL_ROLES)}', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
END
$$
"""


# ------------------------------------------------------------------- upgrade
def upgrade() -> None:
    _add_invitation_columns()
    _create_audit_log()

    _execute(CREATE_ROLES)
    _execute(f"GRANT {STAFF} TO {', '.join(STAFF_GROUPS)}")
    _execute(DATABASE_ACCESS)
    _execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    _execute(f"GRANT USAGE ON SCHEMA public TO {APP}, {WORKER}, {GATEKEEPER}")
    _execute("REVOKE EXECUTE ON FUNCTION oban_count_estimate(text, text) FROM PUBLIC")

    for function in FUNCTIONS:
        _execute(f"CREATE FUNCTION {function.signature} {function.body}")
        _execute(f"REVOKE ALL ON FUNCTION {function.signature} FROM PUBLIC")
        if function.grantees:
            _execute(f"GRANT EXECUTE ON FUNCTION {function.signature} TO {', '.join(function.grantees)}")

    for statement in GRANTS:
        _execute(statement)
    for table in RLS_TABLES:
        _execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for policy in POLICIES:
        _execute(policy.create())

    for statement in _audit_triggers():
        _execute(statement)
    _execute(
        "CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log"
        " FOR EACH STATEMENT EXECUTE FUNCTION rd_audit_log_is_append_only()"
    )
    _execute(
        "CREATE TRIGGER staff_enqueue_only_our_jobs BEFORE INSERT ON oban_jobs"
        f" FOR EACH ROW WHEN (NOT ({OUR_JOBS})) EXECUTE FUNCTION rd_refuse_foreign_job()"
    )


def _add_invitation_columns() -> None:
    uuid = postgresql.UUID(as_uuid=True)
    op.add_column("invitations", sa.Column("token_hash", sa.String(64)))
    op.add_column("invitations", sa.Column("expires_at", sa.TIMESTAMP(timezone=False)))
    op.add_column("invitations", sa.Column("revoked_at", sa.TIMESTAMP(timezone=False)))
    op.add_column("invitations", sa.Column("invited_by_id", uuid))
    op.add_column("invitations", sa.Column("accepted_user_id", uuid))
    op.create_check_constraint(op.f("ck_invitations_token_hash_hex"), "invitations", "token_hash ~ '^[0-9a-f]{64}$'")
    for column in ("invited_by_id", "accepted_user_id"):
        op.create_foreign_key(op.f(f"fk_invitations_{column}_users"), "invitations", "users", [column], ["id"])
        op.create_index(op.f(f"ix_invitations_{column}"), "invitations", [column])
    op.create_index(op.f("ix_invitations_token_hash"), "invitations", ["token_hash"], unique=True)


def _create_audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column(
            "occurred_at",
            sa.TIMESTAMP(timezone=False),
            server_default=sa.text("(now() AT TIME ZONE 'utc')"),
            nullable=False,
        ),
        sa.Column("db_role", sa.Text(), nullable=False),
        sa.Column("user_id", postgresql.UUID(as_uuid=True)),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("row_id", sa.Text()),
        sa.Column("old_values", postgresql.JSONB()),
        sa.Column("new_values", postgresql.JSONB()),
        sa.Column("changed_columns", postgresql.ARRAY(sa.Text())),
        sa.Column("reason", sa.Text()),
        sa.Column("transaction_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.CheckConstraint("action IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')", name=op.f("ck_audit_log_action")),
    )
    op.create_index(
        op.f("ix_audit_log_table_name_row_id_occurred_at"), "audit_log", ["table_name", "row_id", "occurred_at"]
    )
    op.create_index(op.f("ix_audit_log_user_id_occurred_at"), "audit_log", ["user_id", "occurred_at"])
    op.create_index(op.f("ix_audit_log_occurred_at"), "audit_log", ["occurred_at"])


# ----------------------------------------------------------------- downgrade
def downgrade() -> None:
    # Named one by one (no CASCADE, no IF EXISTS), like the earlier revisions:
    # anything missing or extra stops the downgrade loudly.
    _execute("DROP TRIGGER staff_enqueue_only_our_jobs ON oban_jobs")
    for statement in _drop_audit_triggers():
        _execute(statement)
    for policy in reversed(POLICIES):
        _execute(policy.drop())
    for table in RLS_TABLES:
        if table != "audit_log":
            _execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("audit_log")  # its append-only trigger goes with it

    groups = ", ".join(ALL_ROLES)
    _execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {groups}")
    _execute(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {groups}")
    for function in reversed(FUNCTIONS):
        _execute(f"DROP FUNCTION {function.signature}")
    _execute("GRANT EXECUTE ON FUNCTION oban_count_estimate(text, text) TO PUBLIC")
    _execute(f"REVOKE ALL ON SCHEMA public FROM {groups}")
    _execute(DATABASE_ACCESS_UNDONE)

    op.drop_index(op.f("ix_invitations_token_hash"), "invitations")
    for column in ("invited_by_id", "accepted_user_id"):
        op.drop_index(op.f(f"ix_invitations_{column}"), "invitations")
        op.drop_constraint(op.f(f"fk_invitations_{column}_users"), "invitations", type_="foreignkey")
    op.drop_constraint(op.f("ck_invitations_token_hash_hex"), "invitations", type_="check")
    for column in ("accepted_user_id", "invited_by_id", "revoked_at", "expires_at", "token_hash"):
        op.drop_column("invitations", column)


def _execute(statement: str) -> None:
    op.execute(sa.text(statement))
