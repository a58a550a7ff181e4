"""Demo seeding against a real database: coverage, consistency, determinism, refusal and replace.

One module database is seeded once with the default "now" (so the live
queue is checked against the wall clock) and inspected by most tests;
the determinism, replace and first-run tests seed databases of their own.
All share one document pool directory, so the pool is drawn only once.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import psycopg
import pytest

from app.errors import CommandError
from app.seed_command import run_seed, seed_if_empty
from app.settings import Settings
from demo.seed import (
    DEMO_ACCOUNTS,
    DEMO_OPEN_WORK_CAP,
    PROPERTY_MANAGER_EMAIL,
    DatabaseNotEmpty,
    SeedReport,
    seed_demo_data,
)
from services.api_key_admin_rows import ApiKeyRole
from tests.conftest import TestServer

ENTRIES = 300
SEED = 7


def seed(url: str, documents_dir: Path, **options: Any) -> SeedReport:
    async def run() -> SeedReport:
        async with await psycopg.AsyncConnection.connect(url) as conn:
            return await seed_demo_data(conn, documents_dir=documents_dir, **options)

    # psycopg's async mode needs a selector loop, which Windows does not use by default.
    return asyncio.run(run(), loop_factory=asyncio.SelectorEventLoop if sys.platform == "win32" else None)


def rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()  # type: ignore[arg-type]


def scalar(url: str, query: str, params: tuple[Any, ...] = ()) -> Any:
    return rows(url, query, params)[0][0]


@pytest.fixture(scope="module")
def documents_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the pool is drawn; named like ``Settings.documents_dir`` so the CLI test reuses it."""
    return tmp_path_factory.mktemp("data") / "documents"


@pytest.fixture(scope="module")
def seeded(migrated_libpq_url: str, documents_dir: Path) -> tuple[str, SeedReport]:
    report = seed(migrated_libpq_url, documents_dir, entries=ENTRIES, seed=SEED)
    return migrated_libpq_url, report


