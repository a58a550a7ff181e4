"""The ``keys`` command line: its actions and options, without the work behind them.

Kept apart from :mod:`app.keys_command` so building the CLI's parser
imports neither SQLAlchemy nor the services; the command is imported only
when it runs.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from typing import Any

from app.cli_help import add_command

SCOPES = ("master", "company", "property")
ROLES = ("read_only", "write", "admin")


def add_keys_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``keys`` with its ``create``, ``list`` and ``revoke`` actions to the CLI's subparsers."""
    keys = add_command(
        subparsers,
        "keys",
        "API keys for the client's systems: create, list, revoke",
        parents,
        "Runs as the database owner, through the same audited functions as the settings pane.",
    )
    actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    create = add_command(
        actions,
        "create",
        "issue a key and print it once",
        parents,
        "Prints the key's id, its public id and the secret, tab-separated; the secret cannot be read back later.",
    )
    create.add_argument("--description", required=True, help="what the key is for")
    create.add_argument("--scope", required=True, choices=SCOPES)
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--company", type=uuid.UUID, metavar="ID", help="the company (company scope)")
    create.add_argument("--property", type=uuid.UUID, metavar="ID", help="the property (property scope)")
    add_command(
        actions,
        "list",
        "list the keys, never their secrets",
        parents,
        "Columns: id, public id, description, scope, scope's name, role, active, created, last used (UTC).",
    )
    revoke = add_command(actions, "revoke", "deactivate a key at once", parents)
    revoke.add_argument("key", type=uuid.UUID, metavar="ID", help="the key's id (from 'keys list')")
