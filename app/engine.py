"""Building the one async engine a process uses, in the composition root."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from services.database_urls import sqlalchemy_url
from services.unit_of_work import UnitOfWork


def build_engine(url: str, *, pool_size: int = 5) -> AsyncEngine:
    """An async engine over psycopg 3; ``pool_pre_ping`` survives a restarted server."""
    return create_async_engine(sqlalchemy_url(url), pool_size=pool_size, max_overflow=5, pool_pre_ping=True)


def build_unit_of_work(engine: AsyncEngine) -> UnitOfWork:
    return UnitOfWork(async_sessionmaker(engine, expire_on_commit=False))
