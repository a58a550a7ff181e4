"""An administrator's "Invite someone…": the invitation dialog wired to the services as that administrator.

The dialog is handed two async callables (:class:`AdminInvitations`'s
methods) that run in the signed-in administrator's own unit of work, so
row-level security picks what they may choose and the database decides
whether they may invite at all. Refusals of the account functions become
the dialog's :class:`~ui.invitation_create_dialog.InvitationNotCreated`,
shown in the form as the database worded them; a lost connection becomes
a one-line ``ConnectionError``, which the dialog shows the same way.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import InterfaceError, OperationalError

from services.accounts import AccountError, create_invitation
from services.driver_errors import first_line
from services.invitation_choices import InvitationChoices, load_invitation_choices
from services.unit_of_work import UnitOfWork
from ui.invitation_create_dialog import InvitationCreateDialog, InvitationDraft, InvitationNotCreated, IssuedInvitation


class AdminInvitations:
    """The invitation dialog's two actions for one signed-in administrator."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def load_choices(self) -> InvitationChoices:
        try:
            return await load_invitation_choices(self._uow)
        except (OperationalError, InterfaceError) as failure:
            raise ConnectionError(f"The database could not be reached: {first_line(failure)}") from failure

    async def create(self, draft: InvitationDraft) -> IssuedInvitation:
        try:
            async with self._uow.transaction() as session:
                issued = await create_invitation(
                    session,
                    email=draft.email,
                    role=draft.role,
                    first_name=draft.first_name,
                    last_name=draft.last_name,
                    company_id=draft.company_id,
                    team_id=draft.team_id,
                    owner_id=draft.owner_id,
                    property_ids=draft.property_ids,
                    skip_email_sending=not draft.send_email,
                    valid_for=draft.valid_for,
                )
        except AccountError as refused:
            raise InvitationNotCreated(refused.message) from refused
        except (OperationalError, InterfaceError) as failure:
            raise ConnectionError(f"The database could not be reached: {first_line(failure)}") from failure
        return IssuedInvitation(
            email=draft.email, token=issued.token, expires_at=issued.expires_at.replace(tzinfo=datetime.UTC)
        )


def invitation_dialog(uow: UnitOfWork, parent: QWidget | None = None) -> InvitationCreateDialog:
    """A new "Invite someone" dialog acting as the administrator whose unit of work ``uow`` is.

    Deleted when it closes (its ``done`` has cancelled its tasks by then):
    each Ctrl+I makes a fresh one, and a closed one is of no further use.
    """
    invitations = AdminInvitations(uow)
    dialog = InvitationCreateDialog(invitations.load_choices, invitations.create, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog
