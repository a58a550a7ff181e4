"""``ruling-desk db …``: the embedded server's lifecycle and the schema migrations."""

from __future__ import annotations

import psycopg

import migrations
from app.connection import open_connection
from app.embedded_server import EmbeddedServer
from app.errors import CommandError, first_line
from app.hardening_check import check_hardening, report
from app.settings import Settings
from services.database_urls import libpq_url, redacted, sqlalchemy_url


def run(settings: Settings, action: str, revision: str | None) -> int:
    if action in {"start", "stop"}:
        if not settings.embedded:
            raise CommandError(f"a database URL is configured; there is no embedded server to {action}")
        server = EmbeddedServer(settings.data_dir)
        if action == "start":
            print("started" if server.start(detached=True) else "already running", server.log_path)
            if server.adopted_from is not None:
                print(f"(left running by process {server.adopted_from}, which ended; it now runs until 'db stop')")
        else:
            print("stopped" if server.stop() else "not running")
        return 0
    if action == "url":
        print(settings.database_url or EmbeddedServer(settings.data_dir).owner_url())
        return 0
    if action == "status":
        return _status(settings)
    if action == "check":
        return _check(settings)
    connection = open_connection(settings)
    try:
        try:
            if action == "upgrade":
                migrations.upgrade(sqlalchemy_url(connection.url), revision or "head")
            else:
                migrations.downgrade(sqlalchemy_url(connection.url), revision or "base")
        except Exception as failure:
            raise CommandError(f"{action} failed: {type(failure).__name__}: {first_line(failure)}") from failure
        print(f"{action} to {revision}: done; now at {migrations.current(sqlalchemy_url(connection.url))}")
        return 0
    finally:
        connection.close()


def _check(settings: Settings) -> int:
    """Print which hardening is in place; exit 1 while anything is missing, so scripts can tell."""
    connection = open_connection(settings)
    try:
        with psycopg.connect(libpq_url(connection.url), connect_timeout=5) as conn:
            findings = check_hardening(conn)
    except psycopg.Error as failure:
        raise CommandError(f"cannot check: {first_line(failure)}") from failure
    finally:
        connection.close()
    print(report(findings))
    return 0 if all(finding.in_place for finding in findings) else 1


def _status(settings: Settings) -> int:
    if settings.embedded:
        server = EmbeddedServer(settings.data_dir)
        status = server.status()
        print(f"embedded server: {'running' if status.running else 'stopped'}")
        print(f"  cluster: {status.cluster_dir} (PostgreSQL {status.version or 'not initialised'})")
        print(f"  socket:  {status.socket_dir or '127.0.0.1'} port {status.port}")
        print(f"  log:     {status.log_path}")
        if not status.running:
            return 0
        url = server.owner_url()
    else:
        url = settings.database_url  # type: ignore[assignment]
        print(f"central server: {redacted(url)}")
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as failure:
        raise CommandError(f"cannot connect: {first_line(failure)}") from failure
    print(f"  server version: {version[0] if version else '?'}")
    print(f"  schema revision: {migrations.current(sqlalchemy_url(url)) or 'none'}")
    return 0
