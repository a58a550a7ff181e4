"""Fixtures of the reviewer's-day tests: review staff who can sign in, and a database per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import TestServer
from tests.reviewer_desk import Desk, StaffLogins, desk_database, staff_logins

CLAIMERS = 20
"""Extra reviewers (``reviewer-0`` …) for the concurrent claim test."""


@pytest.fixture(scope="module")
def staff(pg_server: TestServer) -> Iterator[StaffLogins]:
    with staff_logins(pg_server, extra_reviewers=CLAIMERS) as logins:
        yield logins


@pytest.fixture
def desk(pg_server: TestServer, migrated_template: str, staff: StaffLogins) -> Iterator[Desk]:
    """A fresh database at head with the staff's ``users`` rows (claim-next sees the whole pool)."""
    with desk_database(pg_server, migrated_template, staff) as database:
        yield database
