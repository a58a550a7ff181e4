"""Document reuse: page fingerprints stored per proof and searched across entries.

"This page was also submitted by these applicants" is a search of the
``proof_page_fingerprints`` table (see :mod:`models.forensics` for its
bands and indexes) through row-level security: staff see every company,
the company side only pages of proofs it may already read, so a property
manager's search learns nothing about other companies' documents.
"""

from __future__ import annotations

import uuid
from functools import cache
from importlib import resources
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.forensics.findings import ReusedPage
from services.forensics.fingerprints import SAME_DOCUMENT_DISTANCE, PageFingerprint
from services.unit_of_work import UnitOfWork

DEFAULT_LIMIT: Final = 50
"""Matches listed per page: a popular stolen paystub can have thousands; the closest come first."""


@cache
def _sql(name: str) -> str:
    return resources.files("services.forensics").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


async def stored_fingerprints(session: AsyncSession, proof_id: uuid.UUID) -> tuple[PageFingerprint, ...]:
    """The stored fingerprints of ``proof_id``, page order; empty when none were computed (or it is not visible)."""
    result = await session.execute(
        text("SELECT dhash::text FROM proof_page_fingerprints WHERE proof_id = :proof_id ORDER BY page"),
        {"proof_id": proof_id},
    )
    return tuple(PageFingerprint(int(bits, 2)) for (bits,) in result)


async def search_page(
    session: AsyncSession,
    fingerprint: PageFingerprint,
    *,
    exclude_proof_id: uuid.UUID,
    max_distance: int = SAME_DOCUMENT_DISTANCE,
    limit: int = DEFAULT_LIMIT,
) -> tuple[ReusedPage, ...]:
    """Pages the caller may see, other than ``exclude_proof_id``'s, within ``max_distance`` bits of ``fingerprint``."""
    if not 0 <= max_distance <= SAME_DOCUMENT_DISTANCE:
        raise ValueError(f"the band index finds matches up to {SAME_DOCUMENT_DISTANCE} bits, not {max_distance}")
    b0, b1, b2, b3 = fingerprint.search_bands
    result = await session.execute(
        text(_sql("reused_pages")),
        {
            "dhash": fingerprint.bits,
            "band_0": b0,
            "band_1": b1,
            "band_2": b2,
            "band_3": b3,
            "exclude_proof_id": exclude_proof_id,
            "max_distance": max_distance,
            "limit": limit,
        },
    )
    return tuple(ReusedPage(*row) for row in result)


async def find_reused_pages(uow: UnitOfWork, proof_id: uuid.UUID) -> dict[int, tuple[ReusedPage, ...]]:
    """Per page of ``proof_id`` (by its stored fingerprints), the other proofs' pages that match it."""
    async with uow.transaction() as session:
        pages = await stored_fingerprints(session, proof_id)
        return {
            index: await search_page(session, fingerprint, exclude_proof_id=proof_id)
            for index, fingerprint in enumerate(pages)
        }


class BoundReuse:
    """:func:`find_reused_pages` bound to one person's unit of work, for the UI."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def find_reused_pages(self, proof_id: uuid.UUID) -> dict[int, tuple[ReusedPage, ...]]:
        return await find_reused_pages(self._uow, proof_id)
