"""``ruling-desk users …``: bootstrapping people on a fresh central server, as its owner.

A new deployment has tables but nobody who may sign in. The owner (the
role that ran the migrations) creates the first staff administrator with
``users create``, sets the password of ``rd_gatekeeper`` (the role the
workstations use before anyone signs in) with ``users gatekeeper``, and can
lock someone out at once with ``users disable``. Every step goes through
the same SECURITY DEFINER functions and service calls as the settings
pane, so the owner gets no path around the rules, only the staff
administrator's authority.

Works on the embedded server and on ``--database-url`` alike. The schema
must already be at head: this command never migrates, so that it cannot
surprise a production database with a schema change.

Passwords come from a prompt (typed twice) or, for scripts, one line on
standard input (``--password-stdin``), never from the command line where
other users could read them in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Awaitable, Callable

import psycopg
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

import migrations
from app.async_runner import run_async
from app.connection import open_connection
from app.engine import build_engine, build_unit_of_work
from app.errors import CommandError, first_line
from app.settings import Settings
from services import accounts
from services.database_urls import sqlalchemy_url
from services.errors import Refusal


def run_users(settings: Settings, args: argparse.Namespace) -> int:
    """Run one ``users`` action as the deployment owner; failures raise :class:`CommandError`."""
    action = _ACTIONS[args.users_command]
    password = _read_password(args) if args.users_command in _NEEDS_PASSWORD else None
    connection = open_connection(settings)
    try:
        url = sqlalchemy_url(connection.url)
        _require_head(url)
        run_async(_in_transaction(url, lambda session: action(session, args, password)))
    finally:
        connection.close()
    return 0


async def _create(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    assert password is not None
    await accounts.set_audit_reason(session, args.reason)
    created = await accounts.create_user(
        session,
        email=args.email,
        role=args.role,
        password=password,
        first_name=args.first_name,
        last_name=args.last_name,
        company_id=args.company,
        team_id=args.team,
        property_ids=args.properties,
    )
    print(f"user id:    {created.user_id}")
    print(f"login role: {created.login_role}")


async def _disable(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    user_id = await accounts.find_user_id(session, args.email)
    if user_id is None:
        raise CommandError(f"there is no user with the address {args.email}")
    await accounts.set_audit_reason(session, args.reason)
    await accounts.disable_user(session, user_id)
    print(f"disabled {args.email}: their login is refused and their open sessions were ended")


async def _set_gatekeeper(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    assert password is not None
    await accounts.set_gatekeeper_password(session, password)
    print(f"{accounts.GATEKEEPER_ROLE} can log in; give workstations its URL with this password")


_Action = Callable[[AsyncSession, argparse.Namespace, str | None], Awaitable[None]]
_ACTIONS: dict[str, _Action] = {"create": _create, "disable": _disable, "gatekeeper": _set_gatekeeper}
_NEEDS_PASSWORD = frozenset({"create", "gatekeeper"})


async def _in_transaction(url: str, work: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """One transaction as the owner; account refusals and database failures become one-line errors."""
    engine = build_engine(url, pool_size=1)
    try:
        async with build_unit_of_work(engine).transaction() as session:
            await work(session)
    except Refusal as refusal:  # an account function's, or DatabaseUnavailable
        raise CommandError(refusal.message) from refusal
    except (DBAPIError, psycopg.Error) as failure:
        raise CommandError(f"the database refused: {first_line(failure)}") from failure
    finally:
        await engine.dispose()


def _require_head(url: str) -> None:
    head = ScriptDirectory.from_config(migrations.alembic_config(url)).get_current_head()
    try:
        current = migrations.current(url)
    except (DBAPIError, psycopg.Error) as failure:
        raise CommandError(f"cannot read the schema revision: {first_line(failure)}") from failure
    if current != head:
        raise CommandError(
            f"the database schema is at {current or 'no revision'}, not {head}; run 'ruling-desk db upgrade' first"
        )


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise CommandError("the two passwords differ")
    if not password:
        raise CommandError("no password given")
    return password
