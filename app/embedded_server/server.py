"""The embedded PostgreSQL a workstation runs when no central server is configured.

Layout inside the data directory (``Settings.data_dir``):

``owner-password``
    the cluster owner's generated password, readable only by the data
    directory's user (mode 0600); the server itself requires SCRAM passwords
    for every role, socket connections included.
``embedded-server.json``
    where the cluster lives and how it listens (socket directory, port).
``postgres/``
    the cluster home: ``data/`` (PGDATA), ``run/`` (the Unix socket) and
    ``postgres.log``. When we run as root and the unprivileged server user
    cannot reach the data directory (a root home is mode 0700), the cluster
    home is placed under ``/var/lib/ruling-desk/clusters/<hash>`` instead and
    recorded in ``embedded-server.json``.

Only a Unix socket is opened unless a TCP port is asked for (Windows always
uses TCP on 127.0.0.1, where libpq has no socket support worth relying on).
Starting is serialised by a file lock, so two processes starting at once get
one server; a ``postmaster.pid`` left behind by a crash is recognised and
removed. Every failure raises :class:`EmbeddedServerError`, whose message is
one line naming the reason and the log file.

A process that starts the server for its own lifetime (a window, a worker)
writes its pid to ``embedded-server.owner`` and holds
``embedded-server.owner.lock`` until it stops the server. If it dies first
(a crash, ``kill -9``) the server keeps running, but the operating system
drops the lock: the next start finds the lock free, adopts the server (so
closing that run stops it) and logs which process left it. ``db start``
starts a detached server that has no owner and is never adopted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from filelock import FileLock, Timeout

from app.embedded_server.binaries import Binaries, locate_binaries
from app.embedded_server.server_user import ServerUser, current_server_user
from services.driver_errors import first_line
from services.private_files import write_private_file

OWNER_ROLE = "postgres"
APP_DATABASE = "ruling_desk"
SOCKET_PORT = 5432
AUTH_DELAY_MS = 500
_SHARED_ROOT = Path("/var/lib/ruling-desk")
_log = logging.getLogger(__name__)
_MAX_SOCKET_DIR = 90  # sun_path is ~104 bytes; leave room for "/.s.PGSQL.NNNNN"


class EmbeddedServerError(RuntimeError):
    """A one-line, user-facing reason why the embedded server could not do its job."""

    def __init__(self, reason: str, log_path: Path | None = None) -> None:
        self.reason = reason
        self.log_path = log_path
        super().__init__(f"{reason} (log: {log_path})" if log_path else reason)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    cluster_dir: Path
    socket_dir: Path | None
    port: int
    version: str | None
    log_path: Path


@dataclass(frozen=True)
class _Placement:
    """Where the cluster lives and how it listens; persisted after initdb."""

    home: Path
    socket_dir: Path | None
    port: int
    tcp: bool


class EmbeddedServer:
    """Start, stop and describe the PostgreSQL cluster inside one data directory."""

    def __init__(self, data_dir: Path, *, tcp_port: int | None = None, durable: bool = True) -> None:
        """``durable=False`` turns off fsync: for throw-away test clusters only."""
        self.data_dir = data_dir
        self._tcp_port = tcp_port
        self._durable = durable
        self._server_user: ServerUser | None = None
        self._binaries: Binaries | None = None
        self._placement_cache: _Placement | None = None
        # Held for as long as this instance owns the running server; the OS
        # releases it when the process dies, which is how a crash is told apart.
        self._owner_lock = FileLock(str(data_dir / "embedded-server.owner.lock"), thread_local=False)
        self.adopted_from: int | None = None

    # ----------------------------------------------------------------- paths
    @property
    def password_file(self) -> Path:
        return self.data_dir / "owner-password"

    @property
    def _placement_file(self) -> Path:
        return self.data_dir / "embedded-server.json"

    @property
    def _lock(self) -> FileLock:
        return FileLock(str(self.data_dir / "embedded-server.lock"), timeout=120)

    @property
    def _owner_file(self) -> Path:
        """The pid of the process that owns the running server; absent for a detached one."""
        return self.data_dir / "embedded-server.owner"

    @property
    def log_path(self) -> Path:
        return self._placement().home / "postgres.log"

    def _pgdata(self) -> Path:
        return self._placement().home / "data"

    # ------------------------------------------------------------- lifecycle
    def start(self, *, detached: bool = False) -> bool:
        """Start the server (initialising the cluster on first use).

        Returns ``True`` if this instance now owns the server and should stop
        it when done: it started it, or adopted one that a process which
        ended (a crash, a kill) left running; :attr:`adopted_from` then names
        that process. Returns ``False`` if it is already running on behalf of
        a live process or of ``db start``. ``detached=True`` (``db start``)
        starts a server that outlives this process and is never adopted later.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            with self._lock:
                if not (self._pgdata() / "PG_VERSION").exists():
                    self._initdb()
                if self._accepting():
                    return self._adopt_if_abandoned(detached=detached)
                self._clear_stale_pid()
                self._pg_ctl_start()
                self._ensure_app_database()
                self._record_owner(detached=detached)
                return True
        except Timeout as waited:
            raise EmbeddedServerError("another process is holding the embedded server lock", self.log_path) from waited
        except (OSError, subprocess.SubprocessError, psycopg.Error) as failure:
            raise EmbeddedServerError(first_line(failure), self.log_path) from failure

    def stop(self) -> bool:
        """Stop the server if it runs; returns whether it was running."""
        if not (self._pgdata() / "PG_VERSION").exists():
            return False
        with self._lock:
            if not self._postmaster_pid():
                self._forget_owner()
                return False
            result = self._run([self._bin("pg_ctl"), "stop", "-D", str(self._pgdata()), "-m", "fast", "-w", "-t", "60"])
            if result.returncode != 0:
                raise EmbeddedServerError(f"PostgreSQL did not stop: {first_line(result.stderr)}", self.log_path)
            self._forget_owner()
            return True

    def status(self) -> ServerStatus:
        placement = self._placement()
        pgdata = self._pgdata()
        version_file = pgdata / "PG_VERSION"
        running = version_file.exists() and self._accepting()
        return ServerStatus(
            running=running,
            pid=self._postmaster_pid() if running else None,
            cluster_dir=pgdata,
            socket_dir=placement.socket_dir,
            port=placement.port,
            version=version_file.read_text().strip() if version_file.exists() else None,
            log_path=self.log_path,
        )

    # ------------------------------------------------------------------ URLs
    def owner_url(self, dbname: str = APP_DATABASE) -> str:
        """libpq URI of the cluster owner, accepted by ``psql`` and ``psycopg.connect``."""
        if not self.password_file.exists():
            raise EmbeddedServerError(
                f"the embedded server in {self.data_dir} has not been initialised; run 'db start'"
            )
        password = quote(self.password_file.read_text().strip(), safe="")
        placement = self._placement()
        if placement.tcp:
            return f"postgresql://{OWNER_ROLE}:{password}@127.0.0.1:{placement.port}/{dbname}"
        host = quote(str(placement.socket_dir), safe="")
        return f"postgresql://{OWNER_ROLE}:{password}@/{dbname}?host={host}&port={placement.port}"

    # -------------------------------------------------------------- ownership
    def _record_owner(self, *, detached: bool) -> None:
        if detached:
            self._forget_owner()
            return
        with contextlib.suppress(Timeout):  # a live process that stopped our server may still hold it
            self._owner_lock.acquire(blocking=False)
        self._owner_file.write_text(f"{os.getpid()}\n")

    def _recorded_owner(self) -> int | None:
        try:
            return int(self._owner_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def _adopt_if_abandoned(self, *, detached: bool) -> bool:
        """Take over a running server whose owning process has ended; see :meth:`start`."""
        owner = self._recorded_owner()
        if owner is None or owner == os.getpid():
            return False
        try:
            self._owner_lock.acquire(blocking=False)
        except Timeout:
            return False  # its owner is alive
        self.adopted_from = owner
        if detached:
            self._forget_owner()
            _log.warning("the embedded server left running by process %s (ended) now runs until 'db stop'", owner)
            return False
        self._owner_file.write_text(f"{os.getpid()}\n")
        _log.warning("adopted the embedded server left running by process %s, which ended without stopping it", owner)
        return True

    def _forget_owner(self) -> None:
        self._owner_file.unlink(missing_ok=True)
        if self._owner_lock.is_locked:
            self._owner_lock.release(force=True)

    # ------------------------------------------------------------ internals
    def _user(self) -> ServerUser:
        if self._server_user is None:
            self._server_user = current_server_user()
        return self._server_user

    def _installation(self) -> Binaries:
        if self._binaries is None:
            self._binaries = locate_binaries(self._user(), _SHARED_ROOT)
        return self._binaries

    def _bin(self, program: str) -> str:
        return self._installation().path(program)

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._user().command(argv), capture_output=True, text=True, check=False, cwd=self._cwd())

    def _cwd(self) -> str:
        # A server user must be able to stand in the working directory.
        home = self._placement().home
        return str(home) if home.exists() else os.sep

    def _placement(self) -> _Placement:
        """Where the cluster lives: as recorded at initdb (read once), or as it would be chosen now.

        Only the recorded placement is kept: until initdb has written it,
        another process may initialise the cluster with a choice of its own.
        """
        if self._placement_cache is None and self._placement_file.exists():
            raw = json.loads(self._placement_file.read_text())
            socket_dir = Path(raw["socket_dir"]) if raw.get("socket_dir") else None
            self._placement_cache = _Placement(Path(raw["home"]), socket_dir, int(raw["port"]), bool(raw["tcp"]))
        return self._placement_cache or self._choose_placement()

    def _choose_placement(self) -> _Placement:
        home = self.data_dir / "postgres"
        user = self._user()
        if user.is_dropped and not user.can_reach(self.data_dir):
            digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:16]
            home = _SHARED_ROOT / "clusters" / digest
        tcp = sys.platform == "win32" or self._tcp_port is not None
        if tcp:
            return _Placement(home, None, self._tcp_port or _free_port(), True)
        socket_dir = home / "run"
        if len(str(socket_dir)) > _MAX_SOCKET_DIR:
            digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]
            socket_dir = Path("/tmp") / f"ruling-desk-{digest}"
        return _Placement(home, socket_dir, SOCKET_PORT, False)

    def _initdb(self) -> None:
        placement = self._placement()
        user = self._user()
        for directory in (placement.home, placement.socket_dir):
            if directory is None:
                continue
            directory.mkdir(parents=True, exist_ok=True)
            directory.chmod(0o700)
            user.give(directory)
        if user.is_dropped:
            for parent in placement.home.parents:
                if parent == _SHARED_ROOT.parent:
                    break
                if parent.is_relative_to(_SHARED_ROOT):
                    parent.chmod(0o755)
        password = secrets.token_urlsafe(24)
        write_private_file(self.password_file, password)
        # initdb runs as the server user, so it gets its own short-lived copy.
        pwfile = placement.home / ".initdb-password"
        write_private_file(pwfile, password)
        user.give(pwfile)
        self._placement_file.write_text(
            json.dumps(
                {
                    "home": str(placement.home),
                    "socket_dir": str(placement.socket_dir) if placement.socket_dir else None,
                    "port": placement.port,
                    "tcp": placement.tcp,
                }
            )
        )
        try:
            result = self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(placement.home / "data"),
                    "-U",
                    OWNER_ROLE,
                    f"--pwfile={pwfile}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-locale",
                ]
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            self._placement_file.unlink(missing_ok=True)
            raise EmbeddedServerError(f"initdb failed: {first_line(result.stderr)}", self.log_path)

    def _server_options(self) -> str:
        placement = self._placement()
        options = [f"-p {placement.port}"]
        if placement.tcp:
            options += ["-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''"]
        else:
            options += ["-c listen_addresses=''", f"-c unix_socket_directories='{placement.socket_dir}'"]
        if not self._durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        if self._installation().has_module("auth_delay"):
            # Every failed sign-in waits, so guessing passwords against the socket is slow.
            options += ["-c shared_preload_libraries=auth_delay", f"-c auth_delay.milliseconds={AUTH_DELAY_MS}"]
        return " ".join(options)

    def _pg_ctl_start(self) -> None:
        placement = self._placement()
        if placement.socket_dir is not None and not placement.socket_dir.exists():
            placement.socket_dir.mkdir(parents=True, mode=0o700)
            self._user().give(placement.socket_dir)
        result = self._run(
            [
                self._bin("pg_ctl"),
                "start",
                "-D",
                str(self._pgdata()),
                "-l",
                str(self.log_path),
                "-w",
                "-t",
                "60",
                "-o",
                self._server_options(),
            ]
        )
        if result.returncode != 0 or not self._accepting():
            raise EmbeddedServerError(f"PostgreSQL did not start: {self._last_log_line()}", self.log_path)

    def _accepting(self) -> bool:
        placement = self._placement()
        host = "127.0.0.1" if placement.tcp else str(placement.socket_dir)
        if not placement.tcp and not (placement.socket_dir / f".s.PGSQL.{placement.port}").exists():  # type: ignore[operator]
            return False
        probe = subprocess.run(
            [self._bin("pg_isready"), "-q", "-h", host, "-p", str(placement.port), "-t", "3"],
            capture_output=True,
            check=False,
        )
        return probe.returncode == 0

    def _postmaster_pid(self) -> int | None:
        pid_file = self._pgdata() / "postmaster.pid"
        try:
            return int(pid_file.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _clear_stale_pid(self) -> None:
        """Remove a ``postmaster.pid`` whose process is gone or is not PostgreSQL.

        After a crash or a container restart the PID in the file may be free
        or reused by an unrelated process; PostgreSQL would then refuse to
        start. A live postmaster of ours would have answered ``pg_isready``.
        """
        pid = self._postmaster_pid()
        if pid is None:
            return
        deadline = time.monotonic() + 10
        while _is_postgres_process(pid) and time.monotonic() < deadline:
            if self._accepting():
                return
            time.sleep(0.2)
        if _is_postgres_process(pid):
            raise EmbeddedServerError(
                f"a PostgreSQL process (pid {pid}) holds the cluster but does not answer", self.log_path
            )
        (self._pgdata() / "postmaster.pid").unlink(missing_ok=True)

    def _ensure_app_database(self) -> None:
        with psycopg.connect(self.owner_url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (APP_DATABASE,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{APP_DATABASE}"')

    def _last_log_line(self) -> str:
        try:
            lines = [line for line in self.log_path.read_text(errors="replace").splitlines() if line.strip()]
        except OSError:
            return "no log written"
        return lines[-1] if lines else "no log written"


def _is_postgres_process(pid: int) -> bool:
    """Whether ``pid`` is alive and (where we can tell) a PostgreSQL server."""
    if sys.platform == "win32":
        return False  # pg_ctl on Windows checks the PID itself
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    comm = Path(f"/proc/{pid}/comm")
    if comm.exists():
        return comm.read_text().strip() in {"postgres", "postmaster"}
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
