"""What claim-next hands back (no SQLAlchemy here: the UI imports it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.changes import Changes


@dataclass(frozen=True, slots=True)
class Claimed:
    """The entry claim-next assigned to the caller (``None``: the pool was empty) and what changed."""

    entry_id: uuid.UUID | None

    @property
    def changes(self) -> Changes:
        return Changes.entries(self.entry_id) if self.entry_id is not None else Changes()
