"""Helpers for the security tests: people as login roles, plain psycopg connections as them, and a small world.

The attacking side of every security test is plain psycopg, connected as
the person's own login role with their password: no service, no ORM, no
app code between the test and the database. The arranging side is plain
SQL as the owner, so a test does not depend on the functions it attacks
(the ones that create people and roles have tests of their own).

Login roles are cluster-wide and the whole run shares one cluster, while
each test module has its own database. So every login made here carries a
tag unique to one :class:`Logins` (one test module), and
:func:`security_world` drops them all when the module is done.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import make_url

from services.accounts import password_verifier
from services.database_urls import sqlalchemy_url
from tests.factories import insert_company, insert_entry, insert_folder, insert_property

PASSWORD: Final = "Plain-psycopg test password 1"
"""Every test login's password (they are dropped at the end of their module)."""

GATEKEEPER: Final = "rd_gatekeeper"

GROUP_OF: Final[dict[tuple[str, bool], str]] = {
    ("reviewer", False): "rd_reviewer",
    ("senior_reviewer", False): "rd_senior_reviewer",
    ("qa", False): "rd_qa",
    ("admin", False): "rd_admin",
    ("admin", True): "rd_company_admin",
    ("user", True): "rd_company_user",
    ("property_manager", True): "rd_property_manager",
    ("owner_admin", False): "rd_owner_admin",
    ("owner_viewer", False): "rd_owner_viewer",
}
"""``(users.role, has a company)`` → group role, spelled out as the tests expect it."""


@dataclass(frozen=True)
class Person:
    """A ``users`` row with its login role (an opaque ``rd_u_…`` name, as migration 0007 makes them)."""

    email: str
    login: str
    user_id: uuid.UUID
    role: str
    company_id: uuid.UUID | None


class Logins:
    """Creates test logins with names unique to one test module, connects as them, and drops them."""

    def __init__(self, owner_url: str) -> None:
        self.owner_url = owner_url
        self.tag = uuid.uuid4().hex[:8]
        self._created: list[str] = []

    def email(self, name: str) -> str:
        return f"{name}-{self.tag}@test.example"

    def person(
        self,
        owner: psycopg.Connection,
        name: str,
        role: str,
        *,
        company_id: uuid.UUID | None = None,
        team_id: uuid.UUID | None = None,
        property_ids: tuple[uuid.UUID, ...] = (),
        owner_ids: tuple[uuid.UUID, ...] = (),
    ) -> Person:
        """A users row, its grants and its login role, in the group its role maps to."""
        email = self.email(name)
        row = owner.execute(
            "INSERT INTO users (email, first_name, last_name, role, company_id, team_id)"
            " VALUES (%s, %s, 'Test', %s, %s, %s) RETURNING id",
            (email, name, role, company_id, team_id),
        ).fetchone()
        assert row is not None
        for property_id in property_ids:
            owner.execute("INSERT INTO users_properties (user_id, property_id) VALUES (%s, %s)", (row[0], property_id))
        for owner_id in owner_ids:
            owner.execute("INSERT INTO users_owners (owner_id, user_id) VALUES (%s, %s)", (owner_id, row[0]))
        login = self.login(owner, f"rd_u_{secrets.token_hex(16)}", "rd_app", GROUP_OF[role, company_id is not None])
        owner.execute("INSERT INTO rd_private.login_roles (user_id, role_name) VALUES (%s, %s)", (row[0], login))
        return Person(email, login, row[0], role, company_id)

    def login(self, owner: psycopg.Connection, name: str, *groups: str) -> str:
        """A bare login role in ``groups`` (e.g. a worker node's)."""
        owner.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(PASSWORD), sql.SQL(", ").join(map(sql.Identifier, groups))
            )
        )
        self.adopt(name)
        return name

    def login_of(self, user_id: uuid.UUID) -> str:
        """The opaque login role the functions under test made for ``user_id``; dropped with the others."""
        with psycopg.connect(self.owner_url, autocommit=True) as owner:
            row = owner.execute("SELECT rd_login_role_of(%s)", (user_id,)).fetchone()
        assert row is not None and row[0] is not None, f"user {user_id} has no login"
        self.adopt(row[0])
        return str(row[0])

    def adopt(self, login: str) -> None:
        """Drop ``login`` with the others at the end, e.g. one the functions under test created."""
        self._created.append(login)

    def url(self, login: str, password: str = PASSWORD) -> str:
        return make_conninfo(self.owner_url, user=login, password=password)

    def connect(self, login: str, password: str = PASSWORD) -> psycopg.Connection:
        """An autocommit connection as ``login``: each refused statement stands alone."""
        return psycopg.connect(self.url(login, password), autocommit=True)

    def drop_all(self) -> None:
        with psycopg.connect(self.owner_url, autocommit=True) as owner:
            for login in reversed(self._created):
                owner.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (login,))
                owner.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


