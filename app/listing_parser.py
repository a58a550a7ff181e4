"""``companies list``, ``teams list``, ``properties list``, ``owners list``: the ids ``users`` commands ask for.

Kept apart from :mod:`app.listing_command` so building the CLI's parser
imports no SQLAlchemy; the command is imported only when it runs.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from typing import Any, Final

from app.cli_help import add_command

_SCRIPTING: Final = "One a line, tab-separated, no header, sorted by name: for scripts (cut -f1 gives the ids)."
LISTED: Final = {
    "companies": ("companies and their ids (users create --company)", "id, short id, name"),
    "teams": ("review teams and their ids (users create --team)", "id, name"),
    "properties": ("properties and their ids (users create/grant --property)", "id, short id, company id, name"),
    "owners": ("property owners and their ids (users grant --owner)", "id, salesforce id, name"),
}


def add_listing_parsers(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``companies``, ``teams``, ``properties`` and ``owners``, each with its ``list`` action."""
    for noun, (summary, columns) in LISTED.items():
        command = add_command(subparsers, noun, summary, parents)
        actions = command.add_subparsers(dest="listing_action", metavar="ACTION", required=True)
        listing = add_command(actions, "list", f"list {noun}: {columns}", parents, _SCRIPTING)
        if noun == "properties":
            listing.add_argument("--company", type=uuid.UUID, metavar="ID", help="only this company's properties")
