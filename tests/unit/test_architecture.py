"""The one layering rule, enforced: import-linter contracts run with the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "ui", "services", "models", "migrations", "demo")


def lint_imports(cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run([command, *options], cwd=cwd, capture_output=True, text=True, check=False)


def tree_copy(tmp_path: Path) -> Path:
    """The packages and pyproject.toml, copied to break one rule without touching the real tree."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken." in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("offending_files", "contract", "chain"),
    [
        pytest.param(
            {"ui/sneaky_query.py": "import sqlalchemy\n"},
            "The UI reaches the database only through services",
            ["ui.sneaky_query -> sqlalchemy"],
            id="ui-imports-sqlalchemy",
        ),
        pytest.param(
            {
                "services/sneaky_rows.py": "import sqlalchemy\n\n\nclass Row:\n    pass\n",
                "ui/sneaky_view.py": "from services.sneaky_rows import Row\n",
            },
            "The UI reaches the database only through services",
            ["ui.sneaky_view -> services.sneaky_rows (l.1)", "services.sneaky_rows -> sqlalchemy"],
            id="ui-reaches-sqlalchemy-through-a-service",
        ),
        pytest.param(
            {"services/sneaky_rule.py": "from demo.seed import rulings\n"},
            "Demo data is tooling: only the composition root uses it",
            ["services.sneaky_rule -> demo.seed"],
            id="a-service-leans-on-the-demo-data",
        ),
        pytest.param(
            {"ui/queue_state.py": "from PySide6.QtCore import QObject\n"},
            "Queue state is plain Python, tested without Qt",
            ["ui.queue_state -> PySide6"],
            id="qt-in-the-queue-state",
        ),
    ],
)
def test_import_contracts_catch_a_breach(
    tmp_path: Path, offending_files: dict[str, str], contract: str, chain: list[str]
) -> None:
    """A copy of the tree with one offending import (direct or through another module) breaks the contract."""
    tree = tree_copy(tmp_path)
    for path, source in offending_files.items():
        (tree / path).write_text(source)

    result = lint_imports(tree, "--no-cache")

    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout, result.stdout
    for link in chain:
        assert link in result.stdout, result.stdout