@contextmanager
def gatekeeper_enabled(owner: psycopg.Connection) -> Iterator[str]:
    """Let ``rd_gatekeeper`` log in with :data:`PASSWORD` for the block (it is NOLOGIN otherwise)."""
    owner.execute(sql.SQL("ALTER ROLE rd_gatekeeper LOGIN PASSWORD {}").format(sql.Literal(PASSWORD)))
    try:
        yield GATEKEEPER
    finally:
        owner.execute("ALTER ROLE rd_gatekeeper NOLOGIN PASSWORD NULL")


@contextmanager
def refused(sqlstate: str, message: str = "") -> Iterator[pytest.ExceptionInfo[psycopg.Error]]:
    """Expect the block to fail with exactly ``sqlstate`` and an error text containing ``message``."""
    with pytest.raises(psycopg.Error) as caught:
        yield caught
    error = caught.value
    assert error.sqlstate == sqlstate, f"expected {sqlstate}, got {error.sqlstate}: {error}"
    assert message in str(error), f"expected {message!r} in: {error}"


def verifier(conn: psycopg.Connection, login: str, password: str = PASSWORD) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, computed client-side as the functions require."""
    return password_verifier(conn, login, password)


def count(conn: psycopg.Connection, table: str) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
    assert row is not None
    return int(row[0])


# ---------------------------------------------------------------------- world
SCREENING_TABLES: Final = (
    "folders",
    "entries",
    "applicants",
    "applicant_details",
    "applicant_submissions",
    "applicant_submission_document_sources",
    "proof",
    "fraud_submissions",
    "fraud_reviews",
    "fraud_document_reviews",
    "fraud_results",
    "id_verifications",
    "rent_verifications",
    "document_blobs",
)
"""Tables in which every screening of the world has exactly one row."""


@dataclass(frozen=True)
class Screening:
    """One entry with one of everything below it."""

    company_id: uuid.UUID
    property_id: uuid.UUID
    folder_id: uuid.UUID
    entry_id: uuid.UUID
    applicant_id: uuid.UUID
    applicant_submission_id: uuid.UUID
    proof_id: uuid.UUID
    fraud_submission_id: uuid.UUID
    fraud_review_id: uuid.UUID


@dataclass(frozen=True)
class World:
    """Two companies, one owner across both, four screenings and one person per role.

    - Company A: properties A1, A2. Company B: B1, B2.
    - Owner O currently owns A2 and B1 and used to own A1.
    - Entry A1 is assigned to ``reviewer1``, A2 to ``reviewer2``, B2 to
      ``senior``; B1 is unassigned. Duplicates: A1↔A2 and A1↔B1.
    - ``company_user_a`` is granted A1, ``manager_a`` A2; the owner users
      hold owner O.
    """

    company_a: uuid.UUID
    company_b: uuid.UUID
    owner_id: uuid.UUID
    team_id: uuid.UUID
    screenings: dict[str, Screening]
    people: dict[str, Person]
    worker: str
    visible: dict[str, frozenset[str]]
    """Who (a key of ``people``, or ``"worker"``) → the screening keys they must see."""
    logins: Logins = field(repr=False)

    def login(self, who: str) -> str:
        return self.worker if who == "worker" else self.people[who].login

    def sqlalchemy_url(self, who: str) -> str:
        """The module database's SQLAlchemy URL as ``who``, with their own password (for a unit of work)."""
        owner = make_url(sqlalchemy_url(self.logins.owner_url))
        return owner.set(username=self.login(who), password=PASSWORD).render_as_string(hide_password=False)

    def connect(self, who: str) -> psycopg.Connection:
        """Plain psycopg, autocommit, as ``who`` with their password."""
        return self.logins.connect(self.login(who))

    def owner(self) -> psycopg.Connection:
        return psycopg.connect(self.logins.owner_url, autocommit=True)

    @asynccontextmanager
    async def pool(self, who: str) -> AsyncIterator[AsyncConnectionPool[Any]]:
        """A small psycopg pool as ``who``, the way ``oban`` (a workstation's client, a worker node) uses one."""
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            self.logins.url(self.login(who)), min_size=1, max_size=4, open=False
        )
        await pool.open(wait=True, timeout=10)
        try:
            yield pool
        finally:
            await pool.close()


