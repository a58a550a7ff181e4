"""``ruling-desk users …``: bootstrapping people on a fresh central server, as its owner.

A new deployment has tables but nobody who may sign in. The owner (the
role that ran the migrations) creates the first staff administrator with
``users create``, sets the password of ``rd_gatekeeper`` (the role the
workstations use before anyone signs in) with ``users gatekeeper``, and can
lock someone out at once with ``users disable`` (and let them back in with
``users enable``), change a role with ``users set-role``, grant and revoke
property or owner access with ``users grant|revoke`` and list people with
``users list``. Every step goes through
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
import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from app.async_runner import run_async
from app.connection import open_connection
from app.errors import CommandError
from app.owner_database import as_owner, require_head
from app.settings import Settings
from services import accounts
from services.access_grants import change_grants
from services.access_grants_rows import GrantKind
from services.database_urls import sqlalchemy_url
from services.password_policy import assess_password
from services.people_admin import people_query
from services.people_admin_rows import PeopleFilter, PersonRow
from services.unit_of_work import UnitOfWork


def run_users(settings: Settings, args: argparse.Namespace) -> int:
    """Run one ``users`` action as the deployment owner; failures raise :class:`CommandError`."""
    action = _ACTIONS[args.users_command]
    password = _read_password(args) if args.users_command in _NEEDS_PASSWORD else None
    connection = open_connection(settings)
    try:
        url = sqlalchemy_url(connection.url)
        require_head(url)
        run_async(_in_transaction(url, lambda session: action(session, args, password)))
    finally:
        connection.close()
    return 0


async def _create(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    assert password is not None
    await accounts.set_audit_reason(session, args.reason)
    user_id = await accounts.create_user(
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
    print(f"user id:    {user_id}")
    print(f"login role: {await accounts.login_role_of(session, user_id)} (opaque: people sign in with their address)")


async def _disable(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    user_id = await _user_id(session, args.email)
    await accounts.set_audit_reason(session, args.reason)
    await accounts.disable_user(session, user_id)
    print(f"disabled {args.email}: their login now only tells them so, and their open sessions were ended")


async def _enable(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    user_id = await _user_id(session, args.email)
    await accounts.set_audit_reason(session, args.reason)
    await accounts.enable_user(session, user_id)
    print(f"re-enabled {args.email}: they sign in with their own password again")


async def _set_role(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    user_id = await _user_id(session, args.email)
    await accounts.set_audit_reason(session, args.reason)
    await accounts.change_user_role(session, user_id, args.role)
    print(f"{args.email} is now {args.role}")


async def _grant_or_revoke(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    kind, ids = (GrantKind.PROPERTY, args.properties) if args.properties else (GrantKind.OWNER, args.owners)
    user_id = await _user_id(session, args.email)
    await accounts.set_audit_reason(session, args.reason)
    grant = args.users_command == "grant"
    changed = await change_grants(session, kind, user_id, ids, grant=grant)
    done = f"granted {changed} of {len(ids)} to" if grant else f"revoked {changed} of {len(ids)} from"
    print(f"{done} {args.email} ({kind.value} access); the others were already {'granted' if grant else 'absent'}")


async def _list(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    """Everyone matching the filters, a keyset page at a time (never the whole table in memory)."""
    wanted = PeopleFilter(
        text=args.search or "", role=args.role, team_id=args.team, company_id=args.company, disabled=args.disabled
    )
    print("\t".join(("id", "email", "role", "company", "team", "state")))
    cursor = None
    while True:
        rows = [PersonRow(*row) for row in await session.execute(people_query(wanted, cursor, LIST_PAGE))]
        for person in rows:
            state = "disabled" if person.disabled else "active"
            company, team = person.company_name or "-", person.team_name or "-"
            print("\t".join((str(person.id), person.email, person.role or "-", company, team, state)))
        if len(rows) < LIST_PAGE:
            return
        cursor = rows[-1].cursor


LIST_PAGE = 500


async def _user_id(session: AsyncSession, email: str) -> uuid.UUID:
    user_id = await accounts.find_user_id(session, email)
    if user_id is None:
        raise CommandError(f"there is no user with the address {email}")
    return user_id


async def _set_gatekeeper(session: AsyncSession, args: argparse.Namespace, password: str | None) -> None:
    assert password is not None
    await accounts.set_gatekeeper_password(session, password)
    print(f"{accounts.GATEKEEPER_ROLE} can log in; give workstations its URL with this password")


_Action = Callable[[AsyncSession, argparse.Namespace, str | None], Awaitable[None]]
_ACTIONS: dict[str, _Action] = {
    "create": _create,
    "disable": _disable,
    "enable": _enable,
    "set-role": _set_role,
    "grant": _grant_or_revoke,
    "revoke": _grant_or_revoke,
    "list": _list,
    "gatekeeper": _set_gatekeeper,
}
_NEEDS_PASSWORD = frozenset({"create", "gatekeeper"})


async def _in_transaction(url: str, work: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """One transaction as the owner; refusals and database failures become one-line errors (:func:`as_owner`)."""

    async def transaction(uow: UnitOfWork) -> None:
        async with uow.transaction() as session:
            await work(session)

    await as_owner(url, transaction)


def _read_password(args: argparse.Namespace) -> str:
    """The new password, checked against the policy before anything connects (a refusal costs no round trip)."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        # getpass would fall back to reading the pipe with a warning, or end in EOFError.
        raise CommandError("no terminal to ask for the password; pipe it in with --password-stdin")
    else:
        try:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password again: ") != password:
                raise CommandError("the two passwords differ")
        except EOFError as closed:
            raise CommandError("no password given") from closed
    if not password:
        raise CommandError("no password given")
    assessment = assess_password(password, email=getattr(args, "email", ""))
    if not assessment.acceptable:
        raise CommandError(assessment.advice)
    return password
