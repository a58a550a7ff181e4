"""``ruling-desk bench`` prints medians and ratios for the queue against the raw-SQL floor."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
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
    figures = re.findall(r"^(queue .+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", result.stdout, re.MULTILINE)
    assert [name.strip() for name, *_ in figures] == ["queue as owner: first page", "queue as owner: page 51 (keyset)"]
    for _, service_ms, floor_ms, ratio in figures:
        assert float(service_ms) > 0 and float(floor_ms) > 0
        assert abs(float(ratio) - float(service_ms) / float(floor_ms)) < 0.02


def test_bench_on_the_embedded_demo_times_the_queue_as_the_people_who_work_it(tmp_path: Path) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="rd-bench-"))
    data_dir.chmod(0o755)  # the embedded server may run as an unprivileged user
    try:
        result = subprocess.run(
            [CLI, "bench", "--runs", "2", "--data-dir", str(data_dir)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        subprocess.run([CLI, "db", "stop", "--data-dir", str(data_dir)], capture_output=True, check=False)
        shutil.rmtree(data_dir, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    names = re.findall(r"^(queue as \S+: .+?)\s{2,}", result.stdout, re.MULTILINE)
    assert names == [
        f"queue as {viewer}: {page}"
        for viewer in ("owner", "reviewer1", "pm")
        for page in ("first page", "page 51 (keyset)")
    ], result.stdout
    assert "not timed as" not in result.stdout