@contextmanager
def security_world(owner_url: str) -> Iterator[World]:
    """The :class:`World` in the database at ``owner_url``; its logins are dropped afterwards."""
    logins = Logins(owner_url)
    try:
        with psycopg.connect(owner_url, autocommit=True) as owner:
            world = build_world(owner, logins)
        yield world
    finally:
        logins.drop_all()


ALL_SCREENINGS: Final = frozenset({"A1", "A2", "B1", "B2"})
STAFF: Final = ("reviewer1", "reviewer2", "senior", "qa", "admin")
COMPANY_SIDE: Final = (
    "company_admin_a",
    "company_admin_b",
    "company_user_a",
    "manager_a",
    "owner_admin",
    "owner_viewer",
)


def build_world(owner: psycopg.Connection, logins: Logins) -> World:
    """Arrange the :class:`World` with plain SQL as the owner (``owner`` is autocommit)."""
    team_id = _insert(
        owner,
        "INSERT INTO team (name, timezone, country_id) VALUES ('Fraud Detection', 'UTC',"
        " (SELECT id FROM country WHERE iso_code = 'US')) RETURNING id",
    )
    company_a = insert_company(owner, name="Alder Homes", short_id="C-A")
    company_b = insert_company(owner, name="Birch Living", short_id="C-B")
    properties = {
        "A1": insert_property(owner, company_a, name="Alder One", short_id="P-A1"),
        "A2": insert_property(owner, company_a, name="Alder Two", short_id="P-A2"),
        "B1": insert_property(owner, company_b, name="Birch One", short_id="P-B1"),
        "B2": insert_property(owner, company_b, name="Birch Two", short_id="P-B2"),
    }
    owner_id = _insert(owner, "INSERT INTO owners (name, salesforce_id) VALUES ('Oak REIT', 'SF-OAK') RETURNING id")
    for key, ended in (("A1", True), ("A2", False), ("B1", False)):
        owner.execute(
            "INSERT INTO property_owners (property_id, owner_id, ownership_start, ownership_end)"
            " VALUES (%s, %s, '2020-01-01', CASE WHEN %s THEN timestamp '2024-01-01' END)",
            (properties[key], owner_id, ended),
        )

    people = {
        "reviewer1": logins.person(owner, "reviewer1", "reviewer", team_id=team_id),
        "reviewer2": logins.person(owner, "reviewer2", "reviewer", team_id=team_id),
        "senior": logins.person(owner, "senior", "senior_reviewer", team_id=team_id),
        "qa": logins.person(owner, "qa", "qa", team_id=team_id),
        "admin": logins.person(owner, "admin", "admin", team_id=team_id),
        "company_admin_a": logins.person(owner, "company-admin-a", "admin", company_id=company_a),
        "company_admin_b": logins.person(owner, "company-admin-b", "admin", company_id=company_b),
        "company_user_a": logins.person(
            owner, "company-user-a", "user", company_id=company_a, property_ids=(properties["A1"],)
        ),
        "manager_a": logins.person(
            owner, "manager-a", "property_manager", company_id=company_a, property_ids=(properties["A2"],)
        ),
        "owner_admin": logins.person(owner, "owner-admin", "owner_admin", owner_ids=(owner_id,)),
        "owner_viewer": logins.person(owner, "owner-viewer", "owner_viewer", owner_ids=(owner_id,)),
    }
    assignees = {"A1": people["reviewer1"], "A2": people["reviewer2"], "B1": None, "B2": people["senior"]}
    screenings = {key: _insert_screening(owner, key, properties[key], assignees[key]) for key in sorted(properties)}
    for left, right, percentage in (("A1", "A2", 90), ("A1", "B1", 80)):
        owner.execute(
            "INSERT INTO matching_entries (entry_id, matching_entry_id, match_percentage) VALUES (%s, %s, %s)",
            (screenings[left].entry_id, screenings[right].entry_id, percentage),
        )
    _insert_supporting_rows(owner, people, company_a, company_b, properties)

    visible = {
        "company_admin_a": frozenset({"A1", "A2"}),
        "company_admin_b": frozenset({"B1", "B2"}),
        "company_user_a": frozenset({"A1"}),
        "manager_a": frozenset({"A2"}),
        "owner_admin": frozenset({"A2", "B1"}),
        "owner_viewer": frozenset({"A2", "B1"}),
        **dict.fromkeys((*STAFF, "worker"), ALL_SCREENINGS),
    }
    worker = logins.login(owner, f"worker-node-{logins.tag}", "rd_worker")
    return World(company_a, company_b, owner_id, team_id, screenings, people, worker, visible, logins)


