"""Core schema: every documented table except the job tables, plus ``country`` and ``document_blobs``.

Creates, in dependency order, the 14 core tables of spec 001, the 16
workflow tables of spec 002 and six supporting tables of spec 000
(``oban_jobs`` / ``oban_peers`` follow in revision 0002), plus ``country``
(target of ``team.country_id``) and ``document_blobs`` (the database-backed
document store). Why each table looks the way it does is written in the
docstrings of ``models/``; this file only spells the DDL out.

This revision is frozen: it does not import ``models``, so later model
changes cannot rewrite history. Names of constraints and indexes follow the
naming convention of ``models.base`` and are passed through ``op.f()`` so
Alembic uses them verbatim (names over 63 characters are shortened by
SQLAlchemy with a stable hash suffix, the same way for the models).

Besides tables it installs:

- the PostgreSQL enum types ``suggested_ruling``, ``proof_type``,
  ``proof_result`` and ``review_method``;
- ``set_updated_at()`` and a ``BEFORE UPDATE`` trigger ``set_updated_at`` on
  every table with an ``updated_at`` column;
- ``properties_textsearch()`` and its trigger, which derive
  ``properties.textsearchable_index_col``;
- seed rows: ``fraud_result_types`` (ids 1..4), ``role`` and a few ``country``.

``downgrade()`` removes all of it, leaving an empty database.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.sql_files import execute_sql_file

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UUID: Final = postgresql.UUID(as_uuid=True)
VARCHAR: Final = sa.String(255)
TEXT: Final = sa.Text()
TIMESTAMP: Final = sa.TIMESTAMP(timezone=False)
JSONB: Final = postgresql.JSONB()
UTC_NOW: Final = sa.text("(now() AT TIME ZONE 'utc')")
NEW_UUID: Final = sa.text("gen_random_uuid()")
FALSE: Final = sa.text("false")
TRUE: Final = sa.text("true")
EMPTY_ARRAY: Final = sa.text("'{}'")

ENUM_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "suggested_ruling": ("NOT_RUN", "PENDING", "CLEAN", "EDITED", "FRAUD", "INSUFFICIENT"),
    "proof_type": ("paystub", "bank_statement", "tax_form", "offer_letter", "utility_bill", "other"),
    "proof_result": ("PENDING", "CLEAN", "FRAUD", "EDITED", "INSUFFICIENT"),
    "review_method": ("AUTOMATED", "MANUAL"),
}

FRAUD_RESULT_CODES: Final = ("CLEAN", "FRAUD", "EDITED", "INSUFFICIENT")
ROLE_NAMES: Final = (
    "admin",
    "reviewer",
    "senior_reviewer",
    "qa",
    "property_manager",
    "owner_admin",
    "owner_viewer",
    "user",
)
COUNTRIES: Final = (
    ("United States", "US"),
    ("Canada", "CA"),
    ("Mexico", "MX"),
    ("Philippines", "PH"),
    ("India", "IN"),
    ("United Kingdom", "GB"),
)

# Foreign keys that close a cycle, added once both tables exist: (table, column, referred table).
CYCLIC_FOREIGN_KEYS: Final = (
    ("team", "fde_manager_id", "users"),
    ("folders", "last_entry_id", "entries"),
)

# Creation order; downgrade drops in reverse.
TABLES: Final = (
    "country",
    "role",
    "fraud_result_types",
    "companies",
    "owners",
    "applicant_details",
    "document_blobs",
    "properties",
    "team",
    "users",
    "property_owners",
    "users_properties",
    "users_owners",
    "api_keys",
    "invitations",
    "invitations_properties",
    "analytics_reports",
    "unauthenticated_session",
    "id_verifications",
    "folders",
    "entries",
    "applicants",
    "applicant_submissions",
    "matching_entries",
    "proof",
    "applicant_submission_document_sources",
    "fraud_submissions",
    "fraud_reviews",
    "fraud_document_reviews",
    "fraud_results",
    "income_verification_submissions",
    "income_verification_reviews",
    "income_verification_results",
    "asset_verification_submissions",
    "asset_verification_reviews",
    "asset_verification_results",
    "rent_verifications",
    "rent_verification_events",
)

# Tables without ``updated_at`` (hence without the trigger): lookups and immutable blobs.
TABLES_WITHOUT_UPDATED_AT: Final = frozenset({"role", "fraud_result_types", "document_blobs"})


def _enum(name: str) -> postgresql.ENUM:
    """Reference to an enum type created by this revision (never created implicitly)."""
    return postgresql.ENUM(*ENUM_TYPES[name], name=name, create_type=False)


def _uuid_pk() -> sa.Column[object]:
    return sa.Column("id", UUID, server_default=NEW_UUID, nullable=False)


def _bigint_pk() -> sa.Column[object]:
    return sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False)


def _timestamps() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("inserted_at", TIMESTAMP, server_default=UTC_NOW, nullable=False),
        sa.Column("updated_at", TIMESTAMP, server_default=UTC_NOW, nullable=False),
    )


def _fk(table: str, column: str, referred: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{referred}.id"], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _create_table(table: str, *items: sa.SchemaItem, primary_key: tuple[str, ...] = ("id",)) -> None:
    op.create_table(table, *items, sa.PrimaryKeyConstraint(*primary_key, name=op.f(f"pk_{table}")))


def _index(table: str, *columns: str, unique: bool = False) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=unique)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


REVIEW_STATES: Final = ("PENDING", "IN_PROGRESS", "COMPLETED")


def upgrade() -> None:
    for name, labels in ENUM_TYPES.items():
        op.execute(sa.text(f"CREATE TYPE {name} AS ENUM ({', '.join(repr(label) for label in labels)})"))
    execute_sql_file(revision, "set_updated_at")

    _create_lookups()
    _create_organizations_and_people()
    _create_supporting_tables()
    _create_folders_entries_applicants()
    _create_fraud_workflow()
    _create_income_and_asset_workflows()
    _create_rent_workflow()

    for table, column, referred in CYCLIC_FOREIGN_KEYS:
        op.create_foreign_key(op.f(f"fk_{table}_{column}_{referred}"), table, referred, [column], ["id"])

    for table in TABLES:
        if table not in TABLES_WITHOUT_UPDATED_AT:
            op.execute(
                sa.text(
                    f"CREATE TRIGGER set_updated_at BEFORE UPDATE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
                )
            )
    execute_sql_file(revision, "properties_textsearch")

    _seed()


def _create_lookups() -> None:
    _create_table(
        "country",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("name", VARCHAR, nullable=False),
        sa.Column("iso_code", sa.String(2), nullable=False),
        *_timestamps(),
        _unique("country", "iso_code"),
    )
    _create_table(
        "role",
        _bigint_pk(),
        sa.Column("name", VARCHAR, nullable=False),
        _unique("role", "name"),
    )
    _create_table(
        "fraud_result_types",
        _bigint_pk(),
        sa.Column("code", VARCHAR, nullable=False),
        _unique("fraud_result_types", "code"),
    )


def _create_organizations_and_people() -> None:
    _create_table(
        "companies",
        _uuid_pk(),
        *(
            sa.Column(name, VARCHAR)
            for name in (
                "name",
                "address",
                "city",
                "state",
                "zip",
                "phone",
                "website",
                "logo",
                "short_id",
                "salesforce_account_id",
            )
        ),
        *_timestamps(),
    )
    _create_table(
        "owners",
        _uuid_pk(),
        sa.Column("name", VARCHAR, nullable=False),
        *(sa.Column(name, VARCHAR) for name in ("address", "city", "state", "zip", "phone", "website")),
        sa.Column("salesforce_id", VARCHAR, nullable=False),
        sa.Column("status", VARCHAR),
        *_timestamps(),
        _unique("owners", "salesforce_id"),
    )
    _create_table(
        "applicant_details",
        _uuid_pk(),
        sa.Column("prefilled_application_data", JSONB),
        *_timestamps(),
    )
    _create_table(
        "document_blobs",
        _uuid_pk(),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", VARCHAR, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("inserted_at", TIMESTAMP, server_default=UTC_NOW, nullable=False),
        _check("document_blobs", "sha256_hex", "sha256 ~ '^[0-9a-f]{64}$'"),
        _check("document_blobs", "byte_size_matches", "byte_size = octet_length(content)"),
    )
    _index("document_blobs", "sha256")

    _create_table(
        "properties",
        _uuid_pk(),
        *(
            sa.Column(name, VARCHAR)
            for name in (
                "name",
                "entity_name",
                "address",
                "city",
                "state",
                "zip",
                "phone",
                "email",
                "website",
                "logo",
                "short_id",
            )
        ),
        sa.Column("unit", sa.Integer()),
        sa.Column("company_id", UUID),
        *(sa.Column(name, VARCHAR) for name in ("company_short_id", "pmc_name", "status", "sfdc_id")),
        sa.Column("bank_statement", sa.Integer(), server_default=sa.text("2")),
        sa.Column("paystub", sa.Integer(), server_default=sa.text("2")),
        sa.Column("supported_doctypes", JSONB),
        sa.Column("unit_is_required", sa.Boolean(), server_default=TRUE),
        sa.Column("phone_is_required", sa.Boolean(), server_default=TRUE),
        sa.Column("identity_verification_enabled", sa.Boolean(), server_default=FALSE),
        sa.Column("identity_verification_provider", VARCHAR, server_default=sa.text("'incode'")),
        sa.Column("identity_verification_flow_types", JSONB),
        sa.Column("identity_verification_report_image_types", JSONB),
        sa.Column("textsearchable_index_col", postgresql.TSVECTOR()),
        *_timestamps(),
        _fk("properties", "company_id", "companies"),
    )
    _index("properties", "company_id")
    op.create_index(
        "ix_properties_textsearchable_index_col",
        "properties",
        ["textsearchable_index_col"],
        postgresql_using="gin",
    )

    _create_table(
        "team",
        _uuid_pk(),
        sa.Column("name", VARCHAR, nullable=False),
        sa.Column("timezone", VARCHAR, nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("fde_manager_id", UUID),
        *_timestamps(),
        _fk("team", "country_id", "country"),
    )
    _index("team", "country_id")
    _index("team", "fde_manager_id")

    _create_table(
        "users",
        _uuid_pk(),
        sa.Column("auth_id", UUID),
        *(sa.Column(name, VARCHAR) for name in ("short_id", "first_name", "last_name", "email", "role")),
        sa.Column("company_id", UUID),
        sa.Column("team_id", UUID),
        sa.Column("settings_notification", sa.Boolean(), server_default=TRUE, nullable=False),
        sa.Column("is_archived", sa.Boolean(), server_default=FALSE),
        *_timestamps(),
        _fk("users", "company_id", "companies"),
        _fk("users", "team_id", "team"),
    )
    _index("users", "company_id")
    _index("users", "team_id")
    op.create_index("ix_users_lower_email", "users", [sa.literal_column("lower(email)")], unique=True)

    _create_table(
        "property_owners",
        _uuid_pk(),
        sa.Column("property_id", UUID, nullable=False),
        sa.Column("owner_id", UUID, nullable=False),
        sa.Column("ownership_start", TIMESTAMP),
        sa.Column("ownership_end", TIMESTAMP),
        *_timestamps(),
        _fk("property_owners", "property_id", "properties", ondelete="CASCADE"),
        _fk("property_owners", "owner_id", "owners", ondelete="CASCADE"),
        _check(
            "property_owners",
            "period_in_order",
            "ownership_start IS NULL OR ownership_end IS NULL OR ownership_end >= ownership_start",
        ),
    )
    _index("property_owners", "property_id")
    _index("property_owners", "owner_id")

    _create_table(
        "users_properties",
        _bigint_pk(),
        sa.Column("user_id", UUID, nullable=False),
        sa.Column("property_id", UUID, nullable=False),
        *_timestamps(),
        _fk("users_properties", "user_id", "users", ondelete="CASCADE"),
        _fk("users_properties", "property_id", "properties", ondelete="CASCADE"),
        _unique("users_properties", "user_id", "property_id"),
    )
    _index("users_properties", "property_id")

    _create_table(
        "users_owners",
        sa.Column("owner_id", UUID, nullable=False),
        sa.Column("user_id", UUID, nullable=False),
        *_timestamps(),
        _fk("users_owners", "owner_id", "owners", ondelete="CASCADE"),
        _fk("users_owners", "user_id", "users", ondelete="CASCADE"),
        primary_key=("owner_id", "user_id"),
    )
    _index("users_owners", "user_id")


def _create_supporting_tables() -> None:
    _create_table(
        "api_keys",
        _uuid_pk(),
        sa.Column("description", VARCHAR),
        sa.Column("key", VARCHAR),
        sa.Column("master", sa.Boolean(), server_default=FALSE),
        sa.Column("role_id", sa.BigInteger()),
        sa.Column("company_id", UUID),
        sa.Column("is_active", sa.Boolean(), server_default=TRUE),
        sa.Column("property_id", UUID),
        *_timestamps(),
        _fk("api_keys", "role_id", "role"),
        _fk("api_keys", "company_id", "companies"),
        _fk("api_keys", "property_id", "properties"),
        _check(
            "api_keys",
            "scope",
            "(coalesce(master, false) AND company_id IS NULL AND property_id IS NULL)"
            " OR (NOT coalesce(master, false) AND (company_id IS NOT NULL OR property_id IS NOT NULL))",
        ),
    )
    _index("api_keys", "key", unique=True)
    for column in ("company_id", "is_active", "property_id", "role_id"):
        _index("api_keys", column)

    _create_table(
        "invitations",
        _uuid_pk(),
        *(sa.Column(name, VARCHAR) for name in ("company_short_id", "email", "first_name", "last_name", "role")),
        sa.Column("skip_email_sending", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("company_id", UUID),
        sa.Column("team_id", UUID),
        sa.Column("owner_id", UUID),
        sa.Column("accepted_at", TIMESTAMP),
        *_timestamps(),
        _fk("invitations", "company_id", "companies"),
        _fk("invitations", "team_id", "team"),
        _fk("invitations", "owner_id", "owners"),
    )
    for column in ("company_id", "team_id", "owner_id", "email"):
        _index("invitations", column)

    _create_table(
        "invitations_properties",
        _bigint_pk(),
        sa.Column("property_short_id", VARCHAR),
        sa.Column("invitation_id", UUID, nullable=False),
        sa.Column("property_id", UUID),
        *_timestamps(),
        _fk("invitations_properties", "invitation_id", "invitations", ondelete="CASCADE"),
        _fk("invitations_properties", "property_id", "properties", ondelete="CASCADE"),
    )
    _index("invitations_properties", "invitation_id")
    _index("invitations_properties", "property_id")

    _create_table(
        "analytics_reports",
        _uuid_pk(),
        sa.Column("type", VARCHAR),
        sa.Column("references", postgresql.ARRAY(UUID)),
        sa.Column("all_references", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("from", sa.Date()),
        sa.Column("to", sa.Date()),
        sa.Column("user_id", UUID),
        sa.Column("status", VARCHAR, server_default=sa.text("'pending'"), nullable=False),
        sa.Column("completed_at", TIMESTAMP),
        sa.Column("error", TEXT),
        sa.Column("document_blob_id", UUID),
        *_timestamps(),
        _fk("analytics_reports", "user_id", "users"),
        _fk("analytics_reports", "document_blob_id", "document_blobs"),
        _check("analytics_reports", "status", _in("status", ("pending", "running", "completed", "failed"))),
        _check("analytics_reports", "range_in_order", '"from" IS NULL OR "to" IS NULL OR "from" <= "to"'),
    )
    for column in ("user_id", "type", "document_blob_id"):
        _index("analytics_reports", column)
    _index("analytics_reports", "from", "to")

    _create_table(
        "unauthenticated_session",
        _uuid_pk(),
        sa.Column("token", UUID, server_default=NEW_UUID, nullable=False),
        sa.Column("ip_address", VARCHAR, nullable=False),
        sa.Column("application", JSONB, nullable=False),
        sa.Column("property", JSONB, nullable=False),
        sa.Column("proofs", postgresql.ARRAY(JSONB), server_default=EMPTY_ARRAY, nullable=False),
        sa.Column("external", sa.Boolean(), server_default=FALSE),
        sa.Column("applicant_detail_id", UUID),
        sa.Column("identity_id", UUID),
        *_timestamps(),
        _fk("unauthenticated_session", "applicant_detail_id", "applicant_details"),
    )
    _index("unauthenticated_session", "token", unique=True)
    _index("unauthenticated_session", "applicant_detail_id")
    _index("unauthenticated_session", "inserted_at")

    _create_table(
        "id_verifications",
        _uuid_pk(),
        sa.Column("property_id", UUID),
        sa.Column("company_id", UUID),
        sa.Column("applicant_detail_id", UUID),
        sa.Column("first_name", TEXT),
        sa.Column("last_name", TEXT),
        sa.Column("email", TEXT),
        sa.Column("status", TEXT, server_default=sa.text("'pending'"), nullable=False),
        sa.Column("score", TEXT),
        sa.Column("score_reason", TEXT),
        sa.Column("provider", TEXT),
        sa.Column("provider_session_info", JSONB),
        sa.Column("provider_results", JSONB),
        sa.Column("metadata", JSONB),
        sa.Column("results_provided_at", TIMESTAMP),
        *_timestamps(),
        _fk("id_verifications", "property_id", "properties"),
        _fk("id_verifications", "company_id", "companies"),
        _fk("id_verifications", "applicant_detail_id", "applicant_details"),
        _check(
            "id_verifications",
            "status",
            _in("status", ("pending", "in_progress", "completed", "approved", "rejected")),
        ),
    )
    for column in ("property_id", "company_id", "applicant_detail_id"):
        _index("id_verifications", column)


def _create_folders_entries_applicants() -> None:
    _create_table(
        "folders",
        _uuid_pk(),
        sa.Column("name", VARCHAR),
        sa.Column("status", VARCHAR),
        sa.Column("result", VARCHAR),
        sa.Column("dynamic_ruling", VARCHAR, server_default=sa.text("'PENDING'"), nullable=False),
        sa.Column("ruling_time", TIMESTAMP),
        sa.Column("property_id", UUID),
        sa.Column("company_id", UUID),
        sa.Column("property_short_id", VARCHAR),
        sa.Column("property_name", VARCHAR),
        sa.Column("company_short_id", VARCHAR),
        sa.Column("last_entry_id", UUID),
        sa.Column("last_entry_submission_time", TIMESTAMP),
        sa.Column("last_entry_result", VARCHAR),
        sa.Column("last_entry_status", VARCHAR),
        sa.Column("review_assigned_to_id", UUID),
        sa.Column("review_assigned_date", TIMESTAMP),
        *_timestamps(),
        _fk("folders", "property_id", "properties"),
        _fk("folders", "company_id", "companies"),
        _fk("folders", "review_assigned_to_id", "users"),
        _check(
            "folders",
            "dynamic_ruling",
            _in("dynamic_ruling", ("PENDING", "CLEAN", "EDITED", "FRAUD", "INSUFFICIENT")),
        ),
    )
    for column in ("property_id", "company_id", "last_entry_id", "review_assigned_to_id"):
        _index("folders", column)

    _create_table(
        "entries",
        _uuid_pk(),
        sa.Column("short_id", VARCHAR),
        sa.Column("status", VARCHAR),
        sa.Column("result", VARCHAR),
        sa.Column("suggested_ruling", _enum("suggested_ruling"), server_default=sa.text("'NOT_RUN'"), nullable=False),
        sa.Column("note", TEXT),
        sa.Column("unit", VARCHAR),
        sa.Column("metadata", JSONB),
        sa.Column("folder_id", UUID),
        sa.Column("submission_time", TIMESTAMP),
        sa.Column("report_complete_time", TIMESTAMP),
        sa.Column("notification_email", VARCHAR),
        sa.Column("has_previously_submitted", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("auto_merged", sa.Boolean(), server_default=FALSE),
        sa.Column("is_automatic_review", sa.Boolean(), server_default=FALSE),
        sa.Column("review_status", VARCHAR, server_default=sa.text("'UNASSIGNED'"), nullable=False),
        sa.Column("review_date", TIMESTAMP),
        sa.Column("review_assigned_date", TIMESTAMP),
        sa.Column("reviewer_id", UUID),
        sa.Column("review_assigned_to_id", UUID),
        sa.Column("primary_notification_sent_at", TIMESTAMP),
        sa.Column("secondary_notification_sent_at", TIMESTAMP),
        sa.Column("twenty_two_hours_notification_sent_at", TIMESTAMP),
        sa.Column("sixteen_hours_notification_sent_at", TIMESTAMP),
        *_timestamps(),
        _fk("entries", "folder_id", "folders"),
        _fk("entries", "reviewer_id", "users"),
        _fk("entries", "review_assigned_to_id", "users"),
        _check(
            "entries",
            "review_status",
            _in("review_status", ("UNASSIGNED", "ASSIGNED", "IN_REVIEW", "COMPLETED")),
        ),
        _check("entries", "result", _in("result", ("APPROVED", "REJECTED", "NEEDS_REVIEW"))),
    )
    for column in ("short_id", "folder_id", "reviewer_id", "review_assigned_to_id"):
        _index("entries", column)
    op.create_index("ix_entries_review_queue", "entries", ["review_status", "submission_time", "id"])
    op.create_index(
        "ix_entries_open_assignments",
        "entries",
        ["review_assigned_to_id"],
        postgresql_where=sa.text("review_status IN ('ASSIGNED', 'IN_REVIEW')"),
    )

    _create_table(
        "applicants",
        _uuid_pk(),
        *(
            sa.Column(name, VARCHAR)
            for name in ("full_name", "first_name", "middle_initial", "last_name", "email", "phone")
        ),
        sa.Column("notification", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("entry_id", UUID),
        sa.Column("applicant_detail_id", UUID),
        sa.Column("identity_id", UUID),
        *_timestamps(),
        _fk("applicants", "entry_id", "entries"),
        _fk("applicants", "applicant_detail_id", "applicant_details"),
    )
    _index("applicants", "entry_id")
    _index("applicants", "applicant_detail_id")

    _create_table(
        "applicant_submissions",
        _uuid_pk(),
        sa.Column("applicant_id", UUID, nullable=False),
        sa.Column("submitted_time", TIMESTAMP, nullable=False),
        sa.Column("identity_id", UUID),
        sa.Column("should_notify_applicant", sa.Boolean(), server_default=TRUE, nullable=False),
        *_timestamps(),
        _fk("applicant_submissions", "applicant_id", "applicants"),
    )
    _index("applicant_submissions", "applicant_id")

    _create_table(
        "matching_entries",
        _bigint_pk(),
        sa.Column("entry_id", UUID, nullable=False),
        sa.Column("matching_entry_id", UUID, nullable=False),
        sa.Column("match_percentage", sa.Integer(), nullable=False),
        *_timestamps(),
        _fk("matching_entries", "entry_id", "entries", ondelete="CASCADE"),
        _fk("matching_entries", "matching_entry_id", "entries", ondelete="CASCADE"),
        _check("matching_entries", "match_percentage_range", "match_percentage BETWEEN 0 AND 100"),
        _check("matching_entries", "not_self", "entry_id <> matching_entry_id"),
        _unique("matching_entries", "entry_id", "matching_entry_id"),
    )
    for column in ("entry_id", "matching_entry_id", "match_percentage", "inserted_at"):
        _index("matching_entries", column)
    _index("matching_entries", "entry_id", "match_percentage")

    _create_table(
        "proof",
        _uuid_pk(),
        sa.Column("entry_id", UUID, nullable=False),
        sa.Column("short_id", VARCHAR),
        sa.Column("file", TEXT, nullable=False),
        sa.Column("thumb", TEXT),
        sa.Column("type", _enum("proof_type"), nullable=False),
        sa.Column("result", _enum("proof_result"), server_default=sa.text("'PENDING'"), nullable=False),
        sa.Column("suggested_ruling", _enum("suggested_ruling"), server_default=sa.text("'NOT_RUN'"), nullable=False),
        sa.Column("extracted_meta", JSONB),
        sa.Column("meta_data_flags", postgresql.ARRAY(TEXT), server_default=EMPTY_ARRAY, nullable=False),
        sa.Column("similarity_check", postgresql.ARRAY(JSONB), server_default=EMPTY_ARRAY, nullable=False),
        sa.Column("has_text", sa.Boolean()),
        sa.Column("manual_review_recommended", sa.Boolean(), server_default=FALSE, nullable=False),
        *_timestamps(),
        _fk("proof", "entry_id", "entries"),
    )
    _index("proof", "entry_id")

    _create_table(
        "applicant_submission_document_sources",
        _uuid_pk(),
        sa.Column("applicant_submission_id", UUID, nullable=False),
        sa.Column("source_type", VARCHAR, nullable=False),
        *_timestamps(),
        _fk("applicant_submission_document_sources", "applicant_submission_id", "applicant_submissions"),
        _check(
            "applicant_submission_document_sources",
            "source_type",
            _in("source_type", ("manual_upload", "yardi", "email", "api")),
        ),
    )
    _index("applicant_submission_document_sources", "applicant_submission_id")


def _create_fraud_workflow() -> None:
    _create_table(
        "fraud_submissions",
        _uuid_pk(),
        sa.Column("applicant_submission_document_source_id", UUID),
        sa.Column("entry_id", UUID, nullable=False),
        *_timestamps(),
        _fk(
            "fraud_submissions",
            "applicant_submission_document_source_id",
            "applicant_submission_document_sources",
        ),
        _fk("fraud_submissions", "entry_id", "entries"),
    )
    _index("fraud_submissions", "applicant_submission_document_source_id")
    _index("fraud_submissions", "entry_id")

    _create_table(
        "fraud_reviews",
        _uuid_pk(),
        sa.Column("fraud_submission_id", UUID, nullable=False),
        sa.Column("reviewer_id", UUID),
        sa.Column("result", sa.Integer()),
        sa.Column("fraud_type", VARCHAR),
        sa.Column("status", VARCHAR, server_default=sa.text("'PENDING'"), nullable=False),
        sa.Column("review_type", VARCHAR, server_default=sa.text("'INITIAL'"), nullable=False),
        sa.Column("result_reason", VARCHAR),
        sa.Column("assigned_date", TIMESTAMP),
        sa.Column("completed_date", TIMESTAMP),
        *_timestamps(),
        _fk("fraud_reviews", "fraud_submission_id", "fraud_submissions"),
        _fk("fraud_reviews", "reviewer_id", "users"),
        _fk("fraud_reviews", "result", "fraud_result_types"),
        _check("fraud_reviews", "status", _in("status", REVIEW_STATES)),
        _check("fraud_reviews", "review_type", _in("review_type", ("INITIAL", "ESCALATION", "QA"))),
        _check(
            "fraud_reviews",
            "completed_has_result",
            "status <> 'COMPLETED' OR (result IS NOT NULL AND completed_date IS NOT NULL)",
        ),
    )
    for column in ("fraud_submission_id", "reviewer_id", "result"):
        _index("fraud_reviews", column)

    _create_table(
        "fraud_document_reviews",
        _uuid_pk(),
        sa.Column("fraud_review_id", UUID, nullable=False),
        sa.Column("document_id", UUID, nullable=False),
        sa.Column("result", sa.Integer()),
        sa.Column("source_type", VARCHAR),
        *_timestamps(),
        _fk("fraud_document_reviews", "fraud_review_id", "fraud_reviews", ondelete="CASCADE"),
        _fk("fraud_document_reviews", "document_id", "proof"),
        _fk("fraud_document_reviews", "result", "fraud_result_types"),
        _unique("fraud_document_reviews", "fraud_review_id", "document_id"),
    )
    _index("fraud_document_reviews", "document_id")
    _index("fraud_document_reviews", "result")

    _create_table(
        "fraud_results",
        _bigint_pk(),
        sa.Column("applicant_submission_id", UUID, nullable=False),
        sa.Column("result", sa.Integer(), nullable=False),
        *_timestamps(),
        _fk("fraud_results", "applicant_submission_id", "applicant_submissions"),
        _fk("fraud_results", "result", "fraud_result_types"),
    )
    _index("fraud_results", "applicant_submission_id")
    _index("fraud_results", "result")


def _create_income_and_asset_workflows() -> None:
    """Income and asset verification have the same shape; only income results carry ``type``."""
    for kind in ("income", "asset"):
        submissions = f"{kind}_verification_submissions"
        reviews = f"{kind}_verification_reviews"
        results = f"{kind}_verification_results"
        submission_id = f"{kind}_verification_submission_id"

        _create_table(
            submissions,
            _uuid_pk(),
            sa.Column("entry_id", UUID, nullable=False),
            sa.Column("applicant_submission_document_source_id", UUID),
            sa.Column("review_eligibility", VARCHAR),
            sa.Column("rejection_reason", VARCHAR),
            *_timestamps(),
            _fk(submissions, "entry_id", "entries"),
            _fk(submissions, "applicant_submission_document_source_id", "applicant_submission_document_sources"),
            _check(
                submissions,
                "review_eligibility",
                _in("review_eligibility", ("APPROVED", "REJECTED", "NEEDS_REVIEW")),
            ),
        )
        _index(submissions, "entry_id")
        _index(submissions, "applicant_submission_document_source_id")

        _create_table(
            reviews,
            _uuid_pk(),
            sa.Column(submission_id, UUID, nullable=False),
            sa.Column("reviewer_id", UUID),
            sa.Column("calculation_id", UUID),
            sa.Column("status", VARCHAR, server_default=sa.text("'PENDING'"), nullable=False),
            sa.Column("type", VARCHAR, server_default=sa.text("'INITIAL'"), nullable=False),
            sa.Column("review_method", _enum("review_method")),
            sa.Column("rejection_reason", VARCHAR),
            sa.Column("assigned_date", TIMESTAMP),
            sa.Column("completed_date", TIMESTAMP),
            *_timestamps(),
            _fk(reviews, submission_id, submissions),
            _fk(reviews, "reviewer_id", "users"),
            _check(reviews, "status", _in("status", REVIEW_STATES)),
            _check(reviews, "type", _in("type", ("INITIAL", "ESCALATION"))),
        )
        _index(reviews, submission_id)
        _index(reviews, "reviewer_id")

        _create_table(
            results,
            _bigint_pk(),
            sa.Column("applicant_submission_id", UUID, nullable=False),
            sa.Column("calculation_id", UUID),
            sa.Column("review_eligibility", VARCHAR, nullable=False),
            sa.Column("rejected_reasons", postgresql.ARRAY(TEXT), server_default=EMPTY_ARRAY, nullable=False),
            *((sa.Column("type", VARCHAR),) if kind == "income" else ()),
            *_timestamps(),
            _fk(results, "applicant_submission_id", "applicant_submissions"),
            _check(results, "review_eligibility", _in("review_eligibility", ("APPROVED", "REJECTED"))),
        )
        _index(results, "applicant_submission_id")


def _create_rent_workflow() -> None:
    _create_table(
        "rent_verifications",
        _uuid_pk(),
        sa.Column("applicant_id", UUID, nullable=False),
        sa.Column("property_id", UUID),
        sa.Column("provider", VARCHAR, nullable=False),
        sa.Column("external_id", TEXT),
        sa.Column("status", VARCHAR, server_default=sa.text("'pending'"), nullable=False),
        sa.Column("report_url", TEXT),
        sa.Column("request_payload", JSONB),
        sa.Column("provider_data", JSONB),
        *_timestamps(),
        _fk("rent_verifications", "applicant_id", "applicants"),
        _fk("rent_verifications", "property_id", "properties"),
        _check("rent_verifications", "status", _in("status", ("pending", "processing", "completed", "failed"))),
    )
    _index("rent_verifications", "applicant_id")
    _index("rent_verifications", "property_id")

    _create_table(
        "rent_verification_events",
        _uuid_pk(),
        sa.Column("rent_verification_id", UUID, nullable=False),
        sa.Column("event_type", TEXT, nullable=False),
        sa.Column("event_data", JSONB),
        *_timestamps(),
        _fk("rent_verification_events", "rent_verification_id", "rent_verifications", ondelete="CASCADE"),
    )
    _index("rent_verification_events", "rent_verification_id")


def _seed() -> None:
    fraud_result_types = sa.table("fraud_result_types", sa.column("id", sa.BigInteger()), sa.column("code", VARCHAR))
    op.bulk_insert(
        fraud_result_types,
        [{"id": number, "code": code} for number, code in enumerate(FRAUD_RESULT_CODES, start=1)],
    )
    # Explicit ids bypass the identity sequence; move it past them.
    op.execute(
        sa.text(
            "SELECT setval(pg_get_serial_sequence('fraud_result_types', 'id'), "
            "(SELECT max(id) FROM fraud_result_types))"
        )
    )
    op.bulk_insert(sa.table("role", sa.column("name", VARCHAR)), [{"name": name} for name in ROLE_NAMES])
    op.bulk_insert(
        sa.table("country", sa.column("name", VARCHAR), sa.column("iso_code", VARCHAR)),
        [{"name": name, "iso_code": iso_code} for name, iso_code in COUNTRIES],
    )


def downgrade() -> None:
    for table, column, referred in CYCLIC_FOREIGN_KEYS:
        op.drop_constraint(op.f(f"fk_{table}_{column}_{referred}"), table, type_="foreignkey")
    # Dropping a table drops its indexes, constraints and triggers.
    for table in reversed(TABLES):
        op.drop_table(table)
    op.execute(sa.text("DROP FUNCTION properties_textsearch()"))
    op.execute(sa.text("DROP FUNCTION set_updated_at()"))
    for name in reversed(ENUM_TYPES):
        op.execute(sa.text(f"DROP TYPE {name}"))
