r"""Security: group roles, grants, row-level security, privileged functions and the audit log.

Every workstation connects straight to the central PostgreSQL, each person
as their own LOGIN role, so the database itself decides who sees and
changes what. This revision installs that decision. Nothing here relies on
the application connecting as a superuser or as the table owner: the owner
(who runs migrations, the seeder and the ``ruling-desk users`` command)
bypasses row-level security as table owners do, every person does not.

The SQL itself is in ``migrations/sql/0003/``, one file per topic, run in
the order :data:`UPGRADE_FILES` gives (``downgrade/`` undoes them): roles,
database access, functions (``functions/``), table and column grants,
row-level security and its policies (``policies/``), the audit triggers,
the job tables' privileges. This docstring says why; the files say what.

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
  ``entries`` (see ``grants.sql``), the ruling columns of ``folders``
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
  entry, and so on down (``policies/company_read.sql``). The parent's own policy
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

from typing import Final

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.sql_files import execute_sql_file

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE_FILES: Final = (
    "roles",
    "database",
    "functions/policy_helpers",
    "functions/account_internals",
    "functions/people",
    "functions/invitations",
    "functions/sign_in",
    "functions/api_keys",
    "grants",
    "row_level_security",
    "policies/staff_read",
    "policies/company_read",
    "policies/own_rows",
    "policies/administration",
    "policies/rulings",
    "policies/worker_nodes",
    "audit",
    "jobs",
)
"""``migrations/sql/0003/<name>.sql``, run in this order: roles before the grants that name them, functions
before the policies and triggers that call them."""


def upgrade() -> None:
    _add_invitation_columns()
    _create_audit_log()
    for name in UPGRADE_FILES:
        execute_sql_file(revision, name)


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


def downgrade() -> None:
    # Named one by one in the files (no CASCADE, no IF EXISTS), like the earlier
    # revisions: anything missing or extra stops the downgrade loudly.
    execute_sql_file(revision, "downgrade/triggers")
    execute_sql_file(revision, "downgrade/policies")
    op.drop_table("audit_log")  # its append-only trigger goes with it
    execute_sql_file(revision, "downgrade/privileges")
    execute_sql_file(revision, "downgrade/functions")

    op.drop_index(op.f("ix_invitations_token_hash"), "invitations")
    for column in ("invited_by_id", "accepted_user_id"):
        op.drop_index(op.f(f"ix_invitations_{column}"), "invitations")
        op.drop_constraint(op.f(f"fk_invitations_{column}_users"), "invitations", type_="foreignkey")
    op.drop_constraint(op.f("ck_invitations_token_hash_hex"), "invitations", type_="check")
    for column in ("accepted_user_id", "invited_by_id", "revoked_at", "expires_at", "token_hash"):
        op.drop_column("invitations", column)
