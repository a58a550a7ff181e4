"""Checking one row of an invitations file against the rules the database applies, with a message per problem.

The database's functions (``rd_create_invitation`` and the scope checks it
calls) are the guarantee; this module says the same things earlier, for
every row at once, in words that name the row's cells, so the administrator
fixes the file once instead of meeting one refusal per attempt. It also
refuses what the database would accept but is almost certainly a slip in a
file: the same address twice (the second would silently withdraw the
first's code), an address that already has an account or a pending code,
and ``admin`` without a company, which would make a Ruling Desk staff
administrator (write ``staff_admin`` if that is meant).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Final

from services.accounts.credentials import plain_address
from services.accounts.errors import InvalidAccountRequest
from services.invitation_choices import COMPANY_ADMIN_ROLES, STAFF_ADMIN_ROLES, RoleChoice
from services.invitation_csv import SheetRow
from services.invitation_import_names import KnownNames, Named, matching
from services.invitation_import_rows import PreviewRow
from services.invitation_request import InvitationRequest

DEFAULT_VALID_DAYS: Final = 7
MAX_VALID_DAYS: Final = 30


def role_key(choice: RoleChoice) -> str:
    """The file's word for a role choice: the two kinds of admin get their own."""
    if choice.staff_admin:
        return "staff_admin"
    if choice.company_admin:
        return "company_admin"
    return choice.role


ROLE_WORDS: Final = {role_key(choice): choice for choice in STAFF_ADMIN_ROLES}
_COMPANY_ADMIN_WORDS: Final = tuple(role_key(choice) for choice in COMPANY_ADMIN_ROLES)


@dataclass
class _Row:
    """A row being checked: its problems so far and what was resolved."""

    sheet: SheetRow
    problems: list[str] = field(default_factory=list)
    company: Named | None = None


def check_row(sheet: SheetRow, known: KnownNames, first_line_of: dict[str, int]) -> PreviewRow:
    """``sheet`` checked; ``first_line_of`` maps addresses seen so far to their line (updated here)."""
    row = _Row(sheet)
    if sheet.problem:
        row.problems.append(f"The row {sheet.problem}.")
    email = _address(row, known, first_line_of)
    row.company = _company(row, known)
    choice = _role(row, known)
    team = _one(row, known.teams, "team", sheet.cell("team"))
    owner = _owner(row, known, choice)
    properties = _properties(row, known, choice)
    valid_days = _valid_days(row)
    first, last = sheet.cell("first_name"), sheet.cell("last_name")
    request = None
    if not row.problems and choice is not None and valid_days is not None:
        request = InvitationRequest(
            email=email,
            first_name=first or None,
            last_name=last or None,
            role=choice.role,
            company_id=row.company.id if row.company else None,
            team_id=team.id if team else None,
            owner_id=owner.id if owner else None,
            property_ids=tuple(found.id for found in properties),
            valid_for=datetime.timedelta(days=valid_days),
            skip_email_sending=True,
        )
    return PreviewRow(
        line=sheet.line,
        email=email or sheet.cell("email"),
        name=" ".join(part for part in (first, last) if part),
        role=role_key(choice) if choice else sheet.cell("role"),
        company=row.company.label if row.company else sheet.cell("company"),
        team=team.label if team else sheet.cell("team"),
        owner=owner.label if owner else sheet.cell("owner"),
        properties=tuple(found.label for found in properties) or sheet.properties,
        valid_days=str(valid_days) if valid_days is not None else sheet.cell("valid_days"),
        problems=tuple(row.problems),
        request=request,
    )


def _address(row: _Row, known: KnownNames, first_line_of: dict[str, int]) -> str:
    written = row.sheet.cell("email")
    if not written:
        row.problems.append("No email address.")
        return ""
    try:
        address = plain_address(written)
    except InvalidAccountRequest as refused:
        row.problems.append(refused.message)
        return written
    earlier = first_line_of.setdefault(address, row.sheet.line)
    if earlier != row.sheet.line:
        row.problems.append(f"The same address as line {earlier}: invite each person once.")
    elif address in known.accounts:
        row.problems.append(f"{address} already has an account.")
    elif address in known.pending:
        row.problems.append(
            f"{address} already has a pending invitation (valid until {known.pending[address]:%Y-%m-%d %H:%M} UTC):"
            " re-issue its code in the list instead, or revoke it first."
        )
    return address


