"""The migrated database honours the client's schema documents and our own rules on top of them.

The documents' contract lives in the repository as ``tests/contract/spec_schema.json``
(its ``source`` says how it was extracted). Checked against a database at
head: every documented table and column exists with a compatible type and
the documented nullability; every recommended index exists; seed rows are
there; CHECK / unique / enum constraints reject bad values (each next to a
good value that is accepted, so the rejection is about the value); the
``updated_at`` and text-search triggers work; every foreign key is indexed;
the ORM mappings read back what they wrote.
Each test runs in one transaction that is rolled back.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from sqlalchemy import Connection, Engine, create_engine, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.pool import NullPool

import models
from models.entries import Entry
from models.enums import ProofResult, ProofType, ReviewStatus, SuggestedRuling
from models.proofs import Proof


class SpecColumn(NamedTuple):
    """A documented column: its type as written (lower-cased) and nullability (None: not documented)."""

    type: str
    nullable: bool | None


class SpecIndex(NamedTuple):
    """A recommended index: its leading columns, unique or not, partial (``where``) or not."""

    columns: tuple[str, ...]
    unique: bool
    where: str | None
    documented: str


CONTRACT = json.loads(Path(__file__).resolve().parents[1].joinpath("contract", "spec_schema.json").read_text())
SPEC = {
    table: {column: SpecColumn(**documented) for column, documented in contract["columns"].items()}
    for table, contract in CONTRACT["tables"].items()
}
SPEC_INDEXES = [
    (table, SpecIndex(tuple(index["columns"]), index["unique"], index.get("where"), index["documented"]))
    for table, contract in CONTRACT["tables"].items()
    for index in contract["indexes"]
]
LIVE_INDEXES = Path(__file__).with_name("live_indexes.sql").read_text(encoding="utf-8")

CHECK_VIOLATION = "23514"
UNIQUE_VIOLATION = "23505"
INVALID_TEXT_REPRESENTATION = "22P02"  # e.g. an unknown enum label

# Spec type word -> acceptable information_schema (data_type, udt_name); None matches any udt_name.
# 002's loose words ("varchar" without length, "enum", "array") accept any fitting variant.
COMPATIBLE_TYPES: dict[str, set[tuple[str, str | None]]] = {
    "uuid": {("uuid", None)},
    "varchar": {("character varying", None), ("text", None)},
    "text": {("text", None)},
    "boolean": {("boolean", None)},
    "integer": {("integer", None)},
    "bigint": {("bigint", None)},
    "date": {("date", None)},
    "jsonb": {("jsonb", None)},
    "timestamp": {("timestamp without time zone", None)},
    "tsvector": {("tsvector", None)},
    "user-defined": {("USER-DEFINED", None)},
    "enum": {("USER-DEFINED", None)},
    "array": {("ARRAY", None)},
    "jsonb[]": {("ARRAY", "_jsonb")},
    "uuid[]": {("ARRAY", "_uuid")},
    "text[]": {("ARRAY", "_text")},
    "varchar[]": {("ARRAY", "_varchar")},
}
_VARCHAR_WITH_LENGTH = re.compile(r"^varchar\((\d+)\)$")


class LiveColumn(NamedTuple):
    data_type: str
    udt_name: str
    max_length: int | None
    nullable: bool


def type_problem(spec: SpecColumn, live: LiveColumn) -> str | None:
    """Why ``live`` does not fit the documented type, or None if it does."""
    sized = _VARCHAR_WITH_LENGTH.match(spec.type)
    if sized:
        length = int(sized.group(1))
        if live.data_type != "character varying" or (live.max_length is not None and live.max_length < length):
            return f"documented {spec.type}, found {live.data_type}({live.max_length})"
        return None
    if spec.type not in COMPATIBLE_TYPES:
        return f"no known mapping for documented type {spec.type!r}"
    if any(
        live.data_type == data_type and udt_name in (None, live.udt_name)
        for data_type, udt_name in COMPATIBLE_TYPES[spec.type]
    ):
        return None
    return f"documented {spec.type}, found {live.data_type} ({live.udt_name})"


@pytest.fixture(scope="module")
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = create_engine(migrated_url, poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def live_columns(engine: Engine) -> dict[str, dict[str, LiveColumn]]:
    query = text(
        "SELECT table_name, column_name, data_type, udt_name, character_maximum_length, is_nullable"
        " FROM information_schema.columns WHERE table_schema = 'public'"
    )
    tables: dict[str, dict[str, LiveColumn]] = {}
    with engine.connect() as connection:
        for table, column, data_type, udt_name, max_length, is_nullable in connection.execute(query):
            tables.setdefault(table, {})[column] = LiveColumn(data_type, udt_name, max_length, is_nullable == "YES")
    return tables


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        yield connection
        connection.rollback()


def test_contract_holds_the_38_documented_tables_14_8_16() -> None:
    """14 core tables (001), 8 supporting (000), 16 drawn only in the ER diagrams (002)."""
    documents = [contract["document"] for contract in CONTRACT["tables"].values()]
    assert (documents.count("001"), documents.count("000"), documents.count("002")) == (14, 8, 16)
    assert SPEC["entries"]["suggested_ruling"] == SpecColumn("user-defined", False)
    assert SPEC["proof"]["type"] == SpecColumn("enum", None)
    assert len(SPEC["properties"]) == 30
    assert len(SPEC_INDEXES) == 21


def test_every_documented_table_exists(live_columns: dict[str, dict[str, LiveColumn]]) -> None:
    assert sorted(SPEC.keys() - live_columns.keys()) == []


@pytest.mark.parametrize("table", sorted(SPEC))
def test_documented_columns_exist_with_compatible_type_and_nullability(
    table: str, live_columns: dict[str, dict[str, LiveColumn]]
) -> None:
    live_table = live_columns.get(table)
    assert live_table is not None, f"table {table} is missing"
    problems = []
    for column, spec in SPEC[table].items():
        live = live_table.get(column)
        if live is None:
            problems.append(f"{column}: missing")
            continue
        if (problem := type_problem(spec, live)) is not None:
            problems.append(f"{column}: {problem}")
        if spec.nullable is not None and spec.nullable != live.nullable:
            problems.append(f"{column}: documented nullable={spec.nullable}, found nullable={live.nullable}")
    assert problems == []


class LiveIndex(NamedTuple):
    """An index as the database has it."""

    is_unique: bool
    is_partial: bool
    key_columns: list[str]


def live_indexes(connection: Connection, table: str) -> list[LiveIndex]:
    return [LiveIndex(*row) for row in connection.execute(text(LIVE_INDEXES), {"table": table})]


def index_problem(spec: SpecIndex, live: list[LiveIndex]) -> str | None:
    """Why no live index serves the documented one, or None if one does.

    A plain recommendation is served by a non-partial index whose key columns start with the
    documented ones (unique if documented unique); a partial one by a partial index that has
    the documented columns among its keys (its predicate may be phrased differently).
    """
    for is_unique, is_partial, key_columns in live:
        if spec.where is not None:
            if is_partial and set(spec.columns) <= set(key_columns):
                return None
        elif not is_partial and tuple(key_columns[: len(spec.columns)]) == spec.columns and is_unique >= spec.unique:
            return None
    return f"no index serves {spec.documented!r}; the table has {live}"


@pytest.mark.parametrize(
    ("table", "index"), SPEC_INDEXES, ids=[f"{table}: {index.documented}" for table, index in SPEC_INDEXES]
)
def test_recommended_index_exists(connection: Connection, table: str, index: SpecIndex) -> None:
    assert index_problem(index, live_indexes(connection, table)) is None


def test_index_check_tells_a_missing_index(connection: Connection) -> None:
    """The check is live: without its index, a recommendation is reported (inside a rolled-back transaction)."""
    table, worker_index = next((t, i) for t, i in SPEC_INDEXES if t == "oban_jobs" and i.columns == ("worker",))
    connection.execute(text("DROP INDEX oban_jobs_worker_index"))
    assert index_problem(worker_index, live_indexes(connection, table)) is not None


def test_fraud_result_types_are_seeded_in_order_and_the_sequence_continues(connection: Connection) -> None:
    rows = connection.execute(text("SELECT id, code FROM fraud_result_types ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(1, "CLEAN"), (2, "FRAUD"), (3, "EDITED"), (4, "INSUFFICIENT")]

    next_id = connection.execute(text("INSERT INTO fraud_result_types (code) VALUES ('OTHER') RETURNING id")).scalar()
    assert next_id == 5


def test_roles_are_seeded(connection: Connection) -> None:
    names = connection.execute(text("SELECT name FROM role")).scalars().all()
    product_roles = [
        "admin",
        "reviewer",
        "senior_reviewer",
        "qa",
        "property_manager",
        "owner_admin",
        "owner_viewer",
        "user",
    ]
    api_key_roles = ["read_only", "write"]  # revision 0010: spec 000 section 4's key roles (admin is shared)
    assert sorted(names) == sorted(product_roles + api_key_roles)


def test_countries_are_seeded(connection: Connection) -> None:
    codes = connection.execute(text("SELECT iso_code FROM country")).scalars().all()
    assert {"US", "CA", "MX", "PH", "IN", "GB"} <= set(codes)


# A small graph of rows the constraint cases hang off.
COMPANY = uuid.UUID("00000000-0000-4000-8000-000000000001")
ENTRY = uuid.UUID("00000000-0000-4000-8000-000000000002")
OTHER_ENTRY = uuid.UUID("00000000-0000-4000-8000-000000000003")
APPLICANT = uuid.UUID("00000000-0000-4000-8000-000000000004")
SUBMISSION = uuid.UUID("00000000-0000-4000-8000-000000000005")
FRAUD_SUBMISSION = uuid.UUID("00000000-0000-4000-8000-000000000006")
INCOME_SUBMISSION = uuid.UUID("00000000-0000-4000-8000-000000000007")

GRAPH = [
    "INSERT INTO companies (id, name) VALUES (:company, 'Acme PM')",
    "INSERT INTO entries (id) VALUES (:entry), (:other_entry)",
    "INSERT INTO applicants (id, entry_id) VALUES (:applicant, :entry)",
    "INSERT INTO applicant_submissions (id, applicant_id, submitted_time)"
    " VALUES (:submission, :applicant, '2025-01-01')",
    "INSERT INTO fraud_submissions (id, entry_id) VALUES (:fraud_submission, :entry)",
    "INSERT INTO income_verification_submissions (id, entry_id) VALUES (:income_submission, :entry)",
]
GRAPH_IDS = {
    "company": COMPANY,
    "entry": ENTRY,
    "other_entry": OTHER_ENTRY,
    "applicant": APPLICANT,
    "submission": SUBMISSION,
    "fraud_submission": FRAUD_SUBMISSION,
    "income_submission": INCOME_SUBMISSION,
}


class ConstraintCase(NamedTuple):
    accepted: str
    rejected: str
    sqlstate: str


MATCH = "INSERT INTO matching_entries (entry_id, matching_entry_id, match_percentage) VALUES"

CONSTRAINT_CASES: dict[str, ConstraintCase] = {
    "match_percentage above 100": ConstraintCase(
        f"{MATCH} (:entry, :other_entry, 100)",
        f"{MATCH} (:other_entry, :entry, 101)",
        CHECK_VIOLATION,
    ),
    "entry matching itself": ConstraintCase(
        f"{MATCH} (:entry, :other_entry, 90)",
        f"{MATCH} (:entry, :entry, 90)",
        CHECK_VIOLATION,
    ),
    "duplicate match pair": ConstraintCase(
        f"{MATCH} (:entry, :other_entry, 90)",
        f"{MATCH} (:entry, :other_entry, 80)",
        UNIQUE_VIOLATION,
    ),
    "unknown review_status": ConstraintCase(
        "UPDATE entries SET review_status = 'IN_REVIEW' WHERE id = :entry",
        "UPDATE entries SET review_status = 'BOGUS' WHERE id = :entry",
        CHECK_VIOLATION,
    ),
    "unknown entry result": ConstraintCase(
        "UPDATE entries SET result = 'NEEDS_REVIEW' WHERE id = :entry",
        "UPDATE entries SET result = 'MAYBE' WHERE id = :entry",
        CHECK_VIOLATION,
    ),
    "unknown suggested_ruling label": ConstraintCase(
        "UPDATE entries SET suggested_ruling = 'FRAUD' WHERE id = :entry",
        "UPDATE entries SET suggested_ruling = 'SUSPICIOUS' WHERE id = :entry",
        INVALID_TEXT_REPRESENTATION,
    ),
    "unknown dynamic_ruling": ConstraintCase(
        "INSERT INTO folders (dynamic_ruling) VALUES ('EDITED')",
        "INSERT INTO folders (dynamic_ruling) VALUES ('BOGUS')",
        CHECK_VIOLATION,
    ),
    "unknown fraud review status": ConstraintCase(
        "INSERT INTO fraud_reviews (fraud_submission_id, status) VALUES (:fraud_submission, 'IN_PROGRESS')",
        "INSERT INTO fraud_reviews (fraud_submission_id, status) VALUES (:fraud_submission, 'DONE')",
        CHECK_VIOLATION,
    ),
    "unknown fraud review type": ConstraintCase(
        "INSERT INTO fraud_reviews (fraud_submission_id, review_type) VALUES (:fraud_submission, 'QA')",
        "INSERT INTO fraud_reviews (fraud_submission_id, review_type) VALUES (:fraud_submission, 'AUDIT')",
        CHECK_VIOLATION,
    ),
    "completed fraud review without result": ConstraintCase(
        "INSERT INTO fraud_reviews (fraud_submission_id, status, result, completed_date)"
        " VALUES (:fraud_submission, 'COMPLETED', 1, '2025-01-02')",
        "INSERT INTO fraud_reviews (fraud_submission_id, status, completed_date)"
        " VALUES (:fraud_submission, 'COMPLETED', '2025-01-02')",
        CHECK_VIOLATION,
    ),
    "unknown document source type": ConstraintCase(
        "INSERT INTO applicant_submission_document_sources (applicant_submission_id, source_type)"
        " VALUES (:submission, 'yardi')",
        "INSERT INTO applicant_submission_document_sources (applicant_submission_id, source_type)"
        " VALUES (:submission, 'fax')",
        CHECK_VIOLATION,
    ),
    "income review of QA type": ConstraintCase(
        "INSERT INTO income_verification_reviews (income_verification_submission_id, type)"
        " VALUES (:income_submission, 'ESCALATION')",
        "INSERT INTO income_verification_reviews (income_verification_submission_id, type)"
        " VALUES (:income_submission, 'QA')",
        CHECK_VIOLATION,
    ),
    "undecided income result": ConstraintCase(
        "INSERT INTO income_verification_results (applicant_submission_id, review_eligibility)"
        " VALUES (:submission, 'REJECTED')",
        "INSERT INTO income_verification_results (applicant_submission_id, review_eligibility)"
        " VALUES (:submission, 'NEEDS_REVIEW')",
        CHECK_VIOLATION,
    ),
    "unknown id verification status": ConstraintCase(
        "INSERT INTO id_verifications (status) VALUES ('approved')",
        "INSERT INTO id_verifications (status) VALUES ('lost')",
        CHECK_VIOLATION,
    ),
    "unknown rent verification status": ConstraintCase(
        "INSERT INTO rent_verifications (applicant_id, provider, status) VALUES (:applicant, 'renttrack', 'failed')",
        "INSERT INTO rent_verifications (applicant_id, provider, status) VALUES (:applicant, 'renttrack', 'lost')",
        CHECK_VIOLATION,
    ),
    "master api key with a company": ConstraintCase(
        "INSERT INTO api_keys (key, master) VALUES ('hash-a', true)",
        "INSERT INTO api_keys (key, master, company_id) VALUES ('hash-b', true, :company)",
        CHECK_VIOLATION,
    ),
    "api key without scope": ConstraintCase(
        "INSERT INTO api_keys (key, company_id) VALUES ('hash-a', :company)",
        "INSERT INTO api_keys (key) VALUES ('hash-b')",
        CHECK_VIOLATION,
    ),
    "duplicate api key hash": ConstraintCase(
        "INSERT INTO api_keys (key, company_id) VALUES ('hash-a', :company)",
        "INSERT INTO api_keys (key, company_id) VALUES ('hash-a', :company)",
        UNIQUE_VIOLATION,
    ),
    "duplicate role name": ConstraintCase(
        "INSERT INTO role (name) VALUES ('auditor')",
        "INSERT INTO role (name) VALUES ('admin')",
        UNIQUE_VIOLATION,
    ),
    "user e-mail differing only in case": ConstraintCase(
        "INSERT INTO users (email) VALUES ('Ana@Example.com')",
        "INSERT INTO users (email) VALUES ('ana@example.com')",
        UNIQUE_VIOLATION,
    ),
    "unknown proof type": ConstraintCase(
        "INSERT INTO proof (entry_id, file, type) VALUES (:entry, 'file:///a.pdf', 'paystub')",
        "INSERT INTO proof (entry_id, file, type) VALUES (:entry, 'file:///b.pdf', 'selfie')",
        INVALID_TEXT_REPRESENTATION,
    ),
    "blob size not matching content": ConstraintCase(
        "INSERT INTO document_blobs (content, content_type, sha256, byte_size)"
        " VALUES ('\\x0102', 'application/pdf', repeat('a', 64), 2)",
        "INSERT INTO document_blobs (content, content_type, sha256, byte_size)"
        " VALUES ('\\x0102', 'application/pdf', repeat('a', 64), 3)",
        CHECK_VIOLATION,
    ),
    "report range ending before it starts": ConstraintCase(
        """INSERT INTO analytics_reports ("from", "to") VALUES ('2025-01-01', '2025-01-31')""",
        """INSERT INTO analytics_reports ("from", "to") VALUES ('2025-01-31', '2025-01-01')""",
        CHECK_VIOLATION,
    ),
}


@pytest.mark.parametrize("case", CONSTRAINT_CASES.values(), ids=CONSTRAINT_CASES.keys())
def test_constraint_accepts_good_value_and_rejects_bad_one(connection: Connection, case: ConstraintCase) -> None:
    for statement in GRAPH:
        connection.execute(text(statement), GRAPH_IDS)

    connection.execute(text(case.accepted), GRAPH_IDS)
    with pytest.raises(DBAPIError) as raised, connection.begin_nested():
        connection.execute(text(case.rejected), GRAPH_IDS)

    orig: Any = raised.value.orig
    assert orig.sqlstate == case.sqlstate, orig


def test_every_modelled_table_with_updated_at_has_the_trigger(connection: Connection) -> None:
    """Tables of ours only: ``oban``'s internal tables keep their own ``updated_at`` discipline."""
    with_column = [table.name for table in models.Base.metadata.sorted_tables if "updated_at" in table.c]
    with_trigger = connection.execute(
        text("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'set_updated_at'")
    ).scalars()
    assert sorted(with_column) == sorted(with_trigger)


