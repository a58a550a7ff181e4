"""Duplicate matches and document reuse through row-level security, as real people.

The world (tests.security_roles): A1 is assigned to reviewer1, A2 to
reviewer2; matches A1->A2 (90 %) and A1->B1 (80 %). The manager of company
A sees only A2.
"""

from __future__ import annotations

import asyncio

import pytest

from services.errors import Refusal
from services.forensics.fingerprints import PageFingerprint
from services.forensics.reuse import find_reused_pages
from services.matches import MatchBand, MatchDecisionKind, list_matches, record_decision
from tests.security_roles import World, refused
from tests.units_of_work import unit_of_work

SAME_PAGE = PageFingerprint(int("1011" * 64, 2))


@pytest.fixture(scope="module")
def fingerprinted(world: World) -> World:
    """Every screening's proof carries the same page (a reused document across both companies)."""
    with world.owner() as owner:
        for screening in world.screenings.values():
            owner.execute(
                "INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)"
                " VALUES (%s, 0, CAST(%s AS bit(256)), %s, %s, %s, %s)",
                (screening.proof_id, SAME_PAGE.bits, *SAME_PAGE.bands),
            )
    return world


def test_matches_are_listed_highest_first_in_the_spec_bands_on_both_entries(world: World) -> None:
    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("reviewer1")) as uow:
            a1 = await list_matches(uow, world.screenings["A1"].entry_id)
            a2 = await list_matches(uow, world.screenings["A2"].entry_id)
        assert [(m.percentage, m.band, m.other_short_id) for m in a1] == [
            (90, MatchBand.DUPLICATE, "E-A2"),
            (80, MatchBand.REVIEW, "E-B1"),
        ]
        assert a1[0].company_name == "Alder Homes" and a1[1].company_name == "Birch Living"
        assert a1[0].applicant_name == "Applicant A2" and a1[0].property_name == "Alder Two"
        assert [m.other_short_id for m in a2] == ["E-A1"]

    asyncio.run(scenario())


def test_a_decision_is_stored_audited_announced_and_shown_on_both_entries(world: World) -> None:
    a1, a2 = world.screenings["A1"].entry_id, world.screenings["A2"].entry_id

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("reviewer2")) as uow:
            match = (await list_matches(uow, a2))[0]
            changes = await record_decision(uow, match.match_id, MatchDecisionKind.DUPLICATE, "  same SSN  ")
            assert changes.kinds == {"match"}
            seen_from_a1 = {m.other_short_id: m for m in await list_matches(uow, a1)}
        assert seen_from_a1["E-A2"].decision is MatchDecisionKind.DUPLICATE
        assert seen_from_a1["E-A2"].decision_note == "same SSN"
        assert seen_from_a1["E-B1"].decision is None

    with world.owner() as owner:
        owner.execute("LISTEN rd_changes")
        asyncio.run(scenario())
        notices = [n.payload for n in owner.notifies(timeout=2, stop_after=1)]
        decided_by = owner.execute("SELECT decided_by_id FROM match_decisions").fetchall()
        audited = owner.execute(
            "SELECT action, new_values ->> 'decision' FROM audit_log WHERE table_name = 'match_decisions'"
        ).fetchall()
    assert notices and notices[0].startswith("match:")
    assert decided_by == [(world.people["reviewer2"].user_id,)]
    assert audited == [("INSERT", "duplicate")]


def test_only_someone_ruling_on_either_entry_may_decide(world: World) -> None:
    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("reviewer2")) as uow:
            a1_b1 = next(m for m in await list_matches(uow, world.screenings["B1"].entry_id))
            with pytest.raises(Refusal, match="Only the reviewer working on one of the two entries"):
                await record_decision(uow, a1_b1.match_id, MatchDecisionKind.DIFFERENT_APPLICANT)

    asyncio.run(scenario())
    with world.connect("manager_a") as conn, refused("42501"):
        conn.execute(
            "INSERT INTO match_decisions (matching_entry_id, decision) SELECT id, 'duplicate' FROM matching_entries"
        )


def test_staff_find_a_reused_page_across_companies(fingerprinted: World) -> None:
    world = fingerprinted

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("qa")) as uow:
            found = await find_reused_pages(uow, world.screenings["A1"].proof_id)
        assert sorted(page.entry_short_id or "" for page in found[0]) == ["E-A2", "E-B1", "E-B2"]
        assert {page.distance for page in found[0]} == {0}

    asyncio.run(scenario())


def test_a_property_manager_learns_nothing_about_other_companies_documents(fingerprinted: World) -> None:
    world = fingerprinted

    async def scenario() -> None:
        async with unit_of_work(world.sqlalchemy_url("manager_a")) as uow:
            own = await find_reused_pages(uow, world.screenings["A2"].proof_id)
            foreign = await find_reused_pages(uow, world.screenings["B1"].proof_id)
        assert own == {0: ()}  # the same page exists in three other entries, none of them theirs
        assert foreign == {}  # another company's proof: not even that it has a fingerprint

    asyncio.run(scenario())
    with world.connect("manager_a") as conn:
        rows = conn.execute(
            "SELECT proof_id FROM proof_page_fingerprints WHERE bit_count(dhash # CAST(%s AS bit(256))) = 0",
            (SAME_PAGE.bits,),
        ).fetchall()
        decisions = conn.execute("SELECT count(*) FROM match_decisions").fetchone()
    assert rows == [(world.screenings["A2"].proof_id,)]
    assert decisions is not None


def test_workers_write_fingerprints_and_company_users_cannot(world: World) -> None:
    with world.connect("company_admin_a") as conn, refused("42501"):
        conn.execute(
            "INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)"
            " VALUES (%s, 5, CAST(%s AS bit(256)), 0, 0, 0, 0)",
            (world.screenings["A1"].proof_id, SAME_PAGE.bits),
        )
    with world.connect("worker") as conn:
        conn.execute(
            "INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)"
            " VALUES (%s, 7, CAST(%s AS bit(256)), 0, 0, 0, 0)",
            (world.screenings["A1"].proof_id, SAME_PAGE.bits),
        )
        conn.execute("DELETE FROM proof_page_fingerprints WHERE page = 7")
