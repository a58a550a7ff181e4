"""The open entries' search index (revision 0018) follows every write, whoever makes it.

The views that hold work search ``rd_private.open_entry_search`` instead of
revision 0013's indexes over every applicant. Triggers keep it, so a write
from anywhere (our services, the client's own systems, the seed's COPY)
must leave it answering exactly what 0013's search answers over the open
entries. Each test writes as the owner, as the client's systems do, then
compares the two for patterns that hit names, emails and short ids.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.factories import insert_applicant, insert_company, insert_entry, insert_folder, insert_property

OPEN = "('UNASSIGNED', 'ASSIGNED', 'IN_REVIEW')"
BY_PARTS = f"""
    SELECT e.id FROM entries AS e
    WHERE e.review_status IN {OPEN} AND (
        e.short_id ILIKE %(pattern)s OR EXISTS (
            SELECT FROM applicants AS a WHERE a.entry_id = e.id AND (
                rd_applicant_name(a.full_name, a.first_name, a.last_name) ILIKE %(pattern)s OR a.email ILIKE %(pattern)s
            )
        )
    )
"""
"""Revision 0013's search, restricted to the open entries: what the index must answer."""
BY_INDEX = "SELECT entry_id FROM rd_private.open_entry_search WHERE haystack ILIKE %(pattern)s"
PATTERNS = ("%ada%", "%LOVELACE%", "%grace hopper%", "%@example.org%", "%e-10%", "%e-2%", "%hopper ada%", "%a_b%")


@pytest.fixture
def owner(migrated_libpq_url: str) -> Iterator[psycopg.Connection[Any]]:
    """The owner, in one transaction the test's end rolls back: each test sees only its own rows."""
    with psycopg.connect(migrated_libpq_url) as conn:
        yield conn
        conn.rollback()


@pytest.fixture
def folder(owner: psycopg.Connection[Any]) -> uuid.UUID:
    return insert_folder(owner, insert_property(owner, insert_company(owner)))


def assert_index_agrees(owner: psycopg.Connection[Any]) -> None:
    indexed = {row[0] for row in owner.execute("SELECT entry_id FROM rd_private.open_entry_search")}
    open_entries = {row[0] for row in owner.execute(f"SELECT id FROM entries WHERE review_status IN {OPEN}")}
    assert indexed == open_entries
    for pattern in PATTERNS:
        expected = {row[0] for row in owner.execute(BY_PARTS, {"pattern": pattern})}
        assert {row[0] for row in owner.execute(BY_INDEX, {"pattern": pattern})} == expected, pattern


def named(owner: psycopg.Connection[Any], entry_id: uuid.UUID, full_name: str, email: str) -> uuid.UUID:
    applicant_id = insert_applicant(owner, entry_id, full_name=full_name)
    owner.execute("UPDATE applicants SET email = %s WHERE id = %s", (email, applicant_id))
    return applicant_id


def found(owner: psycopg.Connection[Any], pattern: str) -> set[uuid.UUID]:
    return {row[0] for row in owner.execute(BY_INDEX, {"pattern": pattern})}


def test_new_entries_and_their_applicants_are_found_by_name_email_and_short_id(
    owner: psycopg.Connection[Any], folder: uuid.UUID
) -> None:
    first = insert_entry(owner, folder, short_id="E-101")
    assert found(owner, "%e-101%") == {first}  # findable before it has an applicant
    named(owner, first, "Ada Lovelace", "ada@example.org")
    second = insert_entry(owner, folder, short_id="E-202", review_status="ASSIGNED")
    owner.execute(
        "INSERT INTO applicants (entry_id, first_name, last_name) VALUES (%s, 'Grace', 'Hopper'), (%s, 'Ada', NULL)",
        (second, second),
    )

    assert found(owner, "%lovelace%") == {first}
    assert found(owner, "%grace hopper%") == {second}
    assert found(owner, "%ada%") == {first, second}
    assert found(owner, "%hopper ada%") == set()  # no match spans two parts
    assert_index_agrees(owner)


