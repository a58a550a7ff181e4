"""The one layering rule, enforced: import-linter contracts run with the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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
    assert "Contracts: 5 kept, 0 broken." in result.stdout, result.stdout


def test_import_contracts_catch_a_ui_module_querying_the_database(tmp_path: Path) -> None:
    """A copy of the tree with one offending import must break the contract."""
    tree = tree_copy(tmp_path)
    (tree / "ui" / "sneaky_query.py").write_text("import sqlalchemy\n")

    result = lint_imports(tree, "--no-cache")

    assert result.returncode != 0
    assert "The UI reaches the database only through services BROKEN" in result.stdout, result.stdout
    assert "ui.sneaky_query -> sqlalchemy" in result.stdout


def test_import_contracts_catch_a_ui_module_reaching_the_database_through_a_service(tmp_path: Path) -> None:
    """Importing a service module that imports SQLAlchemy is a breach too: result types live apart."""
    tree = tree_copy(tmp_path)
    (tree / "services" / "sneaky_rows.py").write_text("import sqlalchemy\n\n\nclass Row:\n    pass\n")
    (tree / "ui" / "sneaky_view.py").write_text("from services.sneaky_rows import Row\n")

    result = lint_imports(tree, "--no-cache")

    assert result.returncode != 0
    assert "The UI reaches the database only through services BROKEN" in result.stdout, result.stdout
    assert "ui.sneaky_view -> services.sneaky_rows (l.1)" in result.stdout, result.stdout
    assert "services.sneaky_rows -> sqlalchemy" in result.stdout, result.stdout


def test_import_contracts_keep_the_services_off_the_demo_data(tmp_path: Path) -> None:
    """A business rule must not live in (or lean on) the demo generator."""
    tree = tree_copy(tmp_path)
    (tree / "services" / "sneaky_rule.py").write_text("from demo.seed import rulings\n")

    result = lint_imports(tree, "--no-cache")

    assert result.returncode != 0
    assert "Demo data is tooling: only the composition root uses it BROKEN" in result.stdout, result.stdout
    assert "services.sneaky_rule -> demo.seed" in result.stdout, result.stdout
