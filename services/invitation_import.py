"""Bulk invitations from a CSV file: every row checked first, then all rows created in one transaction, or none.

This is the spec's ``skip_email_sending`` case (bulk user imports): no
e-mail goes out, and the administrator hands the codes out themselves,
so the codes come back once, in the file's order, for the screen and for
a "save codes as CSV" file.

:meth:`InvitationImport.preview` reads the file
(:mod:`services.invitation_csv`), looks up what its names mean for the
importing administrator (:mod:`services.invitation_import_names`) and
checks each row (:mod:`services.invitation_import_checks`). It writes
nothing. :meth:`InvitationImport.run` creates the previewed invitations
through ``rd_create_invitation``, one call per row inside one
transaction. If the database refuses any row (someone created an account
with that address meanwhile, a company administrator's row names an
address of another company's account, a name was renamed away), the
transaction rolls back, no invitation of the file exists, and the
refusal names the row's line and address.
"""

from __future__ import annotations

import datetime
from typing import Final

from services import accounts
from services.accounts.errors import AccountError
from services.errors import Refusal
from services.invitation_csv import InvitationSheet, read_sheet
from services.invitation_import_checks import check_row
from services.invitation_import_names import read_known_names
from services.invitation_import_rows import ImportedCode, ImportPreview
from services.unit_of_work import UnitOfWork

AUDIT_REASON: Final = "CSV import"


class ImportRefused(Refusal):
    """The import did not happen: nothing of the file was written."""


class InvitationImport:
    """Preview and run an invitations file, as the administrator whose unit of work this is."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def preview(self, data: bytes) -> ImportPreview:
        """The file's rows, each checked or with its problems; nothing is written."""
        sheet = read_sheet(data)
        if sheet.problem is not None:
            return ImportPreview((), sheet.problem)
        async with self._uow.transaction() as session:
            known = await read_known_names(session, **_names_in(sheet))
        first_line_of: dict[str, int] = {}
        rows = tuple(check_row(row, known, first_line_of) for row in sheet.rows)
        return ImportPreview(rows, own_company=known.own_company.label if known.own_company else None)

    async def run(self, preview: ImportPreview, *, source: str = "") -> tuple[ImportedCode, ...]:
        """Create every previewed invitation, or none; the codes in the file's order."""
        if not preview.ready:
            raise ImportRefused("Fix every row the preview marks before importing; nothing was imported.")
        codes: list[ImportedCode] = []
        async with self._uow.transaction() as session:
            await accounts.set_audit_reason(session, f"{AUDIT_REASON} {source}".strip())
            for row in preview.rows:
                request = row.request
                assert request is not None  # a ready preview has a request on every row
                try:
                    issued = await accounts.create_requested_invitation(session, request)
                except AccountError as refused:
                    raise ImportRefused(
                        f"Line {row.line} ({row.email}): {refused.message.rstrip('.')}. Nothing was imported."
                    ) from refused
                codes.append(
                    ImportedCode(
                        line=row.line,
                        invitation_id=issued.invitation_id,
                        email=request.email,
                        name=row.name,
                        role=row.role,
                        token=issued.token,
                        expires_at=issued.expires_at.replace(tzinfo=datetime.UTC),
                    )
                )
        return tuple(codes)


def _names_in(sheet: InvitationSheet) -> dict[str, set[str]]:
    """Every address and name the file uses, lower-cased, by what they name."""

    def column(name: str) -> set[str]:
        return {row.cell(name).lower() for row in sheet.rows if row.cell(name)}

    return {
        "emails": {row.cell("email").strip().lower() for row in sheet.rows if row.cell("email")},
        "companies": column("company"),
        "teams": column("team"),
        "owners": column("owner"),
        "properties": {name.lower() for row in sheet.rows for name in row.properties},
    }
