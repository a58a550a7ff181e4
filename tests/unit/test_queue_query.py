"""Saved queue filters round-trip through plain strings, and a stale saved value is dropped, not fatal."""

from __future__ import annotations

import uuid

from services.queue_query import QueueFilters, QueueQuery, QueueViewKind, SlaState, SortColumn


def test_filters_round_trip_through_settings() -> None:
    filters = QueueFilters(
        company_id=uuid.uuid4(),
        property_id=uuid.uuid4(),
        suggested_ruling="FRAUD",
        strong_match=True,
        repeat_applicant=False,
        document_type="paystub",
        sla_state=SlaState.RED,
        search="  jane   doe ",
    )
    stored = filters.to_settings()
    assert all(isinstance(value, str) for value in stored.values())
    assert QueueFilters.from_settings(stored) == filters
    assert filters.search_text == "jane doe"
    assert QueueFilters().to_settings() == {}


def test_a_value_that_no_longer_parses_is_dropped() -> None:
    restored = QueueFilters.from_settings({"company_id": "not-a-uuid", "sla_state": "purple", "search": "x"})
    assert restored == QueueFilters(search="x")


def test_each_view_has_its_default_order() -> None:
    assert QueueQuery(QueueViewKind.POOL).order.column is SortColumn.SUBMITTED
    assert not QueueQuery(QueueViewKind.POOL).order.descending
    completed = QueueQuery(QueueViewKind.COMPLETED).order
    assert (completed.column, completed.descending) == (SortColumn.REVIEWED, True)
