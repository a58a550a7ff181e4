"""Screenshots of the CSV import of invitations for ``ruling-desk self-test --screenshots``.

The admin's dialog previews two files against the demo database: one with
the mistakes people make (an address twice, one that already has an
account, an unknown role, "admin" without a company, a team that does not
exist), then the same file fixed. Nothing is imported: the demo data stays
as seeded. Each preview must come out as expected (refused, then ready),
or the self-test fails.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Final

from demo.seed.accounts import REVIEWER_1_EMAIL
from services.invitation_import import InvitationImport
from services.unit_of_work import UnitOfWork
from ui.invitation_import_dialog import InvitationImportDialog

TIMEOUT_SECONDS: Final = 30.0
SIZE: Final = (1100, 660)
WITH_MISTAKES: Final = (
    "email,first_name,last_name,role,team\n"
    "ana.lopez@example.com,Ana,López,reviewer,Austin Fraud Review\n"
    f"{REVIEWER_1_EMAIL},Riley,Reviewer,reviewer,Austin Fraud Review\n"
    "ben.okafor@example.com,Ben,Okafor,reviewr,Manila Fraud Review\n"
    "ana.lopez@example.com,Ana,Lopez,qa,\n"
    "chen.wei@example.com,Chen,Wei,admin,\n"
    "dev.patel@example.com,Dev,Patel,senior_reviewer,Mumbai Fraud Review\n"
)
FIXED: Final = (
    "email,first_name,last_name,role,team\n"
    "ana.lopez@example.com,Ana,López,reviewer,Austin Fraud Review\n"
    "ben.okafor@example.com,Ben,Okafor,reviewer,Manila Fraud Review\n"
    "chen.wei@example.com,Chen,Wei,staff_admin,\n"
    "dev.patel@example.com,Dev,Patel,senior_reviewer,Austin Fraud Review\n"
)


async def invitation_import_screenshots(uow: UnitOfWork, directory: Path, suffix: str) -> list[Path]:
    """Save the preview of a file with mistakes and of the fixed file; return the paths."""
    saved = []
    dialog = InvitationImportDialog(InvitationImport(uow))
    dialog.resize(*SIZE)
    dialog.show()
    try:
        with tempfile.TemporaryDirectory(prefix="ruling-desk-import-") as scratch:
            for name, content, ready in (("errors", WITH_MISTAKES, False), ("ready", FIXED, True)):
                path = Path(scratch) / "new-reviewers.csv"
                path.write_text(content, encoding="utf-8")
                dialog.load(path)
                await _previewed(dialog)
                preview = dialog.preview
                if preview is None or preview.ready is not ready:
                    found = "no preview" if preview is None else preview.problem or preview.bad_rows
                    raise RuntimeError(f"the import preview of the {name} file came out otherwise: {found}")
                await asyncio.sleep(0.05)
                target = directory / f"invitation-import-{name}-{suffix}.png"
                if not dialog.grab().save(str(target)):
                    raise RuntimeError(f"could not save {target}")
                saved.append(target)
    finally:
        dialog.close()
    return saved


async def _previewed(dialog: InvitationImportDialog) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while dialog.busy or dialog.preview is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no import preview within {TIMEOUT_SECONDS:.0f} s")
        await asyncio.sleep(0.01)
