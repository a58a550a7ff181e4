"""The plans behind the queue's speed, read from PostgreSQL itself on enough rows to make the planner choose.

The promises of revisions 0013, 0018 and 0019, each checked on the plan
the signed-in person's own statement really gets (``auto_explain`` hands
every plan, nested ones included, back to the client as a notice):

- a reviewer's search of open work reads the open entries' trigram index,
  though ``ILIKE`` is not leakproof and row-level security would keep it
  out of an index scan in the reviewer's own query; a search of Recently
  completed starts from the reviewer's own rulings;
- a property manager's page starts from their folders and never reads the
  queue's status ranges, which hold every company's entries;
- a company admin's page, in queue order, checks each row's folder by one
  probe instead of first gathering every folder of the company.

The data: one company of 40 properties with 500 folders of one entry each;
one entry in two is open. The property manager is granted two properties.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from psycopg.rows import namedtuple_row
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import Select

from services.queue import OPEN_STATUSES, page_statement
from services.queue_query import QueueFilters, QueueQuery, QueueViewKind
from services.queue_scope import QueueScope
from services.queue_search import ENTRY_QUEUE, search_statement
from services.queue_sla import utc_now
from tests.conftest import TestServer
from tests.factories import insert_company
from tests.security_roles import Logins, Person

PROPERTIES = 40
FOLDERS_PER_PROPERTY = 500
SEEDED = """
    WITH p AS (
        INSERT INTO properties (company_id, name, short_id)
        SELECT %(company)s, 'Property ' || n, 'P-' || n FROM generate_series(1, %(properties)s) AS n
        RETURNING id
    ), f AS (
        INSERT INTO folders (property_id, name)
        SELECT p.id, 'Folder' FROM p, generate_series(1, %(per_property)s)
        RETURNING id
    ), numbered AS (
        SELECT id AS folder_id, row_number() OVER (ORDER BY id) AS n FROM f
    ), e AS (
        INSERT INTO entries (folder_id, short_id, submission_time, review_status)
        SELECT folder_id, 'E-' || n, timestamp '2025-01-01' + n * interval '1 minute',
               CASE WHEN n %% 2 = 0 THEN 'UNASSIGNED' ELSE 'COMPLETED' END
        FROM numbered
        RETURNING id, short_id
    )
    INSERT INTO applicants (entry_id, first_name, last_name, email)
    SELECT id, 'Applicant', surname, surname || '@example.com'
    FROM e, LATERAL (SELECT encode(sha256(convert_to(short_id, 'UTF8')), 'base64') AS surname) AS drawn
"""
SEARCHED = "E-1230"
"""An open entry: the search asks for a piece of its applicant's (random-looking) surname and email."""


@dataclass(frozen=True)
class PlannedWorld:
    logins: Logins
    reviewer: Person
    manager: Person
    company_admin: Person


@pytest.fixture(scope="module")
def planned(pg_server: TestServer, migrated_template: str) -> Iterator[PlannedWorld]:
    name = pg_server.create_database("plans", template=migrated_template)
    owner_url = pg_server.libpq_url(name)
    logins = Logins(owner_url)
    try:
        with psycopg.connect(owner_url, autocommit=True) as owner:
            company = insert_company(owner, name="Spruce Homes", short_id="C-S")
            owner.execute(SEEDED, {"company": company, "properties": PROPERTIES, "per_property": FOLDERS_PER_PROPERTY})
            # As autovacuum would: VACUUM moves GIN's pending list (rows added since the index was built,
            # here all of them) into the index proper, and ANALYZE gives the planner the sizes.
            owner.execute("VACUUM ANALYZE")
            granted = [row[0] for row in owner.execute("SELECT id FROM properties ORDER BY short_id LIMIT 2")]
            reviewer = logins.person(owner, "plan-reviewer", "reviewer")
            manager = logins.person(
                owner, "plan-manager", "property_manager", company_id=company, property_ids=tuple(granted)
            )
            company_admin = logins.person(owner, "plan-company-admin", "admin", company_id=company)
            for person in (reviewer, manager, company_admin):
                _explain_everything(owner, person.login)
        yield PlannedWorld(logins, reviewer, manager, company_admin)
    finally:
        logins.drop_all()


def _explain_everything(owner: psycopg.Connection, login: str) -> None:
    """Have ``auto_explain`` send the plan of every statement ``login`` runs, nested ones too, as a notice."""
    for setting, value in (
        ("session_preload_libraries", "auto_explain"),
        ("auto_explain.log_min_duration", "0"),
        ("auto_explain.log_nested_statements", "on"),
        ("auto_explain.log_level", "notice"),
        ("auto_explain.log_format", "json"),
    ):
        owner.execute(f'ALTER ROLE "{login}" SET {setting} = {value!r}')


