"""The embedded PostgreSQL, driven through the real ``ruling-desk db`` commands.

Each test gets its own data directory and therefore its own cluster, so
lifecycle accidents (a killed postmaster, a corrupt cluster) stay contained.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from app.embedded_server import EmbeddedServer
from app.embedded_server.server import AUTH_DELAY_MS
from tests.cli import run_cli, start_cli


def _postmaster_uid(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    raise AssertionError(f"no Uid line for pid {pid}")


def test_start_url_status_stop_round_trip(data_dir: Path) -> None:
    started = run_cli("db", "start", "--data-dir", str(data_dir))
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("started")

    url = run_cli("db", "url", "--data-dir", str(data_dir)).stdout.strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database(), current_user").fetchone() == ("ruling_desk", "postgres")
        # Unix socket only: no TCP listener unless asked.
        assert conn.execute("SHOW listen_addresses").fetchone() == ("",)
        assert conn.execute("SHOW password_encryption").fetchone() == ("scram-sha-256",)

    password_file = data_dir / "owner-password"
    assert password_file.stat().st_mode & 0o777 == 0o600
    without_password = url.replace(password_file.read_text().strip(), "wrong-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(without_password).close()

    status = run_cli("db", "status", "--data-dir", str(data_dir))
    assert status.returncode == 0, status.stderr
    assert "embedded server: running" in status.stdout

    assert run_cli("db", "start", "--data-dir", str(data_dir)).stdout.startswith("already running")
    assert run_cli("db", "stop", "--data-dir", str(data_dir)).stdout.strip() == "stopped"
    assert "embedded server: stopped" in run_cli("db", "status", "--data-dir", str(data_dir)).stdout
    assert run_cli("db", "stop", "--data-dir", str(data_dir)).stdout.strip() == "not running"


def test_data_dir_from_environment(data_dir: Path) -> None:
    result = run_cli("db", "start", env={"RULING_DESK_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert (data_dir / "postgres" / "data" / "PG_VERSION").exists()


def test_two_processes_starting_at_once_get_one_server(data_dir: Path) -> None:
    racers = [start_cli("db", "start", "--data-dir", str(data_dir)) for _ in range(2)]
    outcomes = sorted(racer.communicate(timeout=180)[0].split()[0] for racer in racers)
    assert [racer.returncode for racer in racers] == [0, 0]
    assert outcomes == ["already", "started"]


def test_postmaster_runs_unprivileged(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    pid = server.status().pid
    assert pid is not None
    expected = 65534 if os.geteuid() == 0 else os.geteuid()
    assert _postmaster_uid(pid) == expected


def test_stale_pid_file_from_a_reused_pid_is_recovered(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    pid_file = server.status().cluster_dir / "postmaster.pid"
    contents = pid_file.read_text().splitlines()
    server.stop()
    # After a container restart the recorded PID often belongs to another process.
    contents[0] = str(os.getpid())
    pid_file.write_text("\n".join(contents) + "\n")
    assert server.start() is True
    assert server.status().running


def test_killed_postmaster_is_recovered(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    pid = server.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.start() is True
    with psycopg.connect(server.owner_url()) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_failure_is_one_line_with_the_log_path(data_dir: Path) -> None:
    server = EmbeddedServer(data_dir)
    server.start()
    server.stop()
    (server.status().cluster_dir / "PG_VERSION").write_text("7\n")  # a cluster from the distant past
    result = run_cli("db", "start", "--data-dir", str(data_dir))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ruling-desk: PostgreSQL did not start")
    assert "postgres.log" in lines[0]
    assert "Traceback" not in result.stderr


def test_database_url_never_starts_an_embedded_server(data_dir: Path, pg_server) -> None:
    url = pg_server.libpq_url("postgres")
    refused = run_cli("db", "start", "--data-dir", str(data_dir), "--database-url", url)
    assert refused.returncode == 1
    assert "database URL is configured" in refused.stderr

    status = run_cli("db", "status", "--data-dir", str(data_dir), env={"RULING_DESK_DATABASE_URL": url})
    assert status.returncode == 0, status.stderr
    assert "central server" in status.stdout
    assert "server version: 18" in status.stdout
    assert not (data_dir / "embedded-server.json").exists()
    assert not (data_dir / "postgres").exists()


def test_unreachable_database_url_is_one_line() -> None:
    result = run_cli("db", "status", "--database-url", "postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2")
    assert result.returncode == 1
    assert result.stderr.startswith("ruling-desk: cannot connect:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_private_data_dir_gets_a_cluster_the_server_user_can_reach() -> None:
    """As root the server user cannot enter a 0700 home, so the cluster moves out of it."""
    private_parent = Path(tempfile.mkdtemp(prefix="rd-private-"))  # mode 0700, like /root
    data_dir = private_parent / "data"
    server = EmbeddedServer(data_dir)
    try:
        assert server.start() is True
        placement = json.loads((data_dir / "embedded-server.json").read_text())
        if os.geteuid() == 0:
            assert placement["home"].startswith("/var/lib/ruling-desk/clusters/")
        else:
            assert placement["home"] == str(data_dir / "postgres")
        with psycopg.connect(server.owner_url()) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        server.stop()
        shutil.rmtree(json.loads((data_dir / "embedded-server.json").read_text())["home"], ignore_errors=True)
        shutil.rmtree(private_parent, ignore_errors=True)


def _start_owned_server_in_a_process(data_dir: Path) -> subprocess.Popen[str]:
    """A workstation-like process: it starts (and would own) the server, then waits to be killed."""
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from app.embedded_server import EmbeddedServer\n"
            "server = EmbeddedServer(__import__('pathlib').Path(sys.argv[1]))\n"
            "print(server.start(), flush=True)\n"
            "time.sleep(600)\n",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert owner.stdout is not None
    assert owner.stdout.readline().strip() == "True"
    return owner


def test_a_server_left_by_a_killed_process_is_adopted_and_stopped(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crashed = _start_owned_server_in_a_process(data_dir)
    crashed.kill()  # SIGKILL: no chance to stop its server
    crashed.wait(timeout=30)
    server = EmbeddedServer(data_dir)
    assert server.status().running, "the leftover server should still be running"

    with caplog.at_level(logging.WARNING, logger="app.embedded_server.server"):
        assert server.start() is True
    assert server.adopted_from == crashed.pid
    assert f"left running by process {crashed.pid}" in caplog.text

    assert server.stop() is True
    assert not server.status().running
    assert not (data_dir / "embedded-server.owner").exists()


def test_a_server_owned_by_a_live_process_is_left_to_it(data_dir: Path) -> None:
    owner = _start_owned_server_in_a_process(data_dir)
    try:
        server = EmbeddedServer(data_dir)
        assert server.start() is False
        assert server.adopted_from is None
    finally:
        owner.kill()
        owner.wait(timeout=30)


def test_db_start_outlives_its_command_and_is_not_adopted(data_dir: Path) -> None:
    assert run_cli("db", "start", "--data-dir", str(data_dir)).returncode == 0
    server = EmbeddedServer(data_dir)
    assert server.start() is False  # a window would leave it running on close
    assert server.adopted_from is None


def test_db_start_says_it_took_over_a_leftover(data_dir: Path) -> None:
    crashed = _start_owned_server_in_a_process(data_dir)
    crashed.kill()
    crashed.wait(timeout=30)
    result = run_cli("db", "start", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("already running")
    assert f"left running by process {crashed.pid}, which ended" in result.stdout
    assert EmbeddedServer(data_dir).start() is False  # now detached, like any 'db start'


def test_failed_sign_ins_are_delayed(pg_server) -> None:
    url = pg_server.libpq_url("postgres")
    with psycopg.connect(url) as conn:
        assert conn.execute("SHOW auth_delay.milliseconds").fetchone() == (f"{AUTH_DELAY_MS}ms",)
    password = pg_server.server.password_file.read_text().strip()
    began = time.monotonic()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(url.replace(password, "wrong-password")).close()
    assert time.monotonic() - began >= AUTH_DELAY_MS / 1000