def test_a_copy_of_many_rows_is_indexed_as_a_whole(owner: psycopg.Connection[Any], folder: uuid.UUID) -> None:
    ids = [uuid.uuid4() for _ in range(300)]
    with owner.cursor() as cursor:
        with cursor.copy("COPY entries (id, folder_id, short_id, submission_time, review_status) FROM STDIN") as copy:
            for number, entry_id in enumerate(ids):
                status = "COMPLETED" if number % 3 == 0 else "UNASSIGNED"
                copy.write_row((entry_id, folder, f"E-{number}", "2025-01-06 09:00", status))
        with cursor.copy("COPY applicants (entry_id, full_name, email) FROM STDIN") as copy:
            for number, entry_id in enumerate(ids):
                copy.write_row((entry_id, f"Ada Number{number}", f"ada{number}@example.org"))

    assert len(found(owner, "%ada%")) == 200
    assert_index_agrees(owner)


def test_a_ruling_takes_an_entry_out_and_a_reopening_brings_it_back(
    owner: psycopg.Connection[Any], folder: uuid.UUID
) -> None:
    entry = insert_entry(owner, folder, short_id="E-101")
    named(owner, entry, "Ada Lovelace", "ada@example.org")
    for status, searchable in (("ASSIGNED", True), ("IN_REVIEW", True), ("COMPLETED", False), ("UNASSIGNED", True)):
        owner.execute("UPDATE entries SET review_status = %s WHERE id = %s", (status, entry))
        assert found(owner, "%lovelace%") == ({entry} if searchable else set()), status
        assert_index_agrees(owner)


def test_renames_moves_and_deletions_are_followed(owner: psycopg.Connection[Any], folder: uuid.UUID) -> None:
    first = insert_entry(owner, folder, short_id="E-101")
    second = insert_entry(owner, folder, short_id="E-202")
    applicant = named(owner, first, "Ada Lovelace", "ada@example.org")

    owner.execute(
        "UPDATE applicants SET full_name = 'Grace Hopper', email = 'grace@example.com' WHERE id = %s", (applicant,)
    )
    assert found(owner, "%lovelace%") == set() and found(owner, "%hopper%") == {first}
    owner.execute("UPDATE applicants SET entry_id = %s WHERE id = %s", (second, applicant))
    assert found(owner, "%hopper%") == {second}
    owner.execute("UPDATE entries SET short_id = 'E-222' WHERE id = %s", (second,))
    assert found(owner, "%e-222%") == {second} and found(owner, "%e-202%") == set()
    assert_index_agrees(owner)

    owner.execute("DELETE FROM applicants WHERE id = %s", (applicant,))
    assert found(owner, "%hopper%") == set() and found(owner, "%e-222%") == {second}
    owner.execute("DELETE FROM entries WHERE id = %s", (first,))
    assert_index_agrees(owner)


def test_two_people_renaming_two_applicants_of_one_entry_at_once_both_stay_findable(
    migrated_libpq_url: str,
) -> None:
    """Each rename rebuilds the entry's row from what it can see; the second waits for the first, then sees it."""
    with psycopg.connect(migrated_libpq_url, autocommit=True) as setup:
        entry = insert_entry(setup, insert_folder(setup, insert_property(setup, insert_company(setup))), short_id="E-1")
        first = named(setup, entry, "Ada Lovelace", "ada@example.org")
        second = named(setup, entry, "Grace Hopper", "grace@example.org")
    try:
        with psycopg.connect(migrated_libpq_url) as one, psycopg.connect(migrated_libpq_url) as other:
            one.execute("UPDATE applicants SET full_name = 'Ada Byron' WHERE id = %s", (first,))
            renaming = threading.Thread(
                target=lambda: other.execute(
                    "UPDATE applicants SET full_name = 'Grace Murray' WHERE id = %s", (second,)
                )
            )
            renaming.start()
            renaming.join(timeout=0.5)
            assert renaming.is_alive()  # the second rename waits for the first to end
            one.commit()
            renaming.join(timeout=10)
            other.commit()
        with psycopg.connect(migrated_libpq_url) as owner:
            assert found(owner, "%ada byron%") == {entry} and found(owner, "%grace murray%") == {entry}
            assert_index_agrees(owner)
    finally:
        with psycopg.connect(migrated_libpq_url, autocommit=True) as cleanup:
            cleanup.execute("DELETE FROM applicants WHERE entry_id = %s", (entry,))
            cleanup.execute("DELETE FROM entries WHERE id = %s", (entry,))
