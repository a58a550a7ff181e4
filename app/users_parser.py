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


def add_users_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``users`` with its ``create``, ``disable`` and ``gatekeeper`` actions to the CLI's subparsers."""
    users = subparsers.add_parser(
        "users", parents=list(parents), help="people on this server: first admin, disabling, gatekeeper password"
    )
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    create = actions.add_parser("create", parents=list(parents), help="create a person and their login role")
    create.add_argument("--email", required=True, help="their address; also their database login name")
    create.add_argument("--role", required=True, type=_product_role, metavar="ROLE", help="admin, reviewer, qa, …")
    create.add_argument("--first-name")
    create.add_argument("--last-name")
    create.add_argument("--company", type=uuid.UUID, metavar="ID", help="a company's id (company-side roles)")
    create.add_argument("--team", type=uuid.UUID, metavar="ID", help="a team's id")
    create.add_argument(
        "--property", type=uuid.UUID, nargs="+", action="extend", default=[], metavar="ID", dest="properties"
    )
    _password_option(create)
    _reason_option(create)

    disable = actions.add_parser("disable", parents=list(parents), help="archive a person and end their sessions")
    disable.add_argument("email")
    _reason_option(disable)

    gatekeeper = actions.add_parser(
        "gatekeeper", parents=list(parents), help="set the password workstations use before anyone signs in"
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