@pytest.fixture
def spare_database(pg_server: TestServer, migrated_template: str) -> Iterator[str]:
    """A migrated database of the test's own (libpq URL), dropped afterwards."""
    name = pg_server.create_database("seed", template=migrated_template)
    yield pg_server.libpq_url(name)
    with psycopg.connect(pg_server.libpq_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_report_counts_what_landed(seeded: tuple[str, SeedReport]) -> None:
    url, report = seeded
    assert report.entries == ENTRIES
    for table, count in report.rows.items():
        assert scalar(url, f'SELECT count(*) FROM "{table}"') == count, table
    assert report.rows["proof"] > ENTRIES  # several documents per entry
    assert 0 < report.rows["folders"] < ENTRIES  # some folders hold a duplicate submission
    # Demo rows are nobody's change to audit: the seed pauses the audit triggers in its transaction...
    assert scalar(url, "SELECT count(*) FROM audit_log") == 0
    # ...and every one of them is enabled again when it commits.
    assert scalar(url, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit%%' AND tgenabled <> 'O'") == 0
    assert scalar(url, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit%%'") > 0


def test_every_role_is_used_and_demo_accounts_exist(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    key_only_roles = {
        ApiKeyRole.READ_ONLY.value,
        ApiKeyRole.WRITE.value,
    }  # revision 0010: roles of API keys, not people
    roles = {name for (name,) in rows(url, "SELECT name FROM role")} - key_only_roles
    assert roles <= {role for (role,) in rows(url, "SELECT DISTINCT role FROM users")}
    accounts = dict(rows(url, "SELECT email, role FROM users WHERE email LIKE '%%@rulingdesk.demo'"))
    for account in DEMO_ACCOUNTS:
        assert accounts[account.email] == account.role.value
    pm_properties = rows(
        url,
        """
        SELECT p.company_id = u.company_id FROM users u
        JOIN users_properties up ON up.user_id = u.id JOIN properties p ON p.id = up.property_id
        WHERE u.email = %s
        """,
        (PROPERTY_MANAGER_EMAIL,),
    )
    assert len(pm_properties) == 2 and all(same_company for (same_company,) in pm_properties)
    # Staff sit in teams without a company; owner-side users reach properties through owners only.
    assert scalar(url, "SELECT count(*) FROM users WHERE role IN ('reviewer','qa') AND company_id IS NOT NULL") == 0
    assert scalar(url, "SELECT count(*) FROM users WHERE role IN ('reviewer','qa') AND team_id IS NULL") == 0
    owner_side = rows(
        url,
        "SELECT count(*), count(uo.user_id) FROM users u LEFT JOIN users_owners uo ON uo.user_id = u.id "
        "WHERE u.role LIKE 'owner_%%'",
    )[0]
    assert owner_side[0] > 0 and owner_side[0] == owner_side[1]
    assert scalar(url, "SELECT count(*) FROM property_owners WHERE ownership_end IS NULL") == scalar(
        url, "SELECT count(*) FROM properties"
    )


def test_queue_is_live_and_history_is_completed(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    now = datetime.now(UTC).replace(tzinfo=None)
    by_status = {
        status: (count, youngest, oldest)
        for status, count, youngest, oldest in rows(
            url, "SELECT review_status, count(*), max(submission_time), min(submission_time) FROM entries GROUP BY 1"
        )
    }
    assert set(by_status) == {"UNASSIGNED", "ASSIGNED", "IN_REVIEW", "COMPLETED"}
    for status in ("UNASSIGNED", "ASSIGNED", "IN_REVIEW"):
        assert now - by_status[status][2] < timedelta(hours=31), status
    assert now - by_status["COMPLETED"][2] > timedelta(days=150)
    assert by_status["COMPLETED"][0] > ENTRIES // 2
    # Open work points at reviewers, the demo reviewers included.
    assignees = {
        role
        for (role,) in rows(
            url,
            "SELECT DISTINCT u.role FROM entries e JOIN users u ON u.id = e.review_assigned_to_id "
            "WHERE e.review_status IN ('ASSIGNED', 'IN_REVIEW')",
        )
    }
    assert assignees <= {"reviewer", "senior_reviewer"}
    demo_queues = rows(
        url,
        "SELECT count(*) FROM entries e JOIN users u ON u.id = e.review_assigned_to_id "
        "WHERE u.email LIKE 'reviewer_@rulingdesk.demo' AND e.review_status IN ('ASSIGNED', 'IN_REVIEW') "
        "GROUP BY u.email",
    )
    assert demo_queues and all(0 < count <= DEMO_OPEN_WORK_CAP for (count,) in demo_queues)
    assert (
        scalar(
            url, "SELECT count(*) FROM entries WHERE review_status = 'UNASSIGNED' AND review_assigned_to_id IS NOT NULL"
        )
        == 0
    )


def test_sla_notifications_follow_the_clock(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    assert (
        scalar(
            url,
            "SELECT count(*) FROM entries "
            "WHERE review_status <> 'COMPLETED' AND twenty_two_hours_notification_sent_at IS NOT NULL",
        )
        > 0
    )
    assert (
        scalar(
            url,
            """
        SELECT count(*) FROM entries WHERE
            sixteen_hours_notification_sent_at IS DISTINCT FROM
                CASE WHEN coalesce(report_complete_time, now() AT TIME ZONE 'utc') - submission_time
                          > interval '16 hours'
                     THEN submission_time + interval '16 hours' END
            OR (twenty_two_hours_notification_sent_at IS NOT NULL
                AND twenty_two_hours_notification_sent_at <> submission_time + interval '22 hours')
            OR (twenty_two_hours_notification_sent_at IS NOT NULL AND sixteen_hours_notification_sent_at IS NULL)
        """,
        )
        == 0
    )


def test_completed_entries_carry_their_review_trail(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    incomplete = scalar(
        url,
        """
        SELECT count(*) FROM entries e
        WHERE e.review_status = 'COMPLETED' AND (
            e.reviewer_id IS NULL OR e.review_date IS NULL OR e.result IS NULL OR e.report_complete_time IS NULL
            OR NOT EXISTS (
                SELECT FROM fraud_submissions fs JOIN fraud_reviews fr ON fr.fraud_submission_id = fs.id
                WHERE fs.entry_id = e.id AND fr.status = 'COMPLETED' AND fr.reviewer_id = e.reviewer_id
                  AND fr.review_type IN ('INITIAL', 'ESCALATION') AND fr.completed_date = e.review_date
                  AND (SELECT count(*) FROM fraud_document_reviews d WHERE d.fraud_review_id = fr.id)
                      = (SELECT count(*) FROM proof p WHERE p.entry_id = e.id))
            OR NOT EXISTS (
                SELECT FROM applicants a JOIN applicant_submissions s ON s.applicant_id = a.id
                JOIN fraud_results r ON r.applicant_submission_id = s.id WHERE a.entry_id = e.id))
        """,
    )
    assert incomplete == 0
    # The entry's result aggregates its latest fraud ruling.
    mismatched = scalar(
        url,
        """
        SELECT count(*) FROM entries e
        JOIN applicants a ON a.entry_id = e.id JOIN applicant_submissions s ON s.applicant_id = a.id
        JOIN LATERAL (SELECT t.code FROM fraud_results r JOIN fraud_result_types t ON t.id = r.result
                      WHERE r.applicant_submission_id = s.id
                      ORDER BY r.inserted_at DESC, r.id DESC LIMIT 1) latest ON true
        WHERE e.result IS DISTINCT FROM CASE latest.code WHEN 'FRAUD' THEN 'REJECTED' WHEN 'CLEAN' THEN 'APPROVED'
                                                         ELSE 'NEEDS_REVIEW' END
        """,
    )
    assert mismatched == 0
    assert scalar(url, "SELECT count(*) FROM entries WHERE review_status <> 'COMPLETED' AND result IS NOT NULL") == 0
    review_types = {t for (t,) in rows(url, "SELECT DISTINCT review_type FROM fraud_reviews")}
    assert review_types == {"INITIAL", "ESCALATION", "QA"}
    assert (
        scalar(
            url,
            "SELECT count(*) FROM proof p JOIN entries e ON e.id = p.entry_id "
            "WHERE (e.review_status = 'COMPLETED') = (p.result = 'PENDING')",
        )
        == 0
    )


def test_suggested_ruling_is_derived_from_proofs(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    assert (
        scalar(
            url,
            """
        SELECT count(*) FROM entries e JOIN LATERAL (
            SELECT CASE WHEN bool_or(p.suggested_ruling = 'PENDING') THEN 'PENDING'
                        WHEN bool_or(p.suggested_ruling = 'FRAUD') THEN 'FRAUD'
                        WHEN bool_or(p.suggested_ruling = 'EDITED') THEN 'EDITED'
                        WHEN bool_or(p.suggested_ruling = 'INSUFFICIENT') THEN 'INSUFFICIENT'
                        ELSE 'CLEAN' END AS derived
            FROM proof p WHERE p.entry_id = e.id) d ON true
        WHERE e.suggested_ruling::text <> d.derived
        """,
        )
        == 0
    )


def test_folders_mirror_their_latest_entry(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    inconsistent = scalar(
        url,
        """
        SELECT count(*) FROM folders f
        JOIN LATERAL (SELECT * FROM entries e WHERE e.folder_id = f.id
                      ORDER BY e.submission_time DESC LIMIT 1) latest ON true
        JOIN properties p ON p.id = f.property_id
        WHERE f.last_entry_id <> latest.id
           OR f.last_entry_submission_time <> latest.submission_time
           OR f.last_entry_status IS DISTINCT FROM latest.status
           OR f.last_entry_result IS DISTINCT FROM latest.result
           OR f.property_name <> p.name OR f.property_short_id <> p.short_id
           OR f.company_short_id <> p.company_short_id OR f.company_id <> p.company_id
           OR (f.dynamic_ruling = 'PENDING') <> (latest.review_status <> 'COMPLETED')
           OR f.review_assigned_to_id IS DISTINCT FROM latest.review_assigned_to_id
        """,
    )
    assert inconsistent == 0
    assert scalar(url, "SELECT count(*) FROM entries WHERE folder_id IS NULL") == 0


def test_matching_entries_cover_every_band(seeded: tuple[str, SeedReport]) -> None:
    url, _ = seeded
    pairs = rows(
        url,
        """
        SELECT m.match_percentage, e.folder_id = o.folder_id, fe.property_id = fo.property_id,
               ae.email = ao.email, o.submission_time < e.submission_time,
               EXISTS (SELECT FROM proof p WHERE p.entry_id = e.id AND 'duplicate_document' = ANY (p.meta_data_flags)
                         AND p.similarity_check[1] ->> 'entry_id' = o.id::text)
        FROM matching_entries m
        JOIN entries e ON e.id = m.entry_id JOIN entries o ON o.id = m.matching_entry_id
        JOIN folders fe ON fe.id = e.folder_id JOIN folders fo ON fo.id = o.folder_id
        JOIN applicants ae ON ae.entry_id = e.id JOIN applicants ao ON ao.entry_id = o.id
        """,
    )
    assert all(earlier for *_, earlier, _ in pairs)
    duplicates = [p for p in pairs if p[1]]
    resubmissions = [p for p in pairs if not p[2] and p[3]]
    reuse = [p for p in pairs if not p[2] and not p[3]]
    look_alikes = [p for p in pairs if p[2] and not p[1]]
    assert duplicates and all(90 <= p[0] <= 100 and p[3] for p in duplicates)
    assert resubmissions and all(80 <= p[0] <= 90 for p in resubmissions)
    assert reuse and all(70 <= p[0] <= 89 and p[5] for p in reuse)
    assert look_alikes and all(50 <= p[0] <= 69 and not p[3] for p in look_alikes)
    assert len(duplicates) + len(resubmissions) + len(reuse) + len(look_alikes) == len(pairs)


def test_proofs_point_at_existing_documents(seeded: tuple[str, SeedReport], documents_dir: Path) -> None:
    url, report = seeded
    urls = {u for row in rows(url, "SELECT DISTINCT file, thumb FROM proof") for u in row}
    assert all(u.startswith("file://") for u in urls)
    paths = {Path(url2pathname(urlparse(u).path)) for u in urls}
    assert all(path.is_file() and path.is_relative_to(documents_dir.resolve()) for path in paths)
    assert len(paths) <= 2 * report.documents
    # The applicant's name is what the OCR read, except on a document reused from someone else.
    assert (
        scalar(
            url,
            """
        SELECT count(*) FROM proof p JOIN applicants a ON a.entry_id = p.entry_id
        WHERE coalesce(p.extracted_meta ->> 'employee_name', p.extracted_meta ->> 'account_holder')
              NOT IN (a.first_name || ' ' || a.last_name)
          AND NOT 'duplicate_document' = ANY (p.meta_data_flags) AND cardinality(p.similarity_check) = 0
        """,
        )
        == 0
    )


def test_same_seed_gives_the_same_data(
    seeded: tuple[str, SeedReport], spare_database: str, documents_dir: Path
) -> None:
    url, report = seeded
    again = seed(spare_database, documents_dir, entries=ENTRIES, seed=SEED)
    assert again.rows == report.rows
    queries = (
        "SELECT id, short_id, folder_id, status, result, suggested_ruling, review_status, reviewer_id, "
        "review_assigned_to_id, unit, has_previously_submitted, auto_merged FROM entries ORDER BY id",
        "SELECT id, name, property_id, last_entry_id, dynamic_ruling FROM folders ORDER BY id",
        "SELECT id, entry_id, short_id, file, type, result, suggested_ruling, extracted_meta, meta_data_flags, "
        "similarity_check FROM proof ORDER BY id",
        "SELECT id, email, role, company_id, team_id, is_archived FROM users ORDER BY id",
        "SELECT id, fraud_submission_id, reviewer_id, result, status, review_type, result_reason "
        "FROM fraud_reviews ORDER BY id",
        "SELECT id, entry_id, matching_entry_id, match_percentage FROM matching_entries ORDER BY id",
        "SELECT id, full_name, email, phone FROM applicants ORDER BY id",
    )
    for query in queries:
        assert rows(spare_database, query) == rows(url, query), query


def test_refuses_a_database_that_holds_entries(seeded: tuple[str, SeedReport], documents_dir: Path) -> None:
    url, _ = seeded
    with pytest.raises(DatabaseNotEmpty, match=f"already holds {ENTRIES} entries"):
        seed(url, documents_dir, entries=10, seed=SEED)
    assert scalar(url, "SELECT count(*) FROM entries") == ENTRIES


def test_replace_starts_over_and_keeps_lookups(spare_database: str, documents_dir: Path) -> None:
    lookups = (
        "SELECT (SELECT count(*) FROM role), (SELECT count(*) FROM country), (SELECT count(*) FROM fraud_result_types)"
    )
    before = rows(spare_database, lookups)
    seed(spare_database, documents_dir, entries=80, seed=SEED)
    report = seed(spare_database, documents_dir, entries=120, seed=SEED + 1, replace=True)
    assert scalar(spare_database, "SELECT count(*) FROM entries") == report.entries == 120
    assert rows(spare_database, lookups) == before
    assert scalar(spare_database, "SELECT min(id) FROM matching_entries") == 1  # identities restarted
    # The foreign keys are back (and were validated when re-created).
    assert (
        scalar(
            spare_database, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'folders'::regclass AND contype = 'f'"
        )
        == 4
    )


def test_first_run_seeds_once_and_the_command_refuses_after(
    spare_database: str, documents_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert seed_if_empty(spare_database, documents_dir, entries=60) is True
    assert seed_if_empty(spare_database, documents_dir, entries=60) is False
    assert scalar(spare_database, "SELECT count(*) FROM entries") == 60

    settings = Settings(data_dir=documents_dir.parent, database_url=spare_database)
    assert settings.documents_dir == documents_dir
    with pytest.raises(CommandError) as refused:
        run_seed(settings, entries=60, seed=SEED)
    assert str(refused.value) == (
        "the database already holds 60 entries; seeding would mix demo data into it;"
        " 'ruling-desk seed --replace' deletes the demo data first"
    )
    capsys.readouterr()
    assert run_seed(settings, entries=70, seed=SEED, replace=True) == 0
    out, err = capsys.readouterr()
    assert "Seeded 70 entries with seed 7" in out
    assert err.splitlines() == [
        "seed: preparing documents…",
        "seed: 70 / 70 entries (100%)",
        "seed: restoring constraints…",
    ]


def test_seeding_announces_nothing_and_leaves_the_announcements_on(spare_database: str, documents_dir: Path) -> None:
    """A bulk seed pauses the NOTIFY triggers with the audit ones; they work again afterwards."""
    with psycopg.connect(spare_database, autocommit=True) as listener:
        listener.execute("LISTEN rd_changes")
        seed(spare_database, documents_dir, entries=40, seed=SEED)
        assert [n.payload for n in listener.notifies(timeout=0.5)] == []

        with psycopg.connect(spare_database, autocommit=True) as writer:
            entry_id = writer.execute(
                "UPDATE entries SET review_status = 'COMPLETED'"
                " WHERE id = (SELECT id FROM entries WHERE review_status <> 'COMPLETED' LIMIT 1) RETURNING id"
            ).fetchone()
        assert entry_id is not None
        assert [n.payload for n in listener.notifies(timeout=2, stop_after=1)] == [f"entry:{entry_id[0]}"]
