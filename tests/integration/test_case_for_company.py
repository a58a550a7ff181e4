"""A company-side person opens a case of their own: no similarity column, stored findings only.

The world (tests.security_roles): the manager of company A sees only A2.
"""

from __future__ import annotations

import asyncio

import pytest
from psycopg.types.json import Jsonb
from sqlalchemy import make_url

from services.case import open_case
from services.case_findings import stored_findings
from services.database_urls import sqlalchemy_url
from services.errors import Refusal
from tests.security_roles import PASSWORD, World
from tests.units_of_work import unit_of_work


def _url(world: World, who: str) -> str:
    owner = make_url(sqlalchemy_url(world.logins.owner_url))
    return owner.set(username=world.login(who), password=PASSWORD).render_as_string(hide_password=False)


def test_a_property_manager_opens_their_case_without_similarity_and_sees_only_stored_findings(world: World) -> None:
    a2, b1 = world.screenings["A2"], world.screenings["B1"]

    async def scenario() -> None:
        async with unit_of_work(_url(world, "manager_a")) as uow:
            case = await open_case(uow, a2.entry_id, similarity=False)
            assert [document.proof_id for document in case.documents] == [a2.proof_id]
            assert case.documents[0].similarity_check == ()
            with pytest.raises(Refusal, match="not been computed"):
                await stored_findings(uow, a2.proof_id)
            analysed = (a2.proof_id, b1.proof_id)
            with world.owner() as owner:
                for proof_id in analysed:
                    owner.execute(
                        "INSERT INTO proof_forensics (proof_id, analyser_version, findings) VALUES (%s, 1, %s)",
                        (proof_id, Jsonb({"arithmetic": []})),
                    )
            try:
                assert await stored_findings(uow, a2.proof_id) == {"arithmetic": []}
                with pytest.raises(Refusal):  # another company's document is as absent as one never analysed
                    await stored_findings(uow, b1.proof_id)
            finally:
                with world.owner() as owner:
                    owner.execute("DELETE FROM proof_forensics WHERE proof_id = ANY(%s)", (list(analysed),))

    asyncio.run(scenario())
