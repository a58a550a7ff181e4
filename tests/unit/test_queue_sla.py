"""SLA bands from submission time, and the submission-time ranges the server filter uses for them."""

from __future__ import annotations

import datetime

import pytest

from services.queue_query import SlaState
from services.queue_sla import describe_time_left, sla_state, submitted_between

NOW = datetime.datetime(2026, 3, 2, 12, 0)


@pytest.mark.parametrize(
    ("age_hours", "state"),
    [
        (0, SlaState.ON_TRACK),
        (15.99, SlaState.ON_TRACK),
        (16, SlaState.AMBER),
        (21.99, SlaState.AMBER),
        (22, SlaState.RED),
        (23.99, SlaState.RED),
        (24, SlaState.BREACHED),
        (100, SlaState.BREACHED),
    ],
)
def test_band_edges_and_the_filter_range_agree(age_hours: float, state: SlaState) -> None:
    submitted = NOW - datetime.timedelta(hours=age_hours)
    assert sla_state(submitted, NOW) is state
    for band in SlaState:
        after, at_or_before = submitted_between(band, NOW)
        inside = (after is None or submitted > after) and (at_or_before is None or submitted <= at_or_before)
        assert inside == (band is state), band


def test_time_left_reads_as_left_or_breached() -> None:
    assert describe_time_left(NOW - datetime.timedelta(hours=18, minutes=48), NOW) == "5 h 12 min left"
    assert describe_time_left(NOW - datetime.timedelta(hours=27, minutes=5), NOW) == "breached 3 h 05 min ago"
