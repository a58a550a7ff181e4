"""Running the real ``ruling-desk`` console script from tests.

Every run gets this process's environment without ``RULING_DESK_*``, so a
developer's own data directory or central-server URL never leaks into a
test's command; a test that means to set one passes it in ``env``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).parent / "ruling-desk")


def cli_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("RULING_DESK_")}
    environment.update(env or {})
    return environment


def run_cli(
    *arguments: str, env: dict[str, str] | None = None, stdin: str = "", timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run ``ruling-desk ARGUMENTS`` to completion and capture its output."""
    return subprocess.run(
        [CLI, *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_environment(env),
        check=False,
    )


def start_cli(*arguments: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``ruling-desk ARGUMENTS`` in the background, its output piped."""
    return subprocess.Popen(
        [CLI, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_environment(env)
    )
