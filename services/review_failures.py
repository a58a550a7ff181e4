"""How the database's refusals of a reviewer's action become :mod:`services.review_refusals`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from services.accounts.errors import sqlstate_and_message
from services.driver_errors import first_line
from services.errors import DatabaseUnavailable, Refusal
from services.review_refusals import AlreadyRuled, InvalidRuling, NoSuchEntry, NotYourEntry

_BY_SQLSTATE: Final[dict[str, type[Refusal]]] = {
    "42501": NotYourEntry,
    "P0002": NoSuchEntry,
    "22023": InvalidRuling,
    "RD409": AlreadyRuled,
}


@contextmanager
def review_refusals() -> Iterator[None]:
    """Turn the database's refusals into :class:`Refusal` subclasses and a lost server into DatabaseUnavailable."""
    try:
        yield
    except (OperationalError, InterfaceError) as failure:
        raise DatabaseUnavailable(first_line(failure)) from failure
    except DBAPIError as failure:
        sqlstate, message = sqlstate_and_message(failure)
        refusal = _BY_SQLSTATE.get(sqlstate or "")
        if refusal is None:
            raise
        raise refusal(message) from failure
