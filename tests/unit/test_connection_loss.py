"""Which driver failures count as "the database is gone": SQLSTATEs and flags, never message text."""

from __future__ import annotations

import psycopg
import psycopg.errors
import pytest
from sqlalchemy.exc import OperationalError, ProgrammingError

from services.connection_loss import connection_lost, database_unavailable
from services.errors import DatabaseUnavailable, Refusal


@pytest.mark.parametrize("sqlstate", ["08000", "08003", "08006", "08P01", "57P01", "57P02", "57P03", "57P05", "25P03"])
def test_connection_exceptions_and_shutdowns_mean_the_database_is_gone(sqlstate: str) -> None:
    driver_error = psycopg.errors.lookup(sqlstate)("Verbindung verloren")
    assert connection_lost(driver_error)
    assert connection_lost(OperationalError("SELECT 1", {}, driver_error))


def test_a_driver_failure_without_any_server_answer_means_the_database_is_gone() -> None:
    assert connection_lost(psycopg.OperationalError("whatever the words"))


@pytest.mark.parametrize("sqlstate", ["57014", "55P03", "53300", "42501", "23505", "40001"])
def test_server_refusals_with_their_own_sqlstate_are_not_a_lost_connection(sqlstate: str) -> None:
    """A cancelled statement, a lock timeout, too many clients, a permission: the server answered."""
    driver_error = psycopg.errors.lookup(sqlstate)("connection refused")  # the words must not matter
    assert not connection_lost(driver_error)
    assert not connection_lost(ProgrammingError("SELECT 1", {}, driver_error))


def test_sqlalchemy_s_invalidated_connections_are_a_lost_connection() -> None:
    assert connection_lost(OperationalError("SELECT 1", {}, Exception("any"), connection_invalidated=True))
    assert not connection_lost(ValueError("connection refused"))


def test_the_message_is_one_line_naming_the_server_and_libpq_s_reason() -> None:
    failure = psycopg.OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 6543 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?"
    )

    unavailable = database_unavailable(OperationalError(None, None, failure), "127.0.0.1, port 6543")

    assert isinstance(unavailable, DatabaseUnavailable)
    assert isinstance(unavailable, Refusal)
    assert unavailable.message.startswith(
        "Cannot reach the database server (127.0.0.1, port 6543): Connection refused."
    )
    assert "\n" not in unavailable.message
    assert str(unavailable) == unavailable.message
