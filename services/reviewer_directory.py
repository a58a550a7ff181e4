"""Who may be handed an entry: the reassign picker's list, read and searched on the server.

``rd_reassign_entry`` (revision 0005) accepts only active reviewers, senior
reviewers and QA as assignees; this list asks the same question of
``users`` so the picker never offers someone the database would refuse.
It reads through the lead's own session: staff see every ``users`` row
(policy ``staff_read``), and a search narrows on the server, a page at a
time, so a large staff list never travels whole.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import func, or_, select

from models.users import User
from services.people_admin import like_pattern
from services.reviewer_choices import ReviewerChoice
from services.unit_of_work import UnitOfWork

REVIEW_ROLES: Final = ("reviewer", "senior_reviewer", "qa")
"""The ``users.role`` values ``rd_reassign_entry`` accepts as assignees (none of them has a company group)."""

PICKER_LIMIT: Final = 50
"""How many matches the picker shows; typing more narrows the rest."""


async def reviewers(uow: UnitOfWork, text: str = "", *, limit: int = PICKER_LIMIT) -> list[ReviewerChoice]:
    """Active people who may review, matching ``text`` in name or address, by name."""
    name = func.btrim(func.concat_ws(" ", User.first_name, User.last_name))
    query = (
        select(User.id, name, User.email, User.role)
        .where(User.role.in_(REVIEW_ROLES), func.coalesce(User.is_archived, False).is_(False))
        .order_by(func.lower(name), User.id)
        .limit(limit)
    )
    if wanted := text.strip():
        pattern = like_pattern(wanted)
        query = query.where(or_(name.ilike(pattern), User.email.ilike(pattern)))
    async with uow.transaction() as session:
        rows = (await session.execute(query)).all()
    return [ReviewerChoice(user_id, label or email or "", email or "", role) for user_id, label, email, role in rows]