def test_updated_at_is_set_on_update_and_inserted_at_kept(connection: Connection) -> None:
    company = connection.execute(
        text(
            "INSERT INTO companies (name, inserted_at, updated_at)"
            " VALUES ('Acme PM', '2000-01-01', '2000-01-01') RETURNING id"
        )
    ).scalar()

    connection.execute(text("UPDATE companies SET name = 'Acme Property Management' WHERE id = :id"), {"id": company})

    refreshed = connection.execute(
        text(
            "SELECT inserted_at = '2000-01-01', updated_at = (now() AT TIME ZONE 'utc') FROM companies WHERE id = :id"
        ),
        {"id": company},
    ).one()
    assert tuple(refreshed) == (True, True)


def test_property_search_column_is_derived_by_trigger(connection: Connection) -> None:
    connection.execute(text("INSERT INTO properties (name, city) VALUES ('Sunset Apartments', 'Springfield')"))

    found = connection.execute(
        text(
            "SELECT name FROM properties WHERE textsearchable_index_col @@ to_tsquery('simple', 'sunset & springfield')"
        )
    ).scalars()
    assert list(found) == ["Sunset Apartments"]


def test_orm_round_trips_enums_arrays_and_relationships(connection: Connection) -> None:
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        entry = Entry(short_id="E-1")
        entry.proofs.append(
            Proof(file="file:///paystub.pdf", type=ProofType.BANK_STATEMENT, meta_data_flags=["font_manipulation"])
        )
        session.add(entry)
        session.flush()
        session.expunge_all()

        proof = session.scalars(select(Proof).options(selectinload(Proof.entry))).one()
        assert proof.type is ProofType.BANK_STATEMENT
        assert proof.result is ProofResult.PENDING
        assert proof.suggested_ruling is SuggestedRuling.NOT_RUN
        assert proof.meta_data_flags == ["font_manipulation"]
        assert proof.similarity_check == []
        assert proof.entry.short_id == "E-1"
        assert proof.entry.review_status == ReviewStatus.UNASSIGNED

        # Database-made timestamps come back with the statement itself (no lazy refresh).
        proof.entry.review_status = ReviewStatus.ASSIGNED
        session.flush()
        assert "updated_at" not in inspect(proof.entry).unloaded
        assert proof.entry.updated_at >= proof.entry.inserted_at


def test_every_foreign_key_is_covered_by_an_index(connection: Connection) -> None:
    """A foreign key's columns must lead some (non-partial) index: joins and parent deletes stay cheap."""
    uncovered = connection.execute(
        text(
            """
            SELECT c.conrelid::regclass::text || '.' || c.conname
            FROM pg_constraint c
            WHERE c.contype = 'f'
              AND c.connamespace = 'public'::regnamespace
              AND NOT EXISTS (
                  SELECT 1 FROM pg_index i
                  WHERE i.indrelid = c.conrelid
                    AND i.indpred IS NULL
                    AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] = c.conkey
              )
            """
        )
    ).scalars()
    assert sorted(uncovered) == []
