"""Who works on an entry: claim-next, claim one, release, skip, reassign and escalate, one use case each.

Every rule lives in the database functions of migration 0005 (so the
client's own systems get the same behaviour); each use case here is one
transaction calling one function (claiming one chosen entry is the
``reviewer_update`` policy's own case: an UPDATE that only an unassigned
entry matches), and turns its refusals into
:mod:`services.review_refusals`. Each returns the :class:`Changes` it
made so open views refresh the entry.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.entries import Entry
from models.enums import ReviewStatus
from services.accounts import set_audit_reason
from services.changes import Changes
from services.claimed import Claimed
from services.review_failures import review_refusals
from services.review_refusals import EntryTaken
from services.unit_of_work import UnitOfWork


async def claim_next(uow: UnitOfWork) -> Claimed:
    """Claim the most urgent unassigned entry for the signed-in person (none when the pool is empty)."""
    with review_refusals():
        async with uow.transaction() as session:
            return Claimed(await claim_in(session))


async def claim_in(session: AsyncSession) -> uuid.UUID | None:
    """Claim-next inside the caller's transaction."""
    return (await session.execute(select(func.rd_claim_next_entry()))).scalar_one_or_none()


async def claim(uow: UnitOfWork, entry_id: uuid.UUID) -> Changes:
    """Claim the entry a reviewer chose in the pool; refused when someone claimed it first.

    Claim-next's rules for the pool hold here too: only an UNASSIGNED
    entry matches, and PostgreSQL re-checks that condition on the locked
    row, so two reviewers choosing the same entry never both get it.
    """
    claimed = (
        update(Entry)
        .where(
            Entry.id == entry_id,
            Entry.review_status == ReviewStatus.UNASSIGNED,
            Entry.review_assigned_to_id.is_(None),
        )
        .values(
            review_assigned_to_id=func.rd_current_user_id(),
            review_assigned_date=func.timezone("utc", func.now()),
            review_status=ReviewStatus.IN_REVIEW,
            status="in_review",
        )
        .returning(Entry.id)
    )
    with review_refusals():
        async with uow.transaction() as session:
            await set_audit_reason(session, "claimed from the queue")
            if (await session.execute(claimed)).scalar_one_or_none() is None:
                raise EntryTaken("Someone else claimed this entry first, or it left the pool.")
    return Changes.entries(entry_id)


async def release(uow: UnitOfWork, entry_id: uuid.UUID, reason: str) -> Changes:
    """Hand an entry assigned to me back to the pool."""
    with review_refusals():
        async with uow.transaction() as session:
            await session.execute(select(func.rd_release_entry(entry_id, reason)))
    return Changes.entries(entry_id)


async def skip(uow: UnitOfWork, entry_id: uuid.UUID, reason: str) -> Changes:
    """Hand an entry back and keep claim-next from offering it to me again for a shift."""
    with review_refusals():
        async with uow.transaction() as session:
            await session.execute(select(func.rd_skip_entry(entry_id, reason)))
    return Changes.entries(entry_id)


async def reassign(uow: UnitOfWork, entry_id: uuid.UUID, assignee_id: uuid.UUID | None, reason: str) -> Changes:
    """A lead hands an open entry to another reviewer (``None``: back to the pool)."""
    with review_refusals():
        async with uow.transaction() as session:
            await session.execute(select(func.rd_reassign_entry(entry_id, assignee_id, reason)))
    return Changes.entries(entry_id)


async def escalate(uow: UnitOfWork, entry_id: uuid.UUID, reason: str, escalation_id: uuid.UUID) -> Changes:
    """Send an entry assigned to me to QA; ``escalation_id`` (generated once by the caller) makes a retry safe."""
    with review_refusals():
        async with uow.transaction() as session:
            await session.execute(select(func.rd_escalate_entry(entry_id, escalation_id, reason)))
    return Changes.entries(entry_id)
