"""``ruling-desk bench`` prints medians and ratios for the queue against the raw-SQL floor."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import psycopg

from tests.factories import insert_open_entries

CLI = str(Path(sys.executable).parent / "ruling-desk")


def test_bench_prints_service_and_floor_figures(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url) as conn:
        insert_open_entries(conn, 450)
    result = subprocess.run(
        [CLI, "bench", "--runs", "3", "--database-url", migrated_libpq_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "(450 entries); median of 3 runs" in result.stdout
    figures = re.findall(r"^(queue: .+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", result.stdout, re.MULTILINE)
    assert [name.strip() for name, *_ in figures] == ["queue: first page", "queue: page 51 (keyset)"]
    for _, service_ms, floor_ms, ratio in figures:
        assert float(service_ms) > 0 and float(floor_ms) > 0
        assert abs(float(ratio) - float(service_ms) / float(floor_ms)) < 0.02
