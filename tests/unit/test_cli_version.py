"""``ruling-desk --version`` prints the installed version, the same one Help → About shows."""

from __future__ import annotations

from importlib.metadata import version

from app.version import app_version
from tests.cli import run_cli


def test_version_prints_the_installed_packages_version() -> None:
    result = run_cli("--version", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ruling-desk {version('ruling-desk')}"
    assert app_version() == version("ruling-desk")
