"""The report tests' own small world, in this module's database."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.integration.reports.report_world import ReportWorld, build_report_world
from tests.security_roles import Logins


@pytest.fixture(scope="module")
def report_world(migrated_libpq_url: str) -> Iterator[ReportWorld]:
    logins = Logins(migrated_libpq_url)
    try:
        with psycopg.connect(migrated_libpq_url, autocommit=True) as owner:
            world = build_report_world(owner, logins)
        yield world
    finally:
        logins.drop_all()
