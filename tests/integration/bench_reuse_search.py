"""Not a test: figures for the reuse search over 1,000,000 fingerprints (run this file explicitly).

``uv run pytest tests/integration/bench_reuse_search.py -s`` fills a scratch
database with random fingerprints by set-based INSERT (the foreign key to
``proof`` is dropped there), plants a page reused five times, and times
:func:`services.forensics.reuse.search_page` as the owner.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Callable

import psycopg

import migrations
from services.database_urls import libpq_url
from services.forensics.fingerprints import PageFingerprint
from services.forensics.reuse import search_page
from tests.units_of_work import unit_of_work

ROWS = 1_000_000


def test_bench_reuse_search(fresh_database: Callable[[], str]) -> None:
    url = fresh_database()
    migrations.upgrade(url)
    planted = PageFingerprint(int("1100" * 64, 2))
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("ALTER TABLE proof_page_fingerprints DROP CONSTRAINT fk_proof_page_fingerprints_proof_id_proof")
        conn.execute(
            "INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)"
            " SELECT gen_random_uuid(), 0, b0::bit(64) || b1::bit(64) || b2::bit(64) || b3::bit(64), b0, b1, b2, b3"
            " FROM (SELECT (random() * 9.2e18)::bigint AS b0, (random() * 9.2e18)::bigint AS b1,"
            "       (random() * 9.2e18)::bigint AS b2, (random() * 9.2e18)::bigint AS b3"
            "       FROM generate_series(1, %s)) AS r",
            (ROWS,),
        )
        for _ in range(5):
            conn.execute(
                "INSERT INTO proof_page_fingerprints VALUES (%s, 0, CAST(%s AS bit(256)), %s, %s, %s, %s)",
                (uuid.uuid4(), planted.bits, *planted.bands),
            )
        conn.execute("VACUUM ANALYZE proof_page_fingerprints")

    async def measure() -> list[float]:
        times = []
        async with unit_of_work(url) as uow:
            for _ in range(30):
                async with uow.transaction() as session:
                    started = time.perf_counter()
                    await search_page(session, planted, exclude_proof_id=uuid.uuid4())
                    times.append(time.perf_counter() - started)
        return times

    times = sorted(asyncio.run(measure())[5:])
    print(
        f"\nreuse search over {ROWS:,} fingerprints: median {statistics.median(times) * 1000:.1f} ms,"
        f" p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms"
    )
