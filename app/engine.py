"""Building the one async engine a process uses, in the composition root."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from app.pooled_liveness import replace_hung_up_connections
from services.database_urls import sqlalchemy_url
from services.unit_of_work import UnitOfWork


def build_engine(url: str, *, pool_size: int = 5) -> AsyncEngine:
    """An async engine over psycopg 3 that survives a restarted server (see :mod:`app.pooled_liveness`)."""
    engine = create_async_engine(sqlalchemy_url(url), pool_size=pool_size, max_overflow=5)
    replace_hung_up_connections(engine)
    return engine


def build_unit_of_work(engine: AsyncEngine) -> UnitOfWork:
    return UnitOfWork(async_sessionmaker(engine, expire_on_commit=False))
