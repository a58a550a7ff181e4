"""``ruling-desk webhooks list|set|remove``: each company's webhook endpoint, as the deployment owner.

The use cases of :mod:`services.webhook_admin`, so the database's functions
check and audit every change. ``set`` prints the signing key once, when it
is issued.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Awaitable, Callable

from app.keys_command import run_owner_action
from app.settings import Settings
from services import webhook_admin
from services.unit_of_work import UnitOfWork


async def _list(uow: UnitOfWork, args: argparse.Namespace) -> list[tuple[object, ...]]:
    return [dataclasses.astuple(row) for row in await webhook_admin.list_webhook_endpoints(uow)]


async def _set(uow: UnitOfWork, args: argparse.Namespace) -> list[tuple[object, ...]]:
    key = await webhook_admin.set_webhook_endpoint(uow, args.company, args.url, new_key=args.new_key)
    return [] if key is None else [(key,)]


async def _remove(uow: UnitOfWork, args: argparse.Namespace) -> list[tuple[object, ...]]:
    await webhook_admin.remove_webhook_endpoint(uow, args.company)
    return []


_ACTIONS: dict[str, Callable[[UnitOfWork, argparse.Namespace], Awaitable[list[tuple[object, ...]]]]] = {
    "list": _list,
    "set": _set,
    "remove": _remove,
}


def run_webhooks(settings: Settings, args: argparse.Namespace) -> int:
    """Run one ``webhooks`` action; print its rows tab-separated (refusals become one-line errors)."""
    return run_owner_action(settings, lambda uow: _ACTIONS[args.webhooks_command](uow, args))
