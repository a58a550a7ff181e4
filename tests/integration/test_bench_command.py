"""``ruling-desk bench`` prints medians and ratios for the queue against the raw-SQL floor."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

from tests.cli import run_cli
from tests.factories import insert_open_entries


def test_bench_prints_service_and_floor_figures(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url) as conn:
        insert_open_entries(conn, 450)
    result = run_cli("bench", "--runs", "3", "--database-url", migrated_libpq_url, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "(450 entries); median of 3 runs" in result.stdout
    figures = re.findall(r"^(queue .+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", result.stdout, re.MULTILINE)
    assert [name.strip() for name, *_ in figures] == ["queue as owner: first page", "queue as owner: page 51 (keyset)"]
    for _, service_ms, floor_ms, ratio in figures:
        assert float(service_ms) > 0 and float(floor_ms) > 0
        assert abs(float(ratio) - float(service_ms) / float(floor_ms)) < 0.02


def test_bench_on_the_embedded_demo_times_the_queue_as_the_people_who_work_it(data_dir: Path) -> None:
    result = run_cli("bench", "--runs", "2", "--data-dir", str(data_dir), timeout=300)
    assert result.returncode == 0, result.stderr
    names = re.findall(r"^(queue as \S+: .+?)\s{2,}", result.stdout, re.MULTILINE)
    assert names == [
        f"queue as {viewer}: {page}"
        for viewer in ("owner", "reviewer1", "pm")
        for page in ("first page", "page 51 (keyset)")
    ], result.stdout
    assert "not timed as" not in result.stdout
