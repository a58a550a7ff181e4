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
revision-0003 definition back on downgrade (``restore_0003_functions.sql``),
so replaying history stays exact.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from typing import Final

from migrations.sql_files import execute_sql_file

revision = "0006"
down_revision = "0005"
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


def upgrade() -> None:
    for topic in TOPICS:
        execute_sql_file("0006", topic)


def downgrade() -> None:
    _restore_0003_functions()
    for topic in UNDONE_TOPICS:
        execute_sql_file("0006", f"undo_{topic}")


def _restore_0003_functions() -> None:
    """Put back revision 0003's definitions of the functions this revision replaced or dropped.

    ``restore_0003_functions.sql`` holds them as revision 0003's files
    define them (those are frozen, so the copy cannot drift).
    """
    execute_sql_file("0006", "restore_0003_functions")