def _plans_of(world: PlannedWorld, person: Person, statement: Select[Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    """The rows ``statement`` returns as ``person``, and the plan nodes of everything it ran."""
    compiled = statement.compile(
        dialect=postgresql.psycopg.dialect(),  # type: ignore[attr-defined]
        compile_kwargs={"render_postcompile": True},
    )
    params = {key: getattr(value, "value", value) for key, value in compiled.params.items()}
    notices: list[str] = []
    with world.logins.connect(person.login) as conn:
        conn.row_factory = namedtuple_row
        conn.add_notice_handler(lambda notice: notices.append(notice.message_primary or ""))
        rows = conn.execute(str(compiled), params).fetchall()
    nodes: list[dict[str, Any]] = []
    for notice in notices:
        _, _, text = notice.partition("plan:")
        if text.strip():
            _walk(json.loads(text)["Plan"], nodes)
    assert nodes, "auto_explain sent no plans"
    return rows, nodes


def _walk(node: dict[str, Any], into: list[dict[str, Any]]) -> None:
    into.append(node)
    for child in node.get("Plans", ()):
        _walk(child, into)


def _indexes(nodes: list[dict[str, Any]]) -> set[str]:
    return {node["Index Name"] for node in nodes if "Index Name" in node}


def _scanned_tables(nodes: list[dict[str, Any]], node_type: str) -> set[str]:
    return {node["Relation Name"] for node in nodes if node["Node Type"] == node_type}


def _searched_piece() -> str:
    surname = base64.b64encode(hashlib.sha256(SEARCHED.encode()).digest()).decode()
    return surname[3:13].swapcase()  # from inside the name, in another case


def test_a_reviewers_search_of_open_work_reads_the_open_entries_index(planned: PlannedWorld) -> None:
    query = QueueQuery(QueueViewKind.POOL, QueueFilters(search=_searched_piece()))
    statement = search_statement(ENTRY_QUEUE, query, None, 51, utc_now())

    rows, nodes = _plans_of(planned, planned.reviewer, statement)

    assert [row.short_id for row in rows] == [SEARCHED]
    assert "ix_open_entry_search_trigram" in _indexes(nodes)
    assert not {"applicants", "open_entry_search"} & _scanned_tables(nodes, "Seq Scan")


def test_a_reviewers_search_of_completed_work_tests_their_own_rulings(planned: PlannedWorld) -> None:
    query = QueueQuery(QueueViewKind.COMPLETED, QueueFilters(search=_searched_piece()))
    statement = search_statement(ENTRY_QUEUE, query, None, 51, utc_now())

    rows, nodes = _plans_of(planned, planned.reviewer, statement)

    assert rows == []  # the entry is open, and nobody has ruled on anything here
    assert "ix_entries_reviewer_id" in _indexes(nodes)
    assert "open_entry_search" not in {node.get("Relation Name") for node in nodes}
    assert not {"applicants", "entries"} & _scanned_tables(nodes, "Seq Scan")


def test_a_short_search_still_finds_its_rows_by_reading_the_queue_in_order(planned: PlannedWorld) -> None:
    query = QueueQuery(QueueViewKind.POOL, QueueFilters(search="e-"))  # every short id, in any case
    statement = search_statement(ENTRY_QUEUE, query, None, PROPERTIES * FOLDERS_PER_PROPERTY, utc_now())

    rows, nodes = _plans_of(planned, planned.reviewer, statement)

    assert len(rows) == PROPERTIES * FOLDERS_PER_PROPERTY // 2  # every open entry
    assert "ix_entries_review_queue" in _indexes(nodes)


def test_a_property_managers_page_starts_from_their_folders(planned: PlannedWorld) -> None:
    statement = page_statement(sorted(OPEN_STATUSES), None, 51, QueueScope.VISIBLE_FOLDERS)

    rows, nodes = _plans_of(planned, planned.manager, statement)

    with psycopg.connect(planned.logins.owner_url) as owner:
        theirs = owner.execute(
            "SELECT e.short_id FROM entries AS e JOIN folders AS f ON f.id = e.folder_id"
            " JOIN users_properties AS up ON up.property_id = f.property_id AND up.user_id = %s"
            " WHERE e.review_status = 'UNASSIGNED' ORDER BY e.submission_time, e.id",
            (planned.manager.user_id,),
        ).fetchall()
    assert len(theirs) > 51  # a full page of theirs, of the ~500 open entries in their two properties
    assert [row.short_id for row in rows] == [short_id for (short_id,) in theirs[:51]]
    assert "ix_entries_folder_queue" in _indexes(nodes)
    assert "ix_entries_review_queue" not in _indexes(nodes)
    assert "entries" not in _scanned_tables(nodes, "Seq Scan")


def test_a_company_admins_page_probes_each_rows_folder_instead_of_gathering_the_company(planned: PlannedWorld) -> None:
    statement = page_statement(sorted(OPEN_STATUSES), None, 51, QueueScope.QUEUE_ORDER)

    rows, nodes = _plans_of(planned, planned.company_admin, statement)

    with psycopg.connect(planned.logins.owner_url) as owner:
        first = owner.execute(
            "SELECT short_id FROM entries WHERE review_status = 'UNASSIGNED' ORDER BY submission_time, id LIMIT 51"
        ).fetchall()
    assert [row.short_id for row in rows] == [short_id for (short_id,) in first]
    filters = [node.get("Filter", "") for node in nodes]
    assert not [text for text in filters if "hashed SubPlan" in text], filters  # no set of all 20,000 folders
    assert "ix_folders_property_id" not in _indexes(nodes)
    assert "folders" not in _scanned_tables(nodes, "Seq Scan")
