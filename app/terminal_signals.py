"""Closing the workstation cleanly when its terminal says so (Ctrl-C, SIGTERM, a closed session).

Python runs signal handlers only between bytecodes, and while Qt waits for
events no Python runs at all, so a bare handler would fire only at the next
mouse move. A short timer keeps handing control back to Python. The handler
does not exit: it closes every window, which takes the same path as a
person closing them (a sign-in dialog cancels, the main window's close
disposes the engine and stops the embedded server this process started).
Once a stop was asked for, every tick closes whatever window opened since
(a signal during start-up may come before the sign-in dialog exists).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

_WAKE_MS = 250
_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None)


@contextmanager
def close_windows_on_terminal_signals(application: QApplication) -> Iterator[None]:
    """While inside the block, SIGINT/SIGTERM close all windows instead of killing the process."""

    stop_requested = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stop_requested
        stop_requested = True
        application.closeAllWindows()

    def on_wake() -> None:  # also what lets Python run, and so the handler, while Qt idles
        if stop_requested:
            application.closeAllWindows()

    previous = {signum: signal.signal(signum, on_signal) for signum in _SIGNALS}
    wake = QTimer()
    wake.timeout.connect(on_wake)
    wake.start(_WAKE_MS)
    try:
        yield
    finally:
        wake.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
