"""Why a company-side queue may be empty: does the person hold any property or owner grants at all?

Company-side people (other than a company's administrator, who sees the
whole company) see the entries of the properties ``users_properties``
grants them and of the owners ``users_owners`` grants them. Without a
single grant their queue is empty for a reason no refresh will change,
and the queue says so instead of "nothing to do". Their own grant rows
are visible to them through the ``self_read`` policies (revision 0003),
so the question is asked under their own row-level security.
"""

from __future__ import annotations

from sqlalchemy import exists, func, or_, select

from models.users import UserOwner, UserProperty
from services.unit_of_work import UnitOfWork


async def has_access_grants(uow: UnitOfWork) -> bool:
    """Whether the signed-in person holds at least one property or owner grant."""
    me = func.rd_current_user_id()
    query = select(
        or_(
            exists().where(UserProperty.user_id == me),
            exists().where(UserOwner.user_id == me),
        )
    )
    async with uow.transaction() as session:
        return bool((await session.execute(query)).scalar_one())
