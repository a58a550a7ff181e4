"""Errors the composition root reports to the user as a single line."""

from services.driver_errors import first_line

__all__ = ["CommandError", "first_line"]


class CommandError(RuntimeError):
    """A user-facing failure of a command; printed as one line, exit status 1."""
