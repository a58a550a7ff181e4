"""A person a lead may hand an entry to, as the reassign picker lists them (no SQLAlchemy: the UI imports it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReviewerChoice:
    """One line of the reassign picker: who, by name and address, and their review role."""

    user_id: uuid.UUID
    name: str
    email: str
    role: str
    """``users.role``: reviewer, senior_reviewer or qa."""
