"""Turning a database failure into the one line a person reads."""

from __future__ import annotations


def first_line(failure: object) -> str:
    """The first line of a failure's message, preferring the driver's own over SQLAlchemy's wrapping.

    SQLAlchemy wraps driver errors in a multi-line message with the statement
    and a help link; a person needs the driver's first line. An exception
    without a message is named by its class.
    """
    reason = getattr(failure, "orig", None) or failure
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__
