"""``ruling-desk seed``'s progress on standard error: rewritten in place on a terminal, every tenth in a log."""

from __future__ import annotations

import io

import pytest

from app.seed_progress import WRITING, SeedProgressLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock() -> list[float]:
    """A settable clock for the rate (the one thing here that is not deterministic)."""
    return [100.0]


def feed(progress: SeedProgressLine, clock: list[float]) -> None:
    progress("preparing documents", 0)
    for written in range(5_000, 100_001, 5_000):
        progress(WRITING, written)
        clock[0] += 0.5
    progress("restoring constraints", 100_000)


def test_into_a_log_a_line_at_every_tenth_with_the_rate(clock: list[float]) -> None:
    log = io.StringIO()
    feed(SeedProgressLine(100_000, log, clock=lambda: clock[0]), clock)
    lines = log.getvalue().splitlines()
    assert lines[0] == "seed: preparing documents…"
    assert lines[1] == "seed: 10,000 / 100,000 entries (10%), 10,000 entries/s"
    assert lines[10] == "seed: 100,000 / 100,000 entries (100%), 10,000 entries/s"
    assert lines[11:] == ["seed: restoring constraints…"]


def test_on_a_terminal_one_line_is_rewritten(clock: list[float]) -> None:
    terminal = Terminal()
    feed(SeedProgressLine(100_000, terminal, clock=lambda: clock[0]), clock)
    text = terminal.getvalue()
    assert text.count("\r") == 20 and text.count("\n") == 3
    assert "\rseed: 100,000 / 100,000 entries (100%), 10,000 entries/s\nseed: restoring constraints…\n" in text
