"""The ``users`` command line: its actions and options, without the work behind them.

Kept apart from :mod:`app.users_command` so building the CLI's parser, which
every ``ruling-desk`` command does, imports neither SQLAlchemy, the models
nor Alembic; the command itself is imported only when it runs.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from typing import Any

from app.cli_help import add_command


def add_users_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``users`` and its actions (create, disable, enable, set-role, grant, revoke, list, gatekeeper)."""
    users = add_command(
        subparsers,
        "users",
        "people on this server: first admin, listing, roles, access grants, disabling, enabling, gatekeeper password",
        parents,
        "Runs as the database owner, on a schema already at head; every change is audited with --reason.",
    )
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    create = add_command(
        actions,
        "create",
        "create a person and their login role",
        parents,
        "The password is asked twice on the terminal, or read from standard input with --password-stdin; "
        "it must pass the password policy. Find the ids with 'companies list', 'teams list', 'properties list'.",
    )
    create.add_argument("--email", required=True, help="their address; also their database login name")
    create.add_argument("--role", required=True, type=_product_role, metavar="ROLE", help="admin, reviewer, qa, …")
    create.add_argument("--first-name")
    create.add_argument("--last-name")
    create.add_argument("--company", type=uuid.UUID, metavar="ID", help="a company's id (company-side roles)")
    create.add_argument("--team", type=uuid.UUID, metavar="ID", help="a team's id")
    create.add_argument(
        "--property",
        type=uuid.UUID,
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        dest="properties",
        help="properties' ids (company-side roles that see only some)",
    )
    _password_option(create)
    _reason_option(create)

    disable = add_command(
        actions,
        "disable",
        "archive a person and end their sessions",
        parents,
        "Their login is refused from now on; their history stays.",
    )
    disable.add_argument("email")
    _reason_option(disable)

    enable = add_command(
        actions,
        "enable",
        "let a disabled person sign in again",
        parents,
        "Their login gets its role's group back and works with their own password; revoked invitations stay revoked.",
    )
    enable.add_argument("email")
    _reason_option(enable)

    set_role = add_command(
        actions, "set-role", "give a person another role", parents, "Their group changes with it, at once."
    )
    set_role.add_argument("email")
    set_role.add_argument("role", type=_product_role, metavar="ROLE", help="admin, reviewer, qa, …")
    _reason_option(set_role)

    for verb, summary in (
        ("grant", "let a person see more properties (company-side people) or owners (owner-level people)"),
        ("revoke", "take properties or owners away from a person"),
    ):
        change = add_command(
            actions,
            verb,
            summary,
            parents,
            "Properties must belong to the person's company; find the ids with 'properties list --company ID' "
            "and 'owners list'. Already granted (or not granted) ids are left as they are.",
        )
        change.add_argument("email")
        kind = change.add_mutually_exclusive_group(required=True)
        for option, noun in (("--property", "properties"), ("--owner", "owners")):
            kind.add_argument(
                option, type=uuid.UUID, nargs="+", action="extend", metavar="ID", dest=noun, help=f"{noun}' ids"
            )
        _reason_option(change)

    listing = add_command(
        actions,
        "list",
        "list people with their ids, roles, companies, teams and state",
        parents,
        "Tab-separated, ordered by address; the filters combine.",
    )
    listing.add_argument("--search", metavar="TEXT", help="part of the address or name")
    listing.add_argument("--role", type=_product_role, metavar="ROLE")
    listing.add_argument("--team", type=uuid.UUID, metavar="ID")
    listing.add_argument("--company", type=uuid.UUID, metavar="ID")
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--disabled", action="store_const", const=True, dest="disabled", help="only disabled people")
    state.add_argument("--active", action="store_const", const=False, dest="disabled", help="only active people")

    gatekeeper = add_command(
        actions,
        "gatekeeper",
        "set the password workstations use before anyone signs in",
        parents,
        "rd_gatekeeper may only explain a refused sign-in and accept invitations; "
        "give workstations its URL with this password.",
    )
    _password_option(gatekeeper)


def _product_role(value: str) -> str:
    """A role from the ``role`` table; the enum is imported only when ``--role`` is given."""
    from models.enums import RoleName

    names = [role.value for role in RoleName]
    if value not in names:
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {', '.join(names)})")
    return value


def _reason_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reason",
        default="ruling-desk users command",
        help="why, recorded in the audit log beside the change (default: which command made it)",
    )


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
