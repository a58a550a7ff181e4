"""``ruling-desk self-test`` as a user or CI runs it: a separate process, headless, real database."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import psycopg
from PySide6.QtGui import QImage

from app.embedded_server import EmbeddedServer
from tests.cli import cli_environment
from tests.conftest import TestServer
from tests.factories import insert_screening

ROOT = Path(__file__).resolve().parents[2]
TIMING = re.compile(r"^self-test: first queue page after (\d+\.\d\d) s with (\d+) rows$", re.MULTILINE)


def self_test(
    *options: str, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = cli_environment(env)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must go headless on its own
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "self-test", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


FORENSICS = (
    "compare-blink",
    "compare-onion",
    "compare-difference",
    "ela-overlay",
    "pdf-before-after-revision",
)


def test_self_test_on_a_fresh_embedded_server_loads_the_demo_queue_and_stops_the_server(
    data_dir: Path, tmp_path: Path
) -> None:
    screenshots = tmp_path / "screenshots"
    config = tmp_path / "config"  # where Qt keeps a person's own preferences on Linux

    result = self_test(
        "--data-dir", str(data_dir), "--screenshots", str(screenshots), env={"XDG_CONFIG_HOME": str(config)}
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # Its searches and views stay in its own throwaway preferences: a later run, or the person, never inherits them.
    assert not (config / "ruling-desk").exists()
    timing = TIMING.search(result.stdout)
    assert timing is not None, result.stdout
    assert int(timing.group(2)) > 0
    expected = {
        f"{name}-{theme}.png"
        for theme in ("light", "dark")
        for name in (
            "reviewer",
            "case-pdf",
            "case-image",
            "case-matches",
            "case-compare",
            "case-compare-detached",
            "reviewer-ruling",
            "reviewer-queue-no-match",
            "qa-lead",
            "qa-lead-reassign",
            "qa-lead-qa",
            "admin",
            "admin-reassign",
            "admin-settings",
            "admin-settings-people",
            "admin-settings-access",
            "admin-settings-invitations",
            "admin-settings-teams",
            "admin-settings-api-keys",
            "admin-settings-background-jobs",
            "admin-settings-reports",
            "shortcuts",
            "palette",
            "invitation-import-errors",
            "invitation-import-ready",
            *FORENSICS,
        )
    }
    assert {path.name for path in screenshots.iterdir()} == expected
    for path in screenshots.iterdir():
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
        assert f"self-test: saved {path}" in result.stdout
    light, dark = (QImage(str(screenshots / f"admin-{theme}.png")) for theme in ("light", "dark"))
    assert light.size() == dark.size()
    corner = (light.width() - 3, light.height() // 3)  # the window's own background, beside the panels
    assert light.pixelColor(*corner).lightness() > 200
    assert dark.pixelColor(*corner).lightness() < 60
    assert not EmbeddedServer(data_dir).status().running


def test_self_test_against_a_database_url_leaves_the_server_alone(
    pg_server: TestServer, migrated_template: str, tmp_path: Path
) -> None:
    name = pg_server.create_database("self_test", template=migrated_template)
    url = pg_server.libpq_url(name)
    with psycopg.connect(url, autocommit=True) as conn:
        for n in range(3):
            insert_screening(conn, short_id=f"E-{n:07d}")

    result = self_test("--database-url", url, "--data-dir", str(tmp_path), "--screenshots", str(tmp_path / "shots"))

    assert result.returncode == 0, result.stdout + result.stderr
    timing = TIMING.search(result.stdout)
    assert timing is not None, result.stdout
    assert timing.group(2) == "3"
    assert {path.name for path in (tmp_path / "shots").iterdir()} == {
        f"{name}-{theme}.png"
        for theme in ("light", "dark")
        for name in ("database-role", "shortcuts", "palette", *FORENSICS)
    }
    with psycopg.connect(url) as conn:  # the suite's server still answers
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (3,)


def test_self_test_reports_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    result = self_test("--database-url", "postgresql://nobody@127.0.0.1:9/nothing", "--data-dir", str(tmp_path))

    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    # A central server is not migrated by workstations, so the first query is what finds it gone.
    assert lines[0].startswith("self-test failed: Cannot reach the database server (127.0.0.1, port 9)"), lines
    assert "Cannot reach the database server (127.0.0.1, port 9): Connection refused." in lines[0]
    assert "Traceback" not in result.stderr
