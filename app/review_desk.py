"""Bind the reviewer's (and a lead's) use cases to the person's unit of work, and their drafts to their data directory.

Drafts hold notes about applicants and belong to one person, so each
person has a directory of their own under the data directory, keyed by
their user id (stable across renames), and a workstation shared by two
reviewers never sends one's draft under the other's login.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from services import claims
from services.case import open_case
from services.changes import Changes
from services.reviewer_directory import reviewers
from services.ruling import submit_ruling
from services.ruling_drafts import RulingDrafts
from services.ruling_outbox import UNDO_SECONDS, RulingOutbox
from services.unit_of_work import UnitOfWork
from ui.case_workflow import RETRY_DELAYS, ReviewDesk
from ui.reassign_dialog import ReassignDesk


def drafts_directory(data_dir: Path, person_id: uuid.UUID | None) -> Path:
    """Where one person's unsent rulings are kept."""
    return data_dir / "ruling-drafts" / (str(person_id) if person_id is not None else "database-role")


def build_review_desk(
    uow: UnitOfWork,
    drafts_dir: Path,
    publish: Callable[[Changes], None],
    *,
    undo_seconds: float = UNDO_SECONDS,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    me: uuid.UUID | None = None,
) -> ReviewDesk:
    return ReviewDesk(
        claim_next=partial(claims.claim_next, uow),
        claim=partial(claims.claim, uow),
        open_case=partial(open_case, uow),
        release=partial(claims.release, uow),
        skip=partial(claims.skip, uow),
        escalate=partial(claims.escalate, uow),
        outbox=RulingOutbox(RulingDrafts(drafts_dir), partial(submit_ruling, uow), undo_seconds=undo_seconds),
        publish=publish,
        retry_delays=retry_delays,
        me=me,
    )


def build_reassign_desk(uow: UnitOfWork, publish: Callable[[Changes], None]) -> ReassignDesk:
    """The reassign picker's list and write, for a lead who may reassign."""
    return ReassignDesk(reviewers=partial(reviewers, uow), reassign=partial(claims.reassign, uow), publish=publish)
