"""A database of one test's own with review staff who can sign in, and entries ready to be ruled.

Claim-next takes the oldest unassigned entry of the whole database, so
every test that claims gets a fresh database (a copy of the migrated
template) and arranges exactly the pool it means. The staff's login roles
are cluster-wide and made once per module (:func:`staff_logins`); each
database gets their ``users`` rows with the same addresses, mapped to the
same (opaque) login roles.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, Final

import psycopg
from sqlalchemy.ext.asyncio import AsyncEngine

from app.engine import build_engine, build_unit_of_work
from services.database_urls import with_credentials
from services.unit_of_work import UnitOfWork
from tests.conftest import TestServer
from tests.factories import DEFAULT_SUBMITTED_AT, insert_company, insert_entry, insert_folder, insert_property
from tests.security_roles import GROUP_OF, PASSWORD, Logins

STAFF_ROLES: Final = {
    "reviewer1": "reviewer",
    "reviewer2": "reviewer",
    "senior": "senior_reviewer",
    "qa": "qa",
    "admin": "admin",
}


@dataclass(frozen=True)
class StaffLogins:
    logins: Logins
    emails: dict[str, str]
    roles: dict[str, str]
    """Who → their opaque login role, the same in every desk database."""


@contextmanager
def staff_logins(pg_server: TestServer, extra_reviewers: int = 0) -> Iterator[StaffLogins]:
    """Login roles for :data:`STAFF_ROLES` plus ``reviewer-<n>``s; dropped afterwards."""
    logins = Logins(pg_server.libpq_url("postgres"))
    roles = {**STAFF_ROLES, **{f"reviewer-{n}": "reviewer" for n in range(extra_reviewers)}}
    emails = {name: logins.email(name) for name in roles}
    login_roles = {}
    try:
        with psycopg.connect(logins.owner_url, autocommit=True) as owner:
            for name, role in roles.items():
                login_roles[name] = logins.login(
                    owner, f"rd_u_{secrets.token_hex(16)}", "rd_app", GROUP_OF[role, False]
                )
        yield StaffLogins(logins, emails, login_roles)
    finally:
        logins.drop_all()


@dataclass(frozen=True)
class Desk:
    """One test's database: its owner URL, and each staff member's ``users.id`` and login URL."""

    owner_url: str
    user_ids: dict[str, uuid.UUID]
    urls: dict[str, str]

    def owner(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.owner_url, autocommit=True)

    def connect(self, who: str) -> psycopg.Connection[Any]:
        return psycopg.connect(self.urls[who], autocommit=True)

    @asynccontextmanager
    async def engine(self, who: str) -> AsyncIterator[AsyncEngine]:
        engine = build_engine(self.urls[who])
        try:
            yield engine
        finally:
            await engine.dispose()

    @asynccontextmanager
    async def unit_of_work(self, who: str) -> AsyncIterator[UnitOfWork]:
        async with self.engine(who) as engine:
            yield build_unit_of_work(engine)


@contextmanager
def desk_database(pg_server: TestServer, template: str, staff: StaffLogins) -> Iterator[Desk]:
    name = pg_server.create_database("desk", template=template)
    owner_url = pg_server.libpq_url(name)
    user_ids = {}
    with psycopg.connect(owner_url, autocommit=True) as owner:
        for who, email in staff.emails.items():
            role = STAFF_ROLES.get(who, "reviewer")
            row = owner.execute(
                "INSERT INTO users (email, first_name, last_name, role) VALUES (%s, %s, 'Test', %s) RETURNING id",
                (email, who, role),
            ).fetchone()
            assert row is not None
            user_ids[who] = row[0]
            owner.execute(
                "INSERT INTO rd_private.login_roles (user_id, role_name) VALUES (%s, %s)", (row[0], staff.roles[who])
            )
    urls = {who: with_credentials(owner_url, login, PASSWORD) for who, login in staff.roles.items()}
    try:
        yield Desk(owner_url, user_ids, urls)
    finally:
        with psycopg.connect(pg_server.libpq_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Reviewable:
    """An entry with one applicant, one applicant submission, its proofs and its fraud submission."""

    folder_id: uuid.UUID
    entry_id: uuid.UUID
    applicant_submission_id: uuid.UUID
    proof_ids: tuple[uuid.UUID, ...]
    fraud_submission_id: uuid.UUID


def insert_reviewable(
    owner: psycopg.Connection[Any],
    *,
    short_id: str,
    submitted_at: datetime.datetime = DEFAULT_SUBMITTED_AT,
    proofs: int = 2,
    folder_id: uuid.UUID | None = None,
) -> Reviewable:
    """An UNASSIGNED entry ready to be claimed and ruled (in a folder of its own unless one is given)."""
    if folder_id is None:
        company_id = insert_company(owner, name=f"{short_id} Homes")
        property_id = insert_property(owner, company_id, name=f"{short_id} Court")
        folder_id = insert_folder(owner, property_id, name=f"Applicant {short_id}", property_name=f"{short_id} Court")
    entry_id = insert_entry(owner, folder_id, short_id=short_id, submission_time=submitted_at)
    rows = owner.execute(
        """
        WITH applicant AS (
            INSERT INTO applicants (entry_id, full_name, email) VALUES (%(entry)s, %(name)s, %(email)s) RETURNING id
        ), submission AS (
            INSERT INTO applicant_submissions (applicant_id, submitted_time)
            SELECT id, %(at)s FROM applicant RETURNING id
        ), source AS (
            INSERT INTO applicant_submission_document_sources (applicant_submission_id, source_type)
            SELECT id, 'manual_upload' FROM submission RETURNING id
        ), fraud AS (
            INSERT INTO fraud_submissions (entry_id, applicant_submission_document_source_id)
            SELECT %(entry)s, id FROM source RETURNING id
        )
        SELECT submission.id, fraud.id FROM submission, fraud
        """,
        {
            "entry": entry_id,
            "name": f"Applicant {short_id}",
            "email": f"{short_id}@applicant.example",
            "at": submitted_at,
        },
    ).fetchone()
    assert rows is not None
    proof_ids = tuple(
        owner.execute(
            "INSERT INTO proof (entry_id, file, thumb, type, suggested_ruling, meta_data_flags, extracted_meta,"
            " similarity_check, inserted_at) VALUES (%s, %s, %s, 'paystub', 'EDITED', '{font_manipulation}',"
            ' \'{"employer": "Acme"}\', ARRAY[\'{"entry": "E-0", "score": 91}\'::jsonb], %s) RETURNING id',
            (
                entry_id,
                f"file:///docs/{short_id}-{n}.pdf",
                f"file:///thumbs/{short_id}-{n}.png",
                submitted_at + datetime.timedelta(seconds=n),
            ),
        ).fetchone()[0]  # type: ignore[index]
        for n in range(proofs)
    )
    return Reviewable(folder_id, entry_id, rows[0], proof_ids, rows[1])


def insert_pool(owner: psycopg.Connection[Any], count: int) -> list[uuid.UUID]:
    """``count`` bare unassigned entries a second apart (claim-next needs nothing else), oldest first."""
    rows = owner.execute(
        "INSERT INTO entries (short_id, submission_time)"
        " SELECT 'P-' || n, %s + n * interval '1 second' FROM generate_series(1, %s) AS n"
        " RETURNING id, submission_time",
        (DEFAULT_SUBMITTED_AT, count),
    ).fetchall()
    return [entry_id for entry_id, _ in sorted(rows, key=lambda row: row[1])]
