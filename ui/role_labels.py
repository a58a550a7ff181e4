"""How product roles read on screen: ``property_manager`` is "Property manager", ``qa`` is "QA".

The sign-in dialog's demo list and the invitation form both name roles;
one table keeps them reading the same. Keys are the database's role names
(``models.enums.RoleName`` values); an unknown role is still shown readably.
"""

from __future__ import annotations

from typing import Final

_ROLE_LABELS: Final[dict[str, str]] = {
    "admin": "Admin",
    "company_admin": "Company admin",
    "reviewer": "Reviewer",
    "senior_reviewer": "Senior reviewer",
    "qa": "QA lead",
    "property_manager": "Property manager",
    "owner_admin": "Owner admin",
    "owner_viewer": "Owner viewer",
    "user": "User",
}


def role_label(role: str | None) -> str:
    if not role:
        return "No role"
    return _ROLE_LABELS.get(role) or role.replace("_", " ").capitalize()
