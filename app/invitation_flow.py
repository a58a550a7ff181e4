"""An administrator's "Invite someone…" and "Import invitations from CSV…", as that administrator.

The dialog is handed two async callables that run in the signed-in
administrator's own unit of work, so row-level security picks what they
may choose and the database decides whether they may invite at all. The
services' refusals (an account function's, or ``DatabaseUnavailable``)
reach the dialog as they are: it shows any :class:`~services.errors.Refusal`'s
message. What remains here is translating the dialog's draft into the
service's call and its result back, because the dialog's value types are
its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from services.accounts import create_requested_invitation
from services.changes import Changes
from services.invitation_choices import load_invitation_choices
from services.invitation_import import InvitationImport
from services.unit_of_work import UnitOfWork
from ui.invitation_create_dialog import InvitationCreateDialog, InvitationDraft, IssuedInvitation
from ui.invitation_import_dialog import InvitationImportDialog


async def create_from_draft(uow: UnitOfWork, draft: InvitationDraft) -> IssuedInvitation:
    """Create the invitation ``draft`` describes, in one transaction of ``uow``."""
    async with uow.transaction() as session:
        issued = await create_requested_invitation(session, draft)
    return IssuedInvitation(
        email=draft.email, token=issued.token, expires_at=issued.expires_at.replace(tzinfo=datetime.UTC)
    )


def invitation_dialog(uow: UnitOfWork, parent: QWidget | None = None) -> InvitationCreateDialog:
    """A new "Invite someone" dialog acting as the administrator whose unit of work ``uow`` is.

    Deleted when it closes (its ``done`` has cancelled its tasks by then):
    each Ctrl+I makes a fresh one, and a closed one is of no further use.
    """
    dialog = InvitationCreateDialog(partial(load_invitation_choices, uow), partial(create_from_draft, uow), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def import_dialog(
    uow: UnitOfWork,
    publish: Callable[[Changes], None],
    own_company: str | None,
    parent: QWidget | None = None,
) -> InvitationImportDialog:
    """A new CSV import dialog acting as the administrator of ``uow``; ``own_company`` names a company admin's."""
    dialog = InvitationImportDialog(InvitationImport(uow), own_company=own_company, publish=publish, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog
