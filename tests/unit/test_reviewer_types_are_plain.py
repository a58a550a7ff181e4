"""What the reviewer's UI imports from services loads no SQLAlchemy, driver or Qt (the UI contract is transitive)."""

from __future__ import annotations

import subprocess
import sys

import pytest

UI_FACING = (
    "services.case_view",
    "services.claimed",
    "services.review_refusals",
    "services.ruling_submission",
    "services.ruling_drafts",
    "services.ruling_outbox",
    "services.rulings",
)
FORBIDDEN = ("sqlalchemy", "psycopg", "models", "oban", "PySide6")


@pytest.mark.parametrize("module", UI_FACING)
def test_module_imports_nothing_below_services(module: str) -> None:
    probe = f"import sys, {module}; print(sorted({{name.split('.')[0] for name in sys.modules}} & {set(FORBIDDEN)!r}))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", f"{module} loads {result.stdout.strip()}"
