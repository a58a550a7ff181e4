"""The two kinds of failure a person is shown: a refusal, and "the database is gone".

Every service raises one of these for anything a person should read, so a
UI slot needs exactly two ``except`` clauses and never a driver's message
or a traceback. ``Refusal.message`` is written for the person who asked
("This entry was reassigned to someone else"); :class:`DatabaseUnavailable`
is raised from the unit of work when the server cannot be reached or the
connection broke, so the view can say so and offer a retry while keeping
what the person typed.
"""

from __future__ import annotations


class Refusal(Exception):
    """A use case that did not happen, with ``message`` written for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseUnavailable(Refusal):
    """The database could not be reached or the connection was lost.

    Raised by :class:`services.unit_of_work.UnitOfWork` (see
    :mod:`services.connection_loss` for which failures count). A transaction
    that lost its connection before its ``COMMIT`` was answered may or may
    not have committed; a write use case must be safe to retry.
    """
