"""Turning a database failure into the one line a person reads."""

from __future__ import annotations

import re
from typing import Final

_ERRNO: Final = re.compile(r"\[Errno -?\d+\] ")
"""Python's prefix on resolver errors: noise to the person reading the message."""
_SEVERITY: Final = re.compile(r"^[A-Z]+:\s+")
"""libpq's ``FATAL:  `` (translated on a localised server, but always one upper-case word and a colon)."""


def first_line(failure: object) -> str:
    """The first line of a failure's message, preferring the driver's own over SQLAlchemy's wrapping.

    SQLAlchemy wraps driver errors in a multi-line message with the statement
    and a help link; a person needs the driver's first line. An exception
    without a message is named by its class.
    """
    reason = getattr(failure, "orig", None) or failure
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__


def driver_reason(failure: object) -> str:
    """libpq's reason without its preamble: ``Connection refused``, not three clauses of context.

    Display only: nothing decides anything on this text, which the server
    words in its own language.
    """
    line = first_line(failure)
    reason = line.rpartition("failed: ")[2] if "failed: " in line else line
    return _SEVERITY.sub("", _ERRNO.sub("", reason)).strip().rstrip(".")
