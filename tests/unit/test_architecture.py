"""The one layering rule, enforced: import-linter contracts run with the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout, result.stdout


def test_import_contracts_catch_a_ui_module_querying_the_database(tmp_path: Path) -> None:
    """A copy of the tree with one offending import must break the contract."""
    for package in ("app", "ui", "services", "models", "migrations"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "ui" / "sneaky_query.py").write_text("import sqlalchemy\n")
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "The UI reaches the database only through services BROKEN" in result.stdout, result.stdout
    assert "ui.sneaky_query -> sqlalchemy" in result.stdout


def test_import_contracts_keep_qt_out_of_the_queue_state(tmp_path: Path) -> None:
    """The queue's state must stay testable without Qt: a Qt import in it breaks its contract."""
    for package in ("app", "ui", "services", "models", "migrations"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "ui" / "queue_state.py").open("a") as state:
        state.write("\nfrom PySide6.QtCore import QObject\n")
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "Queue state is plain Python, tested without Qt BROKEN" in result.stdout, result.stdout
