"""The stored forensic findings of one document, read only: what company roles see in the evidence panel.

Staff get :func:`services.forensics.stored.ensure_forensics`, which
computes and stores missing findings; company roles may read
``proof_forensics`` for their own documents but not write it, so for them
missing findings are said to be missing rather than computed.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from models.forensics import ProofForensics
from services.errors import Refusal
from services.unit_of_work import UnitOfWork


async def stored_findings(uow: UnitOfWork, proof_id: uuid.UUID) -> dict[str, Any]:
    async with uow.transaction() as session:
        findings = (
            await session.execute(select(ProofForensics.findings).where(ProofForensics.proof_id == proof_id))
        ).scalar_one_or_none()
    if findings is None:
        raise Refusal("They have not been computed for this document yet.")
    return dict(findings)