def _insert_screening(
    owner: psycopg.Connection, key: str, property_id: uuid.UUID, assignee: Person | None
) -> Screening:
    folder_id = insert_folder(owner, property_id, name=f"Applicant {key}", property_name=None)
    entry_id = insert_entry(
        owner, folder_id, short_id=f"E-{key}", review_status="ASSIGNED" if assignee else "UNASSIGNED"
    )
    if assignee is not None:
        owner.execute("UPDATE entries SET review_assigned_to_id = %s WHERE id = %s", (assignee.user_id, entry_id))
    detail_id = _insert(owner, "INSERT INTO applicant_details DEFAULT VALUES RETURNING id")
    applicant_id = _insert(
        owner,
        "INSERT INTO applicants (entry_id, applicant_detail_id, full_name) VALUES (%s, %s, %s) RETURNING id",
        (entry_id, detail_id, f"Applicant {key}"),
    )
    submission_id = _insert(
        owner,
        "INSERT INTO applicant_submissions (applicant_id, submitted_time) VALUES (%s, '2025-01-06') RETURNING id",
        (applicant_id,),
    )
    source_id = _insert(
        owner,
        "INSERT INTO applicant_submission_document_sources (applicant_submission_id, source_type)"
        " VALUES (%s, 'manual_upload') RETURNING id",
        (submission_id,),
    )
    content = f"paystub of {key}".encode()
    blob_id = _insert(
        owner,
        "INSERT INTO document_blobs (content, content_type, sha256, byte_size)"
        " VALUES (%s, 'application/pdf', %s, %s) RETURNING id",
        (content, hashlib.sha256(content).hexdigest(), len(content)),
    )
    proof_id = _insert(
        owner,
        "INSERT INTO proof (entry_id, file, type) VALUES (%s, %s, 'paystub') RETURNING id",
        (entry_id, f"db://document_blobs/{blob_id}"),
    )
    fraud_submission_id = _insert(
        owner,
        "INSERT INTO fraud_submissions (entry_id, applicant_submission_document_source_id)"
        " VALUES (%s, %s) RETURNING id",
        (entry_id, source_id),
    )
    fraud_review_id = _insert(
        owner,
        "INSERT INTO fraud_reviews (fraud_submission_id, reviewer_id) VALUES (%s, %s) RETURNING id",
        (fraud_submission_id, assignee.user_id if assignee else None),
    )
    owner.execute(
        "INSERT INTO fraud_document_reviews (fraud_review_id, document_id) VALUES (%s, %s)", (fraud_review_id, proof_id)
    )
    owner.execute("INSERT INTO fraud_results (applicant_submission_id, result) VALUES (%s, 1)", (submission_id,))
    owner.execute(
        "INSERT INTO id_verifications (property_id, applicant_detail_id) VALUES (%s, %s)", (property_id, detail_id)
    )
    owner.execute(
        "INSERT INTO rent_verifications (applicant_id, property_id, provider) VALUES (%s, %s, 'demo')",
        (applicant_id, property_id),
    )
    company_row = owner.execute("SELECT company_id FROM properties WHERE id = %s", (property_id,)).fetchone()
    assert company_row is not None
    return Screening(
        company_row[0],
        property_id,
        folder_id,
        entry_id,
        applicant_id,
        submission_id,
        proof_id,
        fraud_submission_id,
        fraud_review_id,
    )


def _insert_supporting_rows(
    owner: psycopg.Connection,
    people: dict[str, Person],
    company_a: uuid.UUID,
    company_b: uuid.UUID,
    properties: dict[str, uuid.UUID],
) -> None:
    """Invitations and an API key per company, two reports, an applicant session."""
    for company_id, role in ((company_a, "user"), (company_b, "property_manager")):
        owner.execute(
            "INSERT INTO invitations (email, role, company_id) VALUES (%s, %s, %s)",
            (f"invitee-{company_id}@test.example", role, company_id),
        )
        owner.execute(
            "INSERT INTO api_keys (description, key, company_id) VALUES ('integration', %s, %s)",
            (hashlib.sha256(company_id.bytes).hexdigest(), company_id),
        )
    owner.execute(
        "INSERT INTO invitations_properties (invitation_id, property_id)"
        " SELECT id, %s FROM invitations WHERE company_id = %s",
        (properties["A1"], company_a),
    )
    for name in ("admin", "qa"):
        owner.execute("INSERT INTO analytics_reports (type, user_id) VALUES ('ruling', %s)", (people[name].user_id,))
    owner.execute(
        "INSERT INTO unauthenticated_session (ip_address, application, property) VALUES ('192.0.2.1', '{}', '{}')"
    )


def _insert(conn: psycopg.Connection, statement: str, params: object = None) -> uuid.UUID:
    row = conn.execute(statement, params).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return row[0]
