"""The report tests' own small world, in this module's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.reports.report_world import ReportWorld, report_world_in


@pytest.fixture(scope="module")
def report_world(migrated_libpq_url: str) -> Iterator[ReportWorld]:
    with report_world_in(migrated_libpq_url) as world:
        yield world
