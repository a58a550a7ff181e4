"""Where a company's webhooks go: list, set (the signing key shown once), remove (staff administrators).

Each change is a SECURITY DEFINER function of revision 0016
(``rd_set_webhook_endpoint``, ``rd_remove_webhook_endpoint``) that checks
the caller is a staff administrator and is audited with the key masked.
The URL is checked here first so a person reads why it was refused; the
table's CHECK is the guarantee. The signing key is returned once, when it
is issued (a new endpoint, or on request), for the customer to verify
signatures with; nobody but the worker nodes can read it afterwards.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from sqlalchemy import select, text

from models.organizations import Company
from models.webhook_endpoints import WebhookEndpoint
from services.accounts.errors import InvalidAccountRequest, account_errors
from services.unit_of_work import UnitOfWork

SCHEMES: Final = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class WebhookEndpointRow:
    """One company's endpoint as an administrator sees it: never the key."""

    company_id: uuid.UUID
    company_name: str
    url: str
    updated_at: datetime.datetime


def checked_url(url: str) -> str:
    """``url`` without surrounding blanks if it is an absolute http(s) URL with a host; else a refusal."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname or any(c.isspace() for c in url):
        raise InvalidAccountRequest(
            f"{url!r} is not a web address: give one like https://hooks.example.com/ruling-desk"
        )
    return url


async def list_webhook_endpoints(uow: UnitOfWork) -> tuple[WebhookEndpointRow, ...]:
    """Every configured endpoint, by company name (one per company: a short list)."""
    query = (
        select(WebhookEndpoint.company_id, Company.name, WebhookEndpoint.url, WebhookEndpoint.updated_at)
        .join(Company, Company.id == WebhookEndpoint.company_id)
        .order_by(Company.name, WebhookEndpoint.company_id)
    )
    async with uow.transaction() as session:
        rows = (await session.execute(query)).all()
    return tuple(
        WebhookEndpointRow(company_id, name or "", url, updated_at) for company_id, name, url, updated_at in rows
    )


async def set_webhook_endpoint(uow: UnitOfWork, company_id: uuid.UUID, url: str, *, new_key: bool) -> str | None:
    """Send ``company_id``'s webhooks to ``url``; the signing key when one is issued, else ``None``."""
    async with uow.transaction() as session:
        with account_errors():
            issued = await session.execute(
                text("SELECT rd_set_webhook_endpoint(:company, :url, :new_key)"),
                {"company": company_id, "url": checked_url(url), "new_key": new_key},
            )
            key: str | None = issued.scalar_one()
    return key


async def remove_webhook_endpoint(uow: UnitOfWork, company_id: uuid.UUID) -> None:
    """Stop ``company_id``'s webhooks; deliveries not yet sent are given up at their next try."""
    async with uow.transaction() as session:
        with account_errors():
            removed = (
                await session.execute(text("SELECT rd_remove_webhook_endpoint(:company)"), {"company": company_id})
            ).scalar_one()
    if not removed:
        raise InvalidAccountRequest("That company has no webhook endpoint.")
