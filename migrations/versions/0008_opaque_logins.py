"""Opaque login role names and account state after the password (issue 7, part 2).

Two topics, each one file in ``migrations/sql/0008/`` with its reasoning
beside the SQL, undone by its ``undo_<topic>.sql``:

- ``login_names``: login roles are named ``rd_u_<32 hex>`` at random, mapped
  to their ``users`` row in the owner-only ``rd_private.login_roles``; the
  gatekeeper resolves one address at a time (``rd_login_name``), with a
  stable decoy for an address that has no login; the identity helpers and
  account functions use the mapping, audit rows still name the person, and
  existing logins are renamed (a SCRAM verifier survives that, an MD5
  password would not).
- ``disabled_state``: a disabled login keeps LOGIN (connection limit 1) but
  is in no group except ``rd_disabled``, which may only connect and call
  ``rd_account_state.rd_my_account_state()``: a person who proves the
  password learns "disabled", nobody else learns anything.

Functions this revision replaces get their previous definition back on
downgrade (``restore_functions.sql``, verbatim copies).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from typing import Final

from migrations.sql_files import execute_sql_file

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TOPICS: Final = ("login_names", "disabled_state")
"""Upgrade order; the downgrade undoes them in reverse."""


def upgrade() -> None:
    for topic in TOPICS:
        execute_sql_file("0008", topic)


def downgrade() -> None:
    execute_sql_file("0008", "restore_functions")
    for topic in reversed(TOPICS):
        execute_sql_file("0008", f"undo_{topic}")
