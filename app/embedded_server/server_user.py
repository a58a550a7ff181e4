"""Which operating-system user the embedded PostgreSQL runs as.

PostgreSQL refuses to run as root. Containers and CI run us as root, so in
that case every server binary is started through ``setpriv`` (or ``runuser``
where ``setpriv`` is missing) as an unprivileged user, ``nobody`` unless
``RULING_DESK_SERVER_USER`` names another, the way container images of
PostgreSQL do it. Everywhere else (a reviewer's own account, Windows, macOS)
the server simply runs as the current user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SERVER_USER_ENV = "RULING_DESK_SERVER_USER"


@dataclass(frozen=True)
class ServerUser:
    """The account the server processes run as, and how to become it."""

    name: str | None
    uid: int | None
    gid: int | None

    @property
    def is_dropped(self) -> bool:
        """True when we are root and must drop privileges for the server."""
        return self.uid is not None

    def command(self, argv: list[str]) -> list[str]:
        """Wrap ``argv`` so it runs as this user."""
        if not self.is_dropped:
            return argv
        if shutil.which("setpriv"):
            return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups", "--", *argv]
        if shutil.which("runuser"):
            return ["runuser", "-u", str(self.name), "--", *argv]
        raise PermissionError("running as root, and neither setpriv nor runuser is available to drop privileges")

    def give(self, path: Path) -> None:
        """Hand ``path`` (a file or directory we created) to the server user."""
        if self.is_dropped:
            os.chown(path, self.uid, self.gid)  # type: ignore[arg-type]

    def can_reach(self, path: Path) -> bool:
        """Whether the server user can traverse to and read ``path``."""
        if not self.is_dropped:
            return True
        probe = self.command(["test", "-r", str(path), "-a", "-x", str(path)])
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def current_server_user() -> ServerUser:
    """The server user for this process: ourselves, or an unprivileged one when root."""
    if sys.platform == "win32" or os.geteuid() != 0:
        return ServerUser(name=None, uid=None, gid=None)
    import pwd  # POSIX only; imported here so Windows never touches it

    name = os.environ.get(SERVER_USER_ENV, "nobody")
    try:
        record = pwd.getpwnam(name)
    except KeyError as missing:
        raise PermissionError(f"running as root, and the server user {name!r} does not exist") from missing
    return ServerUser(name=name, uid=record.pw_uid, gid=record.pw_gid)
