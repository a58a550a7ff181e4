"""A small, hand-countable data set for the report tests, and the figures each report must give.

Two teams in different time zones make the day boundaries matter:
``East`` is America/New_York (UTC-5 in March), ``Tokyo`` Asia/Tokyo (UTC+9).
Entries (submitted / reviewed, UTC):

- e1: Alder One, reviewer1 (East), 03-02 03:00 → 03:40 (assigned 03:10), APPROVED. Day 03-01 in New York.
- e2: Alder One, reviewer2 (Tokyo), 03-02 15:00 → 16:00 (assigned 15:00), REJECTED, one FRAUD paystub
  the automation flagged. Day 03-03 in Tokyo.
- e3: Alder Two, nobody, 03-02 02:00, unassigned, one CLEAN paystub the automation flagged EDITED (a false
  positive). Day: the requester's team's (03-01 for the East admin, 03-02 in UTC for a company admin).
- e4: Birch One, reviewer1, 03-05 12:00 → 12:20 (assigned 12:00), APPROVED. Day 03-05.
- e5: Birch One, nobody, 04-10 12:00: outside every range below.

The staff admin is in team East; company admin A (Alder Homes) has no team, so UTC.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import psycopg

from tests.factories import insert_company, insert_folder, insert_property
from tests.security_roles import Logins, Person

MARCH_1: Final = datetime.date(2026, 3, 1)
MARCH_4: Final = datetime.date(2026, 3, 4)
MARCH_10: Final = datetime.date(2026, 3, 10)


REVIEWER_HEADER: Final = (
    "Reviewer",
    "Reviews completed",
    "Avg review minutes",
    "Approved %",
    "QA-checked",
    "Quality score %",
)


@dataclass(frozen=True)
class ReportWorld:
    admin: Person
    company_admin_a: Person
    company_admin_b: Person
    reviewer: Person
    second_reviewer: Person
    worker: str
    property_a1: uuid.UUID
    logins: Logins


def _team(owner: psycopg.Connection, name: str, timezone: str) -> uuid.UUID:
    row = owner.execute(
        "INSERT INTO team (name, timezone, country_id) VALUES (%s, %s, (SELECT id FROM country WHERE iso_code = 'US'))"
        " RETURNING id",
        (name, timezone),
    ).fetchone()
    assert row is not None
    return row[0]


def _utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute)


def build_report_world(owner: psycopg.Connection, logins: Logins) -> ReportWorld:
    east = _team(owner, "East", "America/New_York")
    tokyo = _team(owner, "Tokyo", "Asia/Tokyo")
    alder = insert_company(owner, name="Alder Homes", short_id="C-A")
    birch = insert_company(owner, name="Birch Living", short_id="C-B")
    a1 = insert_property(owner, alder, name="Alder One", short_id="P-A1")
    a2 = insert_property(owner, alder, name="Alder Two", short_id="P-A2")
    b1 = insert_property(owner, birch, name="Birch One", short_id="P-B1")
    reviewer1 = logins.person(owner, "reviewer1", "reviewer", team_id=east)
    reviewer2 = logins.person(owner, "reviewer2", "reviewer", team_id=tokyo)
    folders = {
        key: insert_folder(owner, prop, name=f"Folder {key}") for key, prop in (("a1", a1), ("a2", a2), ("b1", b1))
    }
    entries = (
        ("e1", "a1", reviewer1, _utc(2, 3), _utc(2, 3, 10), _utc(2, 3, 40), "APPROVED"),
        ("e2", "a1", reviewer2, _utc(2, 15), _utc(2, 15), _utc(2, 16), "REJECTED"),
        ("e3", "a2", None, _utc(2, 2), None, None, None),
        ("e4", "b1", reviewer1, _utc(5, 12), _utc(5, 12), _utc(5, 12, 20), "APPROVED"),
        ("e5", "b1", None, _utc(10, 12, month=4), None, None, None),
    )
    ids: dict[str, uuid.UUID] = {}
    for key, folder, reviewer, submitted, assigned, reviewed, result in entries:
        row = owner.execute(
            """
            INSERT INTO entries (folder_id, short_id, submission_time, review_status, reviewer_id,
                                 review_assigned_date, review_date, result)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id
            """,
            (
                folders[folder],
                key,
                submitted,
                "COMPLETED" if reviewed else "UNASSIGNED",
                reviewer.user_id if reviewer else None,
                assigned,
                reviewed,
                result,
            ),
        ).fetchone()
        assert row is not None
        ids[key] = row[0]
    for key, result, suggested in (("e1", "PENDING", "NOT_RUN"), ("e2", "FRAUD", "FRAUD"), ("e3", "CLEAN", "EDITED")):
        owner.execute(
            "INSERT INTO proof (entry_id, file, type, result, suggested_ruling)"
            " VALUES (%s, 'db://none', 'paystub', %s, %s)",
            (ids[key], result, suggested),
        )
    return ReportWorld(
        admin=logins.person(owner, "admin", "admin", team_id=east),
        company_admin_a=logins.person(owner, "company-admin-a", "admin", company_id=alder),
        company_admin_b=logins.person(owner, "company-admin-b", "admin", company_id=birch),
        reviewer=reviewer1,
        second_reviewer=reviewer2,
        worker=logins.login(owner, f"report-worker-{logins.tag}", "rd_worker"),
        property_a1=a1,
        logins=logins,
    )


@contextmanager
def report_world_in(owner_url: str) -> Iterator[ReportWorld]:
    """The world in the database at ``owner_url``; its logins are dropped afterwards."""
    logins = Logins(owner_url)
    try:
        with psycopg.connect(owner_url, autocommit=True) as owner:
            world = build_report_world(owner, logins)
        yield world
    finally:
        logins.drop_all()


def request(
    world: ReportWorld, who: str, report_type: str, refs: tuple[uuid.UUID, ...], start: Any, end: Any
) -> uuid.UUID:
    """``rd_request_report`` as ``who`` over plain psycopg; returns the report id."""
    with world.logins.connect(getattr(world, who).login) as conn:
        row = conn.execute(
            "SELECT rd_request_report(%s, %s::uuid[], %s, %s, %s)", (report_type, list(refs), not refs, start, end)
        ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def csv_rows(owner: psycopg.Connection, report_id: uuid.UUID) -> list[list[str]]:
    row = owner.execute(
        "SELECT b.content FROM analytics_reports r JOIN document_blobs b ON b.id = r.csv_blob_id WHERE r.id = %s",
        (report_id,),
    ).fetchone()
    assert row is not None
    return list(csv.reader(io.StringIO(bytes(row[0]).decode("utf-8"))))


Request = tuple[str, str, tuple[uuid.UUID, ...], datetime.date | None, datetime.date | None]
"""(who, type, references, from, to)."""


def expected_batch(world: ReportWorld) -> list[tuple[Request, list[list[str]]]]:
    """Each request with the CSV rows (header included) counted by hand from the module docstring."""
    day_header = ["Day", "Entries submitted", "Reviews completed", "Approved", "Approval rate %", "Avg review minutes"]
    company_header = [
        "Company",
        "Entries",
        "Reviews completed",
        "Approved",
        "Rejected",
        "Entries with fraud",
        "Avg review minutes",
    ]
    return [
        (
            ("admin", "entry_performance", (), MARCH_1, MARCH_4),
            [day_header, ["2026-03-01", "2", "1", "1", "100.0", "40.0"], ["2026-03-03", "1", "1", "0", "0.0", "60.0"]],
        ),
        (
            ("company_admin_a", "entry_performance", (), MARCH_1, MARCH_4),
            [
                day_header,
                ["2026-03-01", "1", "1", "1", "100.0", "40.0"],
                ["2026-03-02", "1", "0", "0", "", ""],
                ["2026-03-03", "1", "1", "0", "0.0", "60.0"],
            ],
        ),
        (
            ("admin", "company_summary", (), MARCH_1, MARCH_10),
            [
                company_header,
                ["Alder Homes", "3", "2", "1", "1", "1", "50.0"],
                ["Birch Living", "1", "1", "1", "0", "0", "20.0"],
            ],
        ),
        (
            ("company_admin_a", "company_summary", (), MARCH_1, MARCH_10),
            [company_header, ["Alder Homes", "3", "2", "1", "1", "1", "50.0"]],
        ),
        (
            ("admin", "property_performance", (world.property_a1,), MARCH_1, MARCH_4),
            [
                ["Property", "Entries", "Entries with fraud", "Fraud rate %", "Verification success %"],
                ["Alder One", "2", "1", "50.0", "50.0"],
            ],
        ),
        (
            ("admin", "reviewer_performance", (), MARCH_1, MARCH_4),
            [
                [*REVIEWER_HEADER],
                ["reviewer1 Test", "1", "30.0", "100.0", "0", ""],
                ["reviewer2 Test", "1", "60.0", "0.0", "0", ""],
            ],
        ),
        (
            ("admin", "fraud_analysis", (), MARCH_1, MARCH_4),
            [
                [
                    "Document type",
                    "Documents ruled",
                    "Fraud or edited",
                    "Fraud detection rate %",
                    "Flagged automatically",
                    "False positive rate %",
                ],
                ["paystub", "2", "1", "50.0", "2", "50.0"],
            ],
        ),
        (
            ("admin", "entry_performance", (), datetime.date(2027, 1, 1), datetime.date(2027, 1, 31)),
            [day_header],
        ),
        (
            ("admin", "property_performance", (uuid.uuid4(),), None, None),
            [
                ["Property", "Entries", "Entries with fraud", "Fraud rate %", "Verification success %"],
            ],
        ),
    ]
