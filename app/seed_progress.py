"""How far ``ruling-desk seed`` got, on standard error: a million entries take minutes, not a silent wait.

On a terminal one line is rewritten in place ("412,000 / 1,000,000 entries
(41%), 3,100 entries/s"); into a pipe or a log, a line at every tenth, so
a CI log shows progress without thousands of lines. Standard output keeps
only the final summary, for scripts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

WRITING = "writing entries"
"""The stage that reports entries; the others are announced once each."""


class SeedProgressLine:
    """The ``progress`` callback of :func:`demo.seed.seed_demo_data` for ``total`` entries."""

    def __init__(self, total: int, stream: TextIO, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._total = total
        self._clock_now = clock
        self._stream = stream
        self._rewrites = stream.isatty()
        self._clock: tuple[float, int] | None = None  # when entries were first reported, and how many
        self._tenths_shown = 0
        self._line_open = False

    def __call__(self, stage: str, entries: int) -> None:
        if stage != WRITING:
            self._finish_line()
            print(f"seed: {stage}…", file=self._stream, flush=True)
            return
        now = self._clock_now()
        if self._clock is None:
            self._clock = (now, entries)
        started, first = self._clock
        rate = f", {(entries - first) / (now - started):,.0f} entries/s" if now > started else ""
        text = f"seed: {entries:,} / {self._total:,} entries ({entries / self._total:.0%}){rate}"
        if self._rewrites:
            self._stream.write(f"\r{text}")
            self._stream.flush()
            self._line_open = True
        elif (tenths := entries * 10 // self._total) > self._tenths_shown or entries == self._total:
            self._tenths_shown = max(tenths, self._tenths_shown + 1)
            print(text, file=self._stream, flush=True)

    def _finish_line(self) -> None:
        if self._line_open:
            self._stream.write("\n")
            self._line_open = False