def _company(row: _Row, known: KnownNames) -> Named | None:
    written = row.sheet.cell("company")
    own = known.own_company
    if not written:
        return own
    if own is None:
        return _one(row, known.companies, "company", written)
    if any(found.id == own.id for found in matching(known.companies, written)):
        return own
    row.problems.append(f"Company administrators import only into their own company, {own.label}.")
    return None


def _role(row: _Row, known: KnownNames) -> RoleChoice | None:
    written = "_".join(row.sheet.cell("role").lower().replace("-", " ").split())
    if not written:
        row.problems.append("No role.")
        return None
    if written == "admin":
        written = "company_admin" if row.company is not None else ""
        if not written:
            row.problems.append(
                "“admin” without a company would make a Ruling Desk staff administrator: write staff_admin if"
                " that is meant, or fill in the company."
            )
            return None
    choice = ROLE_WORDS.get(written)
    if choice is None:
        row.problems.append(f"Unknown role “{row.sheet.cell('role')}”; the roles are {', '.join(ROLE_WORDS)}.")
        return None
    if known.company_admin and written not in _COMPANY_ADMIN_WORDS:
        row.problems.append(
            f"Company administrators can only give the roles {', '.join(_COMPANY_ADMIN_WORDS)}, not {written}."
        )
    elif choice.forbids_company and row.sheet.cell("company"):
        row.problems.append(f"A {written} belongs to no company: leave the company empty.")
    elif choice.needs_company and row.company is None and not row.sheet.cell("company"):
        row.problems.append(f"A {written} needs a company.")
    return choice


def _owner(row: _Row, known: KnownNames, choice: RoleChoice | None) -> Named | None:
    owner = _one(row, known.owners, "owner", row.sheet.cell("owner"))
    if choice is None:
        return owner
    owner_role = choice.role in ("owner_admin", "owner_viewer")
    if not owner_role and row.sheet.cell("owner"):
        row.problems.append("Only owner_admin and owner_viewer invitations name an owner.")
    elif owner_role and not row.sheet.cell("owner"):
        row.problems.append(f"An {choice.role} invitation needs an owner.")
    return owner


def _properties(row: _Row, known: KnownNames, choice: RoleChoice | None) -> list[Named]:
    names = row.sheet.properties
    if not names:
        return []
    if choice is not None and choice.forbids_company:
        row.problems.append("Review staff and staff admins see every property: leave properties empty.")
        return []
    company = row.company
    if company is None:
        if not row.sheet.cell("company"):
            row.problems.append("Properties belong to a company: fill in the company.")
        return []
    found: list[Named] = []
    for name in names:
        candidates = matching(known.properties, name)
        own = [candidate for candidate in candidates if candidate.company_id == company.id]
        if len(own) == 1:
            found.append(own[0])
        elif len(own) > 1:
            row.problems.append(f"{company.label} has {len(own)} properties called “{name}”: write its short id.")
        elif candidates:
            row.problems.append(f"“{name}” is not a property of {company.label}.")
        else:
            row.problems.append(f"Unknown property “{name}”.")
    return found


def _one(row: _Row, found: tuple[Named, ...], what: str, written: str) -> Named | None:
    if not written:
        return None
    candidates = matching(found, written)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        row.problems.append(f"{len(candidates)} of the {what} names read “{written}”: write its short id.")
    else:
        row.problems.append(f"Unknown {what} “{written}”.")
    return None


def _valid_days(row: _Row) -> int | None:
    written = row.sheet.cell("valid_days")
    if not written:
        return DEFAULT_VALID_DAYS
    if written.isdigit() and 1 <= int(written) <= MAX_VALID_DAYS:
        return int(written)
    row.problems.append(f"valid_days is a whole number of days from 1 to {MAX_VALID_DAYS}, not “{written}”.")
    return None
