"""Logs and crash reports, written to files the user (or support) can find.

Every command logs to ``ruling-desk.log`` in the log directory, rotated so a
workstation that runs all day never fills the disk. An exception that
escapes everything (in the main thread, another thread, or an asyncio task
on the Qt loop) is written with its traceback to a timestamped
``crash-*.txt`` beside it; the person sees a one-line message, support gets
the whole story.
"""

from __future__ import annotations

import datetime
import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

LOG_FILE = "ruling-desk.log"
_MAX_BYTES = 5 * 1024 * 1024
_BACKUPS = 5


def configure_logging(log_dir: Path, *, level: int = logging.INFO, migrating: bool = False) -> Path:
    """Send the root logger to a rotating file in ``log_dir``; returns the file's path.

    Alembic says a few lines at INFO on every start (every workstation
    checks the embedded schema), which buried the lines that matter, such as
    sign-ins; it is held to warnings unless ``migrating`` (``db upgrade`` /
    ``db downgrade``), where its steps are the story.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.NOTSET if migrating else logging.WARNING)
    _install_crash_hooks(log_dir)
    return path


def write_crash_report(
    log_dir: Path, kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> Path:
    """Write one exception with its traceback to a new crash file and return its path."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = log_dir / f"crash-{stamp}.txt"
    path.write_text("".join(traceback.format_exception(kind, value, tb)), encoding="utf-8")
    logging.getLogger("ruling_desk.crash").error("unhandled %s; report in %s", kind.__name__, path)
    return path


def _install_crash_hooks(log_dir: Path) -> None:
    previous = sys.excepthook

    def on_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            report = write_crash_report(log_dir, kind, value, tb)
            print(f"ruling-desk: unexpected error; details in {report}", file=sys.stderr)
            return
        previous(kind, value, tb)

    def on_thread_uncaught(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            write_crash_report(log_dir, args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = on_uncaught
    threading.excepthook = on_thread_uncaught
