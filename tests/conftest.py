"""Session-wide test infrastructure: one real embedded PostgreSQL for the whole run.

The suite starts its own server with the same code the app uses
(:class:`app.embedded_server.EmbeddedServer`) in a throw-away data directory,
migrates a template database once, and gives each test module its own copy
(``CREATE DATABASE … TEMPLATE``), so modules never see each other's rows and
no test pays for migrations. There is no SQLite and no mocked session
anywhere: a test that needs a database gets a real one or fails loudly.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the developer's real keyring (this process and every CLI subprocess the tests start):
# tests that need one install the in-memory backend from tests/keyring_backends.py.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from app.embedded_server import EmbeddedServer
from services.database_urls import libpq_url, sqlalchemy_url
from tests.keyring_backends import MemoryKeyring, installed

TEMPLATE_DATABASE = "rd_template"


class TestServer:
    """The suite's embedded server, with helpers to name its databases."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, server: EmbeddedServer) -> None:
        self.server = server
        self._names = itertools.count(1)

    def libpq_url(self, dbname: str) -> str:
        return self.server.owner_url(dbname)

    def admin_url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL of ``dbname`` as the cluster owner (a superuser)."""
        return sqlalchemy_url(self.server.owner_url(dbname))

    def create_database(self, prefix: str, template: str | None = None) -> str:
        """Create a new database and return its name."""
        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(self.libpq_url("postgres"), autocommit=True) as conn:
            if template:
                # A template must have no other sessions while it is copied.
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    (template,),
                )
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        return name


@contextmanager
def reachable_data_dir(prefix: str) -> Iterator[Path]:
    """A fresh data directory an unprivileged server user can traverse (we may run as root).

    Afterwards any embedded server left running in it (a failed test's) is
    stopped, and the directory removed.
    """
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    directory.chmod(0o755)
    try:
        yield directory
    finally:
        EmbeddedServer(directory).stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_data_dir() -> Iterator[Path]:
    with reachable_data_dir("rd-tests-") as directory:
        yield directory


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data directory of this test's own for an embedded server (see :func:`reachable_data_dir`)."""
    with reachable_data_dir("rd-data-") as directory:
        yield directory


@pytest.fixture(scope="session")
def pg_server(pg_data_dir: Path) -> Iterator[TestServer]:
    server = EmbeddedServer(pg_data_dir, durable=False)
    server.start()
    try:
        yield TestServer(server)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def migrated_template(pg_server: TestServer) -> str:
    """Name of a database migrated to head, used only as a template."""
    import migrations

    with psycopg.connect(pg_server.libpq_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{TEMPLATE_DATABASE}"')
    migrations.upgrade(pg_server.admin_url(TEMPLATE_DATABASE), "head")
    return TEMPLATE_DATABASE


@pytest.fixture
def fresh_database(pg_server: TestServer) -> Callable[[], str]:
    """Factory: the SQLAlchemy URL of a new, empty database."""

    def create() -> str:
        return pg_server.admin_url(pg_server.create_database("fresh"))

    return create


@pytest.fixture(scope="module")
def migrated_url(pg_server: TestServer, migrated_template: str) -> str:
    """SQLAlchemy URL (as the owner) of this module's own database at head."""
    return pg_server.admin_url(pg_server.create_database("mod", template=migrated_template))


@pytest.fixture(scope="module")
def migrated_libpq_url(migrated_url: str) -> str:
    """The same database as :func:`migrated_url`, as a libpq URI for plain psycopg."""
    return libpq_url(migrated_url)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring installed for the test (the OS keyring is never touched)."""
    with installed(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]
