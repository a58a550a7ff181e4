"""``ruling-desk`` without a usable display says so in one line instead of letting Qt abort."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.display_check import display_problem, xcb_plugin_path
from tests.cli import run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Windows and macOS always have a display")


def _without_display(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": "", "RULING_DESK_DATA_DIR": str(tmp_path), **extra}


def test_no_display_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    result = run_cli(env=_without_display(tmp_path), timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "ruling-desk: cannot open a window: no display (DISPLAY and WAYLAND_DISPLAY are unset;"
        " QT_QPA_PLATFORM=offscreen runs headless)"
    ]
    assert not (tmp_path / "embedded-server.json").exists(), "nothing should start before the display is checked"


def test_wayland_asked_for_without_a_wayland_display(tmp_path: Path) -> None:
    result = run_cli(env=_without_display(tmp_path, QT_QPA_PLATFORM="wayland", DISPLAY=":0"), timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "ruling-desk: cannot open a window: QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set"
    )


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "offscreen:fontengine=freetype"])
def test_a_headless_platform_needs_no_display(platform: str) -> None:
    assert display_problem({"QT_QPA_PLATFORM": platform}) is None


def test_the_xcb_check_agrees_with_the_dynamic_loader() -> None:
    """Where ldd finds the xcb plugin's libraries missing, the check names one of them; else it passes."""
    ldd = shutil.which("ldd")
    if ldd is None:
        pytest.fail("ldd is not installed: cannot cross-check the xcb plugin's libraries")
    listing = subprocess.run([ldd, str(xcb_plugin_path())], capture_output=True, text=True, check=True).stdout
    missing = [line.split()[0] for line in listing.splitlines() if "not found" in line]
    problem = display_problem({"DISPLAY": ":0"})
    if missing:
        assert problem is not None
        assert any(name in problem for name in missing), problem
        assert "apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in problem
    else:
        assert problem is None
