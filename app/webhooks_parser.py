"""The ``webhooks`` command line: where each company's webhooks are sent, without the work behind it.

Kept apart from :mod:`app.webhooks_command` so building the CLI's parser
imports neither SQLAlchemy nor the services.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from typing import Any

from app.cli_help import add_command


def add_webhooks_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``webhooks`` with its ``list``, ``set`` and ``remove`` actions to the CLI's subparsers."""
    webhooks = add_command(
        subparsers,
        "webhooks",
        "where each company's webhooks are sent: list, set, remove",
        parents,
        "Runs as the database owner, through the same audited functions as the rest of the settings.",
    )
    actions = webhooks.add_subparsers(dest="webhooks_command", metavar="ACTION", required=True)
    add_command(
        actions,
        "list",
        "list the endpoints, never their keys",
        parents,
        "Columns: company id, company, URL, changed (UTC).",
    )
    set_endpoint = add_command(
        actions,
        "set",
        "send a company's webhooks to a URL",
        parents,
        "Prints the signing key once when one is issued (a new endpoint, or --new-key); it cannot be read back later.",
    )
    set_endpoint.add_argument("company", type=uuid.UUID, metavar="COMPANY_ID", help="the company ('companies list')")
    set_endpoint.add_argument("url", help="an http(s) URL the company's systems receive webhooks at")
    set_endpoint.add_argument("--new-key", action="store_true", help="issue a new signing key (the old one stops)")
    remove = add_command(actions, "remove", "stop a company's webhooks", parents)
    remove.add_argument("company", type=uuid.UUID, metavar="COMPANY_ID")
