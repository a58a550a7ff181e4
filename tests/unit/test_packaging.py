"""The desktop entry and bundle spec stay consistent with the program they package."""

from __future__ import annotations

import ast
import configparser
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_desktop_entry_launches_the_console_script_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive in desktop entries
    entry.read(ROOT / "packaging" / "ruling-desk.desktop")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] in scripts
    assert (ROOT / "packaging" / "icons" / f"{section['Icon']}.svg").exists()


def test_bundle_spec_and_entry_point_are_valid_python_naming_real_paths() -> None:
    spec = (ROOT / "packaging" / "ruling-desk.spec").read_text()
    ast.parse(spec)
    assert "entry_point.py" in spec
    entry_point = ROOT / "packaging" / "entry_point.py"
    assert "from app.cli import main" in entry_point.read_text()
