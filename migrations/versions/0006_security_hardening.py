"""Security hardening (issue 7): close what a hostile review of the database found.

Each topic is one file in ``migrations/sql/0006/`` (read it there: the
reasoning sits beside the SQL), undone by its ``undo_<topic>.sql`` where
there is something to undo:

- ``login_resets``: ``rd_grant_login`` only creates missing logins;
  ``rd_reset_login`` replaces a password as its own audited step that
  forces the person to choose a new one before they are recognised again.
- ``cross_company``: ``proof.similarity_check`` unreadable by the company
  side (column privileges); direct grants of another company's property or
  of an owner to a non-owner-level person refused by restrictive policies;
  report output in ``document_blobs`` only as visible as its report.
- ``audit``: ``proof.result`` audited like the other review columns (the
  ``logins`` rows of grants, resets and password changes come from
  ``login_resets``).
- ``disabling``: archiving a person closes their login at commit (NOLOGIN,
  out of every group, pending invitations revoked, sessions ended) and not
  at all on rollback; the identity helpers see the lost membership at once.
- ``sign_in_status``: ``rd_sign_in_status`` is dropped; account state comes
  only with proof of the password (PostgreSQL's own messages).
- ``addresses``: addresses are plain ASCII, NFC by construction (no
  invisible, format or other-script look-alike characters), in
  ``rd_login_for`` and in CHECK constraints on ``users.email`` and
  ``invitations.email``.
- ``resources``: connection limits on every person's login and the
  gatekeeper; as a superuser, large-object creation revoked from PUBLIC and
  PUBLIC's CONNECT/TEMPORARY on ``postgres`` and ``template1`` (otherwise
  ``ruling-desk db check`` prints the statements).
- ``jobs``: oban signals count only when ``rd_send_job_signal`` sent (and
  audited) them, which worker nodes check; staff create jobs only through
  named enqueue functions that validate their arguments.

Functions this revision replaces (``CREATE OR REPLACE``) get their
revision-0003 definition back on downgrade, read from that revision's
module (:func:`_restore_0003_functions`), so replaying history stays exact.

Revision ID: 0006
Revises: 0003
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op

from migrations.sql_files import execute_sql_file

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None

TOPICS: Final = (
    "login_resets",
    "cross_company",
    "audit",
    "disabling",
    "sign_in_status",
    "addresses",
    "resources",
    "jobs",
)
"""Upgrade order."""

UNDONE_TOPICS: Final = ("jobs", "resources", "addresses", "disabling", "audit", "cross_company", "login_resets")
"""Downgrade order of the ``undo_`` files, run once revision 0003's functions are back."""

REPLACED_0003_FUNCTIONS: Final = (
    "rd_current_user_id",
    "rd_current_group",
    "rd_current_company_id",
    "rd_visible_property_ids",
    "rd_grant_login",
    "rd_set_own_password",
    "rd_is_own_login",
    "rd_ensure_login",
    "rd_disable_user",
    "rd_login_for",
)
"""Functions of revision 0003 whose bodies this revision replaces (their grants stay as they were)."""

DROPPED_0003_FUNCTIONS: Final = ("rd_sign_in_status",)
"""Functions of revision 0003 this revision drops; a downgrade re-creates them with their grants."""


def upgrade() -> None:
    for topic in TOPICS:
        execute_sql_file("0006", topic)


def downgrade() -> None:
    _restore_0003_functions()
    for topic in UNDONE_TOPICS:
        execute_sql_file("0006", f"undo_{topic}")


def _restore_0003_functions() -> None:
    """Put back revision 0003's definitions of the functions this revision replaced or dropped.

    Read from revision 0003's own module (its ``FUNCTIONS``), so the text
    is the one that revision installed, not a copy that could drift.
    """
    script = op.get_context().script
    assert script is not None, "downgrade runs through Alembic's script directory"
    previous = script.get_revision("0003")
    assert previous is not None
    for function in previous.module.FUNCTIONS:
        name = function.signature.split("(", 1)[0]
        if name in REPLACED_0003_FUNCTIONS:
            op.execute(sa.text(f"CREATE OR REPLACE FUNCTION {function.signature} {function.body}"))
        elif name in DROPPED_0003_FUNCTIONS:
            op.execute(sa.text(f"CREATE FUNCTION {function.signature} {function.body}"))
            op.execute(sa.text(f"REVOKE ALL ON FUNCTION {function.signature} FROM PUBLIC"))
            op.execute(sa.text(f"GRANT EXECUTE ON FUNCTION {function.signature} TO {', '.join(function.grantees)}"))
