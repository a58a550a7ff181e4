"""What the listener makes of a notification's payload, and how long it waits before reconnecting."""

from __future__ import annotations

import uuid

import pytest

from services.change_listener import backoff_delay, parse_payload
from services.changes import ChangeKind, Changes

ENTRY = uuid.UUID("6ef66851-7407-48cb-ae75-3d1bb8145b84")


def test_an_entry_payload_names_the_entry() -> None:
    assert parse_payload(f"entry:{ENTRY}") == Changes.entries(ENTRY)


def test_other_kinds_carry_their_kind() -> None:
    assert parse_payload(f"api_key:{ENTRY}") == Changes.of(ChangeKind.API_KEY)
    assert parse_payload(f"person:{ENTRY}") == Changes.of(ChangeKind.PERSON)


def test_a_job_payload_carries_its_bigint_id() -> None:
    assert parse_payload("job:9007199254740993") == Changes.of(ChangeKind.JOB)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "entry",
        f"entry{ENTRY}",
        "entry:",
        "entry:not-a-uuid",
        f"entry:{ENTRY}:DROP TABLE entries",
        f"ENTRY:{ENTRY}",
        f"shutdown:{ENTRY}",
        f'{{"entry": "{ENTRY}"}}',
        "job:",
        "job:-1",
        "job:12 ",
        "job:\u00b2",
        f"job:{ENTRY}",
        "api_key:42",
    ],
)
def test_anything_else_is_dropped(payload: str) -> None:
    assert parse_payload(payload) is None


def test_backoff_doubles_up_to_its_cap_with_jitter() -> None:
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (7, 30.0), (10_000, 30.0)):
        delays = [backoff_delay(attempt, first=0.5, cap=30.0) for _ in range(50)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays), (attempt, delays)
        assert len(set(delays)) > 1  # jittered: workstations do not come back in lockstep
