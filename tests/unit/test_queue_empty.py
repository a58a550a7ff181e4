"""Why an empty queue view is empty: the words and the button, decided without Qt."""

from __future__ import annotations

import pytest

from services.queue_query import QueueFilters, QueueViewKind, SlaState
from ui.queue_empty import NO_GRANTS, NOTHING_TO_DO, empty_queue, filtered


@pytest.mark.parametrize("view", list(QueueViewKind))
def test_an_unfiltered_view_has_nothing_to_do_and_offers_a_refresh(view: QueueViewKind) -> None:
    empty = empty_queue(view, QueueFilters(search="   "), granted=True)
    assert empty == NOTHING_TO_DO[view]
    assert (empty.clears_filters, empty.button) == (False, "Refresh")


def test_a_filter_or_a_search_that_matches_nothing_offers_to_clear_them() -> None:
    for filters in (QueueFilters(search="zz"), QueueFilters(sla_state=SlaState.RED), QueueFilters(strong_match=True)):
        assert filtered(filters)
        empty = empty_queue(QueueViewKind.POOL, filters, granted=None)
        assert (empty.title, empty.button) == ("No entries match", "Clear filters")


def test_no_grants_is_the_reason_whatever_the_filters() -> None:
    assert empty_queue(QueueViewKind.POOL, QueueFilters(search="zz"), granted=False) == NO_GRANTS
    assert empty_queue(QueueViewKind.TEAM, QueueFilters(), granted=False).title == "No properties granted to you"
