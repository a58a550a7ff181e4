"""One ``NamedTuple`` per demo-populated table: its fields are the COPY column list.

Rows are plain tuples because psycopg's ``write_row`` takes tuples as they
are, and a named tuple costs nothing over a tuple while making every
builder spell out which column gets which value. Field names are the
spec's column names verbatim.

Left out on purpose: ``bigint`` identity keys (``users_properties.id``,
``fraud_results.id``, ``matching_entries.id``), which the database numbers
in COPY order (so they are deterministic too), and
``properties.textsearchable_index_col``, which a trigger derives.

Value conventions: ids are UUID text (:mod:`.identifiers`); ``jsonb``
values are JSON text; ``text[]`` / ``jsonb[]`` values are array literals
(:mod:`.bulk_copy`); timestamps are naive ``datetime`` in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple


class CompanyRow(NamedTuple):
    id: str
    name: str
    address: str
    city: str
    state: str
    zip: str
    phone: str
    website: str
    logo: str | None
    short_id: str
    salesforce_account_id: str
    inserted_at: datetime
    updated_at: datetime


class PropertyRow(NamedTuple):
    id: str
    name: str
    entity_name: str
    address: str
    city: str
    state: str
    zip: str
    phone: str
    email: str
    website: str
    logo: str | None
    short_id: str
    unit: int
    company_id: str
    company_short_id: str
    pmc_name: str
    status: str
    sfdc_id: str
    bank_statement: int
    paystub: int
    supported_doctypes: str
    unit_is_required: bool
    phone_is_required: bool
    identity_verification_enabled: bool
    identity_verification_provider: str
    identity_verification_flow_types: str | None
    identity_verification_report_image_types: str | None
    inserted_at: datetime
    updated_at: datetime


class OwnerRow(NamedTuple):
    id: str
    name: str
    address: str
    city: str
    state: str
    zip: str
    phone: str
    website: str
    salesforce_id: str
    status: str
    inserted_at: datetime
    updated_at: datetime


class PropertyOwnerRow(NamedTuple):
    id: str
    property_id: str
    owner_id: str
    ownership_start: datetime
    ownership_end: datetime | None
    inserted_at: datetime
    updated_at: datetime


class TeamRow(NamedTuple):
    id: str
    name: str
    timezone: str
    country_id: int
    fde_manager_id: str | None
    inserted_at: datetime
    updated_at: datetime


class UserRow(NamedTuple):
    id: str
    auth_id: str
    short_id: str
    first_name: str
    last_name: str
    email: str
    role: str
    company_id: str | None
    team_id: str | None
    settings_notification: bool
    is_archived: bool
    inserted_at: datetime
    updated_at: datetime


class UserPropertyRow(NamedTuple):
    user_id: str
    property_id: str
    inserted_at: datetime
    updated_at: datetime


class UserOwnerRow(NamedTuple):
    owner_id: str
    user_id: str
    inserted_at: datetime
    updated_at: datetime


class FolderRow(NamedTuple):
    id: str
    name: str
    status: str
    result: str | None
    dynamic_ruling: str
    ruling_time: datetime | None
    property_id: str
    company_id: str
    property_short_id: str
    property_name: str
    company_short_id: str
    last_entry_id: str
    last_entry_submission_time: datetime
    last_entry_result: str | None
    last_entry_status: str
    review_assigned_to_id: str | None
    review_assigned_date: datetime | None
    inserted_at: datetime
    updated_at: datetime


class EntryRow(NamedTuple):
    id: str
    short_id: str
    status: str
    result: str | None
    suggested_ruling: str
    note: str | None
    unit: str | None
    metadata: str
    folder_id: str
    submission_time: datetime
    report_complete_time: datetime | None
    notification_email: str
    has_previously_submitted: bool
    auto_merged: bool
    is_automatic_review: bool
    review_status: str
    review_date: datetime | None
    review_assigned_date: datetime | None
    reviewer_id: str | None
    review_assigned_to_id: str | None
    primary_notification_sent_at: datetime | None
    secondary_notification_sent_at: datetime | None
    twenty_two_hours_notification_sent_at: datetime | None
    sixteen_hours_notification_sent_at: datetime | None
    inserted_at: datetime
    updated_at: datetime


class ApplicantDetailRow(NamedTuple):
    id: str
    prefilled_application_data: str
    inserted_at: datetime
    updated_at: datetime


class ApplicantRow(NamedTuple):
    id: str
    full_name: str
    first_name: str
    middle_initial: str | None
    last_name: str
    email: str
    phone: str
    notification: bool
    entry_id: str
    applicant_detail_id: str
    identity_id: str | None
    inserted_at: datetime
    updated_at: datetime


class ApplicantSubmissionRow(NamedTuple):
    id: str
    applicant_id: str
    submitted_time: datetime
    identity_id: str | None
    should_notify_applicant: bool
    inserted_at: datetime
    updated_at: datetime


class DocumentSourceRow(NamedTuple):
    id: str
    applicant_submission_id: str
    source_type: str
    inserted_at: datetime
    updated_at: datetime


class ProofRow(NamedTuple):
    id: str
    entry_id: str
    short_id: str
    file: str
    thumb: str
    type: str
    result: str
    suggested_ruling: str
    extracted_meta: str
    meta_data_flags: str
    similarity_check: str
    has_text: bool
    manual_review_recommended: bool
    inserted_at: datetime
    updated_at: datetime


class FraudSubmissionRow(NamedTuple):
    id: str
    applicant_submission_document_source_id: str
    entry_id: str
    inserted_at: datetime
    updated_at: datetime


class FraudReviewRow(NamedTuple):
    id: str
    fraud_submission_id: str
    reviewer_id: str
    result: int | None
    fraud_type: str | None
    status: str
    review_type: str
    result_reason: str | None
    assigned_date: datetime
    completed_date: datetime | None
    inserted_at: datetime
    updated_at: datetime


class FraudDocumentReviewRow(NamedTuple):
    id: str
    fraud_review_id: str
    document_id: str
    result: int
    source_type: str
    inserted_at: datetime
    updated_at: datetime


class FraudResultRow(NamedTuple):
    applicant_submission_id: str
    result: int
    inserted_at: datetime
    updated_at: datetime


class MatchingEntryRow(NamedTuple):
    entry_id: str
    matching_entry_id: str
    match_percentage: int
    inserted_at: datetime
    updated_at: datetime


Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """A demo-populated table and the row type whose fields are its COPY columns."""

    name: str
    row_type: type[Row]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.row_type._fields  # type: ignore[attr-defined]


TABLES: tuple[Table, ...] = (
    Table("companies", CompanyRow),
    Table("properties", PropertyRow),
    Table("owners", OwnerRow),
    Table("property_owners", PropertyOwnerRow),
    Table("team", TeamRow),
    Table("users", UserRow),
    Table("users_properties", UserPropertyRow),
    Table("users_owners", UserOwnerRow),
    Table("folders", FolderRow),
    Table("entries", EntryRow),
    Table("applicant_details", ApplicantDetailRow),
    Table("applicants", ApplicantRow),
    Table("applicant_submissions", ApplicantSubmissionRow),
    Table("applicant_submission_document_sources", DocumentSourceRow),
    Table("proof", ProofRow),
    Table("fraud_submissions", FraudSubmissionRow),
    Table("fraud_reviews", FraudReviewRow),
    Table("fraud_document_reviews", FraudDocumentReviewRow),
    Table("fraud_results", FraudResultRow),
    Table("matching_entries", MatchingEntryRow),
)
"""Every table the demo populates, with its row type, in load (dependency) order.

Foreign keys are suspended during the load (see :mod:`.foreign_keys`), so
the order only matters for readability and for deterministic identity
numbering; it still follows the dependencies, parents first.
"""
