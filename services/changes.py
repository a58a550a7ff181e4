"""What a write changed: the value every write use case returns and the hub carries to open views.

A write returns a :class:`Changes` instead of telling other windows to
reload; the workstation's one "changes" signal carries it (and the
database's ``NOTIFY`` feeds the same signal with what other workstations
changed), and each open view decides whether it shows anything touched.
Only ids and kinds travel, never row contents: a view re-reads the rows
through row-level security.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class ChangeKind(StrEnum):
    """Which kind of thing changed; views subscribe by kind."""

    ENTRY = "entry"
    """An entry's review state, assignment or result."""
    PERSON = "person"
    ACCESS = "access"
    """A person's property or owner grants: what they see changed (a company-side queue re-reads)."""
    TEAM = "team"
    INVITATION = "invitation"
    API_KEY = "api_key"
    JOB = "job"
    REPORT = "report"
    MATCH = "match"


@dataclass(frozen=True, slots=True)
class Changes:
    """The kinds and ids one write (or one batch of notifications) touched."""

    kinds: frozenset[ChangeKind] = frozenset()
    entry_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    """Entries whose row a queue or case view may show; re-read them through RLS."""
    resync: bool = False
    """True when changes may have been missed (the listener reconnected): views reload what they show."""

    @classmethod
    def entries(cls, *entry_ids: uuid.UUID) -> Changes:
        return cls(kinds=frozenset({ChangeKind.ENTRY}), entry_ids=frozenset(entry_ids))

    @classmethod
    def of(cls, *kinds: ChangeKind) -> Changes:
        return cls(kinds=frozenset(kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            kinds=self.kinds | other.kinds,
            entry_ids=self.entry_ids | other.entry_ids,
            resync=self.resync or other.resync,
        )

    def touches(self, kind: ChangeKind) -> bool:
        """Whether a view showing ``kind`` should look again (a resync touches everything)."""
        return self.resync or kind in self.kinds

    def __bool__(self) -> bool:
        return self.resync or bool(self.kinds)
