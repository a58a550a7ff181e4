"""What a refused account operation raises, and how the database's refusals become those errors.

The privileged SQL functions (migration 0003) refuse with distinct
SQLSTATEs and messages written for people; this module keeps those
messages and turns the SQLSTATE into an exception class, so callers catch
meaning (not allowed, already exists, malformed) instead of driver errors.
They are :class:`~services.errors.Refusal` s, so a view shows ``message``
like any other refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import psycopg
from sqlalchemy.exc import DBAPIError

from services.errors import Refusal


class AccountError(Refusal):
    """An account operation that did not happen; ``message`` is written for the person who asked."""


class AccountPermissionError(AccountError):
    """The caller may not do this (SQLSTATE 42501): wrong role, or another company's account."""


class AccountConflictError(AccountError):
    """The account or login already exists (23505), or a same-named database role is not ours (42710)."""


class InvalidAccountRequest(AccountError, ValueError):
    """The request itself is wrong: unknown role, malformed address, no such row, weak password…"""


_ERROR_CLASSES: Final[dict[str, type[AccountError]]] = {
    "42501": AccountPermissionError,
    "23505": AccountConflictError,
    "42710": AccountConflictError,
    "22023": InvalidAccountRequest,
    "P0002": InvalidAccountRequest,
    "23503": InvalidAccountRequest,  # a company, team, owner or property that does not exist
    "23514": InvalidAccountRequest,  # e.g. an API key scope the table's CHECK refuses
}


def sqlstate_and_message(failure: DBAPIError | psycopg.Error) -> tuple[str | None, str]:
    """The driver error's SQLSTATE and its primary message (without SQLAlchemy's statement dump)."""
    original = failure.orig if isinstance(failure, DBAPIError) else failure
    diagnostic = getattr(original, "diag", None)
    message = getattr(diagnostic, "message_primary", None) or str(original)
    return getattr(original, "sqlstate", None), message


@contextmanager
def account_errors() -> Iterator[None]:
    """Turn the account functions' refusals into :class:`AccountError` subclasses; re-raise anything else."""
    try:
        yield
    except (DBAPIError, psycopg.Error) as failure:
        sqlstate, message = sqlstate_and_message(failure)
        error_class = _ERROR_CLASSES.get(sqlstate or "")
        if error_class is None:
            raise
        raise error_class(message) from failure
