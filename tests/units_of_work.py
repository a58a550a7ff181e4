"""A unit of work over an engine of the test's own, disposed afterwards, as the app builds them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from app.engine import build_engine, build_unit_of_work
from services.unit_of_work import UnitOfWork


@asynccontextmanager
async def unit_of_work(url: str) -> AsyncIterator[UnitOfWork]:
    engine = build_engine(url)
    try:
        yield build_unit_of_work(engine)
    finally:
        await engine.dispose()
