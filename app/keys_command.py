"""``ruling-desk keys create|list|revoke``: API keys for scripting, as the deployment owner.

The same use cases as the settings pane's API keys page
(:mod:`services.api_key_admin`), so the database's functions check and
audit every change. ``create`` prints the secret exactly once.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Awaitable, Callable

from app.async_runner import run_async
from app.connection import open_connection
from app.owner_database import as_owner, require_head
from app.settings import Settings
from services import api_key_admin
from services.api_key_admin_rows import ApiKeyRole, ApiKeyScope
from services.database_urls import sqlalchemy_url
from services.unit_of_work import UnitOfWork


async def _create(uow: UnitOfWork, args: argparse.Namespace) -> list[tuple[object, ...]]:
    new_key, _ = await api_key_admin.create_api_key(
        uow,
        description=args.description,
        scope=ApiKeyScope(args.scope),
        role=ApiKeyRole(args.role),
        company_id=args.company,
        property_id=args.property,
    )
    return [(new_key.api_key_id, new_key.public_id, new_key.secret)]


async def _list(uow: UnitOfWork, args: argparse.Namespace) -> list[tuple[object, ...]]:
    """Every key, newest first: the pages the settings pane reads one at a time, all of them."""
    rows: list[tuple[object, ...]] = []
    page = await api_key_admin.list_api_keys(uow)
    while True:
        rows.extend(dataclasses.astuple(row) for row in page.rows)
        if page.next_cursor is None:
            return rows
        page = await api_key_admin.list_api_keys(uow, after=page.next_cursor)


async def _revoke(uow: UnitOfWork, args: argparse.Namespace) -> list[tuple[object, ...]]:
    await api_key_admin.set_api_key_active(uow, args.key, active=False)
    return []


_ACTIONS: dict[str, Callable[[UnitOfWork, argparse.Namespace], Awaitable[list[tuple[object, ...]]]]] = {
    "create": _create,
    "list": _list,
    "revoke": _revoke,
}


def run_keys(settings: Settings, args: argparse.Namespace) -> int:
    """Run one ``keys`` action; print its rows tab-separated (refusals become one-line errors)."""
    return run_owner_action(settings, lambda uow: _ACTIONS[args.keys_command](uow, args))


def run_owner_action(settings: Settings, action: Callable[[UnitOfWork], Awaitable[list[tuple[object, ...]]]]) -> int:
    """Run ``action`` as the database owner at head; print its rows tab-separated, one per line."""
    connection = open_connection(settings)
    try:
        url = sqlalchemy_url(connection.url)
        require_head(url)
        rows = run_async(as_owner(url, action))
    finally:
        connection.close()
    for row in rows:
        print("\t".join("" if value is None else " ".join(str(value).split()) for value in row))
    return 0
