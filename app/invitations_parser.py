"""The ``invitations`` command line: its actions and options, without the work behind them.

Kept apart from :mod:`app.invitations_command` so building the CLI's parser
imports neither SQLAlchemy nor the services; the command is imported only
when it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli_help import add_command


def add_invitations_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``invitations`` with its ``import`` action to the CLI's subparsers."""
    invitations = add_command(
        subparsers,
        "invitations",
        "invitations: import many from a CSV file",
        parents,
        "Runs as the database owner, through the same audited function as the settings pane.",
    )
    actions = invitations.add_subparsers(dest="invitations_command", metavar="ACTION", required=True)
    do_import = add_command(
        actions,
        "import",
        "invite everyone in a CSV file, all or none, without e-mail",
        parents,
        "Checks every row first; with a bad row it lists each (line, address, what to fix) on stderr, imports "
        "nothing and exits 1. Otherwise it prints the codes as CSV (email, name, role, code, expires_utc) on "
        "stdout: they are shown only now. Columns as in the workstation's import dialog and the README.",
    )
    do_import.add_argument("file", type=Path, metavar="FILE", help="the CSV file")
    do_import.add_argument("--dry-run", action="store_true", help="check every row and import nothing")
