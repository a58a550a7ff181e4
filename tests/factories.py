"""Small, explicit SQL inserts for tests: a company, property, folder, entry, applicant.

Plain SQL through a psycopg connection, not the ORM or the services: a
test's setup should not depend on the code under test, and reading the
INSERT tells exactly which columns a test relies on. Values are
deterministic; every helper returns the new row's id. The caller owns the
connection and its transaction (use ``autocommit=True`` or commit).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

DEFAULT_SUBMITTED_AT = datetime.datetime(2025, 1, 6, 9, 0)
"""Naive UTC, like every timestamp in the schema."""


def insert_company(
    conn: psycopg.Connection[Any], *, name: str = "Acme Residential", short_id: str = "C-0001"
) -> uuid.UUID:
    return _returning_id(conn, "INSERT INTO companies (name, short_id) VALUES (%s, %s) RETURNING id", (name, short_id))


def insert_property(
    conn: psycopg.Connection[Any], company_id: uuid.UUID, *, name: str = "Maple Court", short_id: str = "P-0001"
) -> uuid.UUID:
    return _returning_id(
        conn,
        "INSERT INTO properties (company_id, name, short_id) VALUES (%s, %s, %s) RETURNING id",
        (company_id, name, short_id),
    )


def insert_folder(
    conn: psycopg.Connection[Any],
    property_id: uuid.UUID | None,
    *,
    name: str = "Jane Doe",
    property_name: str | None = "Maple Court",
) -> uuid.UUID:
    """A folder with ``property_name`` denormalised as the schema keeps it (``None`` to leave it out)."""
    return _returning_id(
        conn,
        """
        INSERT INTO folders (property_id, company_id, name, property_name)
        VALUES (
            %(property_id)s,
            (SELECT company_id FROM properties WHERE id = %(property_id)s),
            %(name)s,
            %(property_name)s
        )
        RETURNING id
        """,
        {"property_id": property_id, "name": name, "property_name": property_name},
    )


def insert_entry(
    conn: psycopg.Connection[Any],
    folder_id: uuid.UUID | None,
    *,
    short_id: str,
    submission_time: datetime.datetime | None = DEFAULT_SUBMITTED_AT,
    review_status: str = "UNASSIGNED",
    suggested_ruling: str = "NOT_RUN",
    entry_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """An entry; pass ``entry_id`` to control tie-breaking order between equal submission times."""
    return _returning_id(
        conn,
        """
        INSERT INTO entries (id, folder_id, short_id, submission_time, review_status, suggested_ruling)
        VALUES (%s, %s, %s, %s, %s, %s)
        RETURNING id
        """,
        (entry_id or uuid.uuid4(), folder_id, short_id, submission_time, review_status, suggested_ruling),
    )


def insert_applicant(
    conn: psycopg.Connection[Any],
    entry_id: uuid.UUID,
    *,
    full_name: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    inserted_at: datetime.datetime = DEFAULT_SUBMITTED_AT,
) -> uuid.UUID:
    return _returning_id(
        conn,
        """
        INSERT INTO applicants (entry_id, full_name, first_name, last_name, inserted_at, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s)
        RETURNING id
        """,
        (entry_id, full_name, first_name, last_name, inserted_at, inserted_at),
    )


@dataclass(frozen=True)
class Screening:
    """Ids of one entry with everything it hangs off."""

    company_id: uuid.UUID
    property_id: uuid.UUID
    folder_id: uuid.UUID
    entry_id: uuid.UUID
    applicant_id: uuid.UUID


def insert_screening(
    conn: psycopg.Connection[Any],
    *,
    short_id: str,
    applicant: str = "Jane Doe",
    property_name: str = "Maple Court",
    submission_time: datetime.datetime | None = DEFAULT_SUBMITTED_AT,
    review_status: str = "UNASSIGNED",
    suggested_ruling: str = "NOT_RUN",
) -> Screening:
    """One entry with its own company, property, folder and a single applicant."""
    company_id = insert_company(conn, name=f"{property_name} Management")
    property_id = insert_property(conn, company_id, name=property_name)
    folder_id = insert_folder(conn, property_id, name=applicant, property_name=property_name)
    entry_id = insert_entry(
        conn,
        folder_id,
        short_id=short_id,
        submission_time=submission_time,
        review_status=review_status,
        suggested_ruling=suggested_ruling,
    )
    applicant_id = insert_applicant(conn, entry_id, full_name=applicant)
    return Screening(company_id, property_id, folder_id, entry_id, applicant_id)


def insert_open_entries(conn: psycopg.Connection[Any], count: int, *, prefix: str = "B") -> uuid.UUID:
    """``count`` unassigned entries a minute apart in one folder (with one applicant each); returns the folder."""
    company_id = insert_company(conn, name=f"{prefix} Holdings", short_id=f"{prefix}-C")
    property_id = insert_property(conn, company_id, name=f"{prefix} Towers", short_id=f"{prefix}-P")
    folder_id = insert_folder(conn, property_id, name=f"{prefix} folder", property_name=f"{prefix} Towers")
    for number in range(count):
        entry_id = insert_entry(
            conn,
            folder_id,
            short_id=f"{prefix}-{number:07d}",
            submission_time=DEFAULT_SUBMITTED_AT + datetime.timedelta(minutes=number),
        )
        insert_applicant(conn, entry_id, full_name=f"Applicant {number}")
    return folder_id


def _returning_id(
    conn: psycopg.Connection[Any], sql: str, params: Sequence[object] | Mapping[str, object]
) -> uuid.UUID:
    row = conn.execute(sql, params).fetchone()
    assert row is not None
    return row[0]
