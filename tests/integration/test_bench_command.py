"""``ruling-desk bench`` prints medians, p95s and ratios for the hot paths against the raw-SQL floor.

``--reports`` times each report type instead, and leaves no report behind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import psycopg

from tests.cli import run_cli
from tests.factories import insert_open_entries

FIGURE = re.compile(r"^(\w+)\s+(\S+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", re.MULTILINE)


def test_bench_prints_service_and_floor_figures(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url) as conn:
        insert_open_entries(conn, 450)
    result = run_cli("bench", "--runs", "3", "--database-url", migrated_libpq_url, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "(450 entries); median and p95 of 3 runs" in result.stdout
    figures = FIGURE.findall(result.stdout)
    assert [(path, role) for path, role, *_ in figures] == [
        ("queue_first_page", "owner"),
        ("queue_deep_page", "owner"),
        ("queue_search", "owner"),
        ("ela_300dpi_scan", "workstation"),
    ]
    for _, _, median_ms, p95_ms, floor_ms, ratio in figures:
        assert 0 < float(median_ms) <= float(p95_ms) and float(floor_ms) > 0
        assert abs(float(ratio) - float(median_ms) / float(floor_ms)) < 0.02


def test_bench_on_the_embedded_demo_times_every_path_as_the_people_who_work_it(data_dir: Path) -> None:
    result = run_cli("bench", "--runs", "2", "--json", "--entries", "120", "--data-dir", str(data_dir), timeout=600)
    assert result.returncode == 0, result.stderr
    figures = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(figure["path"], figure["role"]) for figure in figures] == [
        ("queue_first_page", "owner"),
        ("queue_deep_page", "owner"),
        ("queue_search", "owner"),
        ("queue_first_page", "reviewer1"),
        ("queue_deep_page", "reviewer1"),
        ("queue_search", "reviewer1"),
        ("claim_next", "reviewer1"),
        ("open_case", "reviewer1"),
        ("submit_ruling", "reviewer1"),
        ("first_document", "reviewer1"),
        ("queue_first_page", "pm"),
        ("queue_deep_page", "pm"),
        ("queue_search", "pm"),
        ("queue_first_page", "companyadmin"),
        ("queue_deep_page", "companyadmin"),
        ("queue_search", "companyadmin"),
        ("ela_300dpi_scan", "workstation"),
    ]
    for figure in figures:
        assert set(figure) == {"path", "role", "entries", "median_ms", "p95_ms", "floor_median_ms"}
        assert figure["entries"] == 120
        assert 0 < figure["median_ms"] <= figure["p95_ms"] and figure["floor_median_ms"] > 0
    assert result.stderr == ""  # nobody failed to sign in, and nothing was left untimed


def test_bench_reports_times_every_report_type_and_leaves_no_report_behind(migrated_libpq_url: str) -> None:
    with psycopg.connect(migrated_libpq_url) as conn:
        insert_open_entries(conn, 40)
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()
        blobs_before = conn.execute("SELECT count(*) FROM document_blobs").fetchone()
    assert entries is not None
    result = run_cli("bench", "--reports", "--runs", "2", "--json", "--database-url", migrated_libpq_url, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = [json.loads(line) for line in result.stdout.splitlines()]
    assert [figure["report_type"] for figure in figures] == [
        "entry_performance",
        "property_performance",
        "reviewer_performance",
        "company_summary",
        "fraud_analysis",
    ]
    for figure in figures:
        assert figure["entries"] == entries[0]
        assert figure["cold_seconds"] > 0 and figure["warm_median_seconds"] > 0
        assert figure["peak_rss_mib"] > 0
    assert figures[0]["rows"] >= 1 and figures[3]["rows"] >= 1, "entries by day and by company were counted"
    with psycopg.connect(migrated_libpq_url) as conn:
        reports_left = conn.execute("SELECT count(*) FROM analytics_reports").fetchone()
        blobs_after = conn.execute("SELECT count(*) FROM document_blobs").fetchone()
    assert reports_left == (0,) and blobs_after == blobs_before
