"""Duplicate matches of an entry (spec 000 ``matching_entries``) and reviewers' decisions on them.

:func:`list_matches` feeds the case view's matches panel; the result
types live in :mod:`services.matches.rows`, which the UI may import.
:func:`record_decision` stores "same applicant / duplicate" or "different
applicant" on one match; it shows on both entries because both list the
same match row. The database checks who may decide (``rd_may_decide_match``:
whoever may rule on either entry) and audits and announces the write.
"""

from __future__ import annotations

import uuid
from functools import cache
from importlib import resources

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.changes import ChangeKind, Changes
from services.errors import Refusal
from services.matches.rows import MatchBand, MatchDecisionKind, MatchRow
from services.unit_of_work import UnitOfWork

__all__ = ["BoundMatches", "MatchBand", "MatchDecisionKind", "MatchRow", "list_matches", "record_decision"]

_NOTE_LIMIT = 2000


@cache
def _sql(name: str) -> str:
    return resources.files("services.matches").joinpath(f"{name}.sql").read_text(encoding="utf-8")


async def list_matches(uow: UnitOfWork, entry_id: uuid.UUID) -> tuple[MatchRow, ...]:
    """``entry_id``'s matches, highest percentage first, with the other entry as far as the caller may see it."""
    async with uow.transaction() as session:
        rows = (await session.execute(text(_sql("list_matches")), {"entry_id": entry_id})).all()
    return tuple(
        MatchRow(
            match_id=row[0],
            percentage=row[1],
            band=MatchBand.of(row[1]),
            other_entry_id=row[2],
            visible=row[3],
            other_short_id=row[4],
            applicant_name=row[5],
            property_name=row[6],
            company_name=row[7],
            review_status=row[8],
            ruling=row[9],
            decision=MatchDecisionKind(row[10]) if row[10] else None,
            decision_note=row[11],
            decided_at=row[12],
        )
        for row in rows
    )


_UPSERT = """
INSERT INTO match_decisions (matching_entry_id, decision, note) VALUES (:match_id, :decision, :note)
ON CONFLICT (matching_entry_id) DO UPDATE
SET decision = excluded.decision, note = excluded.note, decided_by_id = rd_current_user_id()
"""


async def record_decision(
    uow: UnitOfWork, match_id: int, decision: MatchDecisionKind, note: str | None = None
) -> Changes:
    """Record (or change) the caller's decision on one match; refused unless they may rule on either entry."""
    note = (note or "").strip() or None
    if note is not None and len(note) > _NOTE_LIMIT:
        raise Refusal(f"The note is {len(note):,} characters long; keep it under {_NOTE_LIMIT:,}.")
    try:
        async with uow.transaction() as session:
            await session.execute(text(_UPSERT), {"match_id": match_id, "decision": decision.value, "note": note})
    except DBAPIError as failure:
        state = getattr(failure.orig, "sqlstate", None)
        if state == "42501":
            raise Refusal(
                "Only the reviewer working on one of the two entries (or QA) can decide on this match."
            ) from failure
        if state == "23503":
            raise Refusal("This match no longer exists; it may have been recomputed.") from failure
        raise
    return Changes.of(ChangeKind.MATCH)


class BoundMatches:
    """:func:`list_matches` and :func:`record_decision` bound to one person's unit of work, for the UI."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def list_matches(self, entry_id: uuid.UUID) -> tuple[MatchRow, ...]:
        return await list_matches(self._uow, entry_id)

    async def record_decision(self, match_id: int, decision: MatchDecisionKind, note: str | None) -> Changes:
        return await record_decision(self._uow, match_id, decision, note)
