"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.security_roles import World, security_world


@pytest.fixture(scope="module")
def world(migrated_libpq_url: str) -> Iterator[World]:
    """People of every role and two companies' data in this module's database (see ``security_world``)."""
    with security_world(migrated_libpq_url) as world:
        yield world
