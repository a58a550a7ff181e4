"""``ruling-desk seed`` and the first-run seeding of the embedded demo database.

Both run :func:`demo.seed.seed_demo_data` on a fresh event loop of
their own: psycopg's async mode needs a selector loop, which on Windows
is not ``asyncio.run``'s default, hence the explicit loop factory there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg

import migrations
from app.async_runner import run_async
from app.connection import open_connection
from app.demo_defaults import DEFAULT_ENTRIES, DEFAULT_SEED
from app.errors import CommandError, first_line
from app.seed_progress import SeedProgressLine
from app.settings import Settings
from demo.seed import DEMO_ACCOUNTS, DatabaseNotEmpty, SeedReport, seed_demo_data
from services.database_urls import libpq_url, sqlalchemy_url


def run_seed(settings: Settings, *, entries: int, seed: int, replace: bool = False) -> int:
    """Migrate to head, load ``entries`` demo screenings and print what was written.

    Refuses (one line, exit status 1, naming ``--replace``) a database that
    already holds demo data unless ``replace`` is set, in which case the
    demo tables are emptied first. Progress goes to standard error.
    """
    if entries < 1:
        raise CommandError("--entries must be at least 1")
    connection = open_connection(settings)
    try:
        try:
            migrations.upgrade(sqlalchemy_url(connection.url), "head")
        except Exception as failure:  # any migration failure: reported as one line with its class
            raise CommandError(
                f"migrating before seeding failed: {type(failure).__name__}: {first_line(failure)}"
            ) from failure
        try:
            progress = SeedProgressLine(entries, sys.stderr)
            seeding = _seed(
                connection.url, settings.documents_dir, entries=entries, seed=seed, replace=replace, progress=progress
            )
            report = run_async(seeding)
        except DatabaseNotEmpty as refusal:
            raise CommandError(f"{refusal}; 'ruling-desk seed --replace' deletes the demo data first") from refusal
        except psycopg.Error as failure:
            raise CommandError(f"seeding failed: {first_line(failure)}") from failure
        except OSError as failure:
            raise CommandError(f"cannot write the demo documents to {settings.documents_dir}: {failure}") from failure
    finally:
        connection.close()
    print(describe(report, seed=seed, documents_dir=settings.documents_dir))
    return 0


def seed_if_empty(url: str, documents_dir: Path, *, entries: int = DEFAULT_ENTRIES, seed: int = DEFAULT_SEED) -> bool:
    """Seed the demo data set unless the database already holds some; return whether it seeded.

    For the workstation's first run on its embedded database, which the
    caller has already migrated. Synchronous (it runs its own event loop):
    call it before the Qt loop starts or from a worker thread. Concurrent
    first runs against one database are safe: seeding holds an advisory
    lock and re-checks for data under it.
    """
    try:
        run_async(_seed(url, documents_dir, entries=entries, seed=seed, replace=False))
    except DatabaseNotEmpty:
        return False
    return True


def describe(report: SeedReport, *, seed: int, documents_dir: Path) -> str:
    """The one-paragraph summary ``ruling-desk seed`` prints."""
    rows = ", ".join(f"{table} {count:,}" for table, count in report.rows.items())
    accounts = ", ".join(account.email for account in DEMO_ACCOUNTS)
    return (
        f"Seeded {report.entries:,} entries with seed {seed} in {report.seconds:.1f} s "
        f"({report.pool_seconds:.1f} s of it preparing {report.documents} demo documents in {documents_dir}). "
        f"Rows written: {rows}. Demo accounts: {accounts}."
    )


async def _seed(
    url: str,
    documents_dir: Path,
    *,
    entries: int,
    seed: int,
    replace: bool,
    progress: SeedProgressLine | None = None,
) -> SeedReport:
    async with await psycopg.AsyncConnection.connect(libpq_url(url)) as conn:
        return await seed_demo_data(
            conn, documents_dir=documents_dir, entries=entries, seed=seed, replace=replace, progress=progress
        )
