"""The security world (tests.security_roles) as the reuse search sees it: the same page in every proof."""

from __future__ import annotations

from sqlalchemy import make_url

from services.database_urls import sqlalchemy_url
from services.forensics.fingerprints import PageFingerprint
from tests.security_roles import PASSWORD, World


def url_as(world: World, who: str) -> str:
    """SQLAlchemy URL of the world's database as ``who`` with their own password."""
    owner = make_url(sqlalchemy_url(world.logins.owner_url))
    return owner.set(username=world.login(who), password=PASSWORD).render_as_string(hide_password=False)


def fingerprint_every_proof(world: World, fingerprint: PageFingerprint) -> None:
    """Store ``fingerprint`` as page 0 of every screening's proof: one document reused across both companies."""
    with world.owner() as owner:
        for screening in world.screenings.values():
            owner.execute(
                "INSERT INTO proof_page_fingerprints (proof_id, page, dhash, band_0, band_1, band_2, band_3)"
                " VALUES (%s, 0, CAST(%s AS bit(256)), %s, %s, %s, %s)",
                (screening.proof_id, fingerprint.bits, *fingerprint.bands),
            )
