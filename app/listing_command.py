"""``ruling-desk companies|teams|properties|owners list``: ids for ``users create|grant``, as plain columns.

Runs as the database owner, like ``users`` (see :mod:`app.owner_database`),
on the embedded server or ``--database-url``; reads go through
:mod:`services.organisation_listing`.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from app.async_runner import run_async
from app.connection import open_connection
from app.owner_database import as_owner, require_head
from app.settings import Settings
from services import organisation_listing
from services.database_urls import sqlalchemy_url
from services.unit_of_work import UnitOfWork

_Listing = Callable[[UnitOfWork, argparse.Namespace], Awaitable[Sequence[Any]]]
_LISTINGS: dict[str, _Listing] = {
    "companies": lambda uow, args: organisation_listing.list_companies(uow),
    "teams": lambda uow, args: organisation_listing.list_teams(uow),
    "properties": lambda uow, args: organisation_listing.list_properties(uow, company_id=args.company),
    "owners": lambda uow, args: organisation_listing.list_owners(uow),
}


def run_listing(settings: Settings, args: argparse.Namespace) -> int:
    """Print one row a line, its fields tab-separated (an empty field for a missing value)."""
    listing = _LISTINGS[args.command]
    connection = open_connection(settings)
    try:
        url = sqlalchemy_url(connection.url)
        require_head(url)
        rows = run_async(as_owner(url, lambda uow: listing(uow, args)))
    finally:
        connection.close()
    for row in rows:
        print("\t".join(_cell(value) for value in dataclasses.astuple(row)))
    return 0


def _cell(value: object) -> str:
    """A field that cannot break the columns: tabs and line breaks in a name become spaces."""
    return "" if value is None else " ".join(str(value).split())
