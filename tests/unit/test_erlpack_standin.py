"""``oban`` imports on a workstation without ``erlpack``; a real ``erlpack`` still wins where installed.

Each case runs in a fresh interpreter, so the import order is the real one.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest

from services.erlpack_standin import NEEDS_ERLPACK

REPO = Path(__file__).resolve().parents[2]


def _python(code: str, *, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    prefix = f"import sys; sys.path.insert(0, {str(extra_path)!r})\n" if extra_path else ""
    return subprocess.run(
        [sys.executable, "-c", prefix + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )


def test_the_workstation_environment_has_no_erlpack() -> None:
    """The dev environment is the workstation's (``uv sync`` without ``--extra worker``)."""
    with pytest.raises(PackageNotFoundError):
        distribution("erlpack")


def test_oban_imports_and_a_record_fails_with_a_clear_message() -> None:
    result = _python(
        """
        import services
        import oban
        from oban import Record
        try:
            Record({"id": 1})
        except RuntimeError as failure:
            print(failure)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == NEEDS_ERLPACK


def test_a_real_erlpack_is_used_when_installed(tmp_path: Path) -> None:
    (tmp_path / "erlpack.py").write_text("def pack(value):\n    return b'real'\n\ndef unpack(data):\n    return data\n")
    result = _python(
        """
        import services
        from oban import Record
        print(Record({"id": 1}).encoded)
        """,
        extra_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cmVhbA"  # base64 of b"real", unpadded: the real module encoded it
