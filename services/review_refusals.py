"""Why a reviewer's action did not happen (no SQLAlchemy here: the UI catches these).

The workflow functions of migration 0005 refuse with SQLSTATEs (``42501``
not yours / not allowed, ``P0002`` no such entry, ``22023`` bad request,
``RD409`` ruled already); the submit checks the same facts itself first so
that it can say *which* of them happened. Either way the person reads one
of the :class:`~services.errors.Refusal` subclasses below (translated in
:mod:`services.review_failures`), and a lost connection is
:class:`~services.errors.DatabaseUnavailable` (the draft is kept and the
submit retried: it is idempotent).
"""

from __future__ import annotations

from services.errors import Refusal


class NotYourEntry(Refusal):
    """The entry is not assigned to the person acting on it (or they may not do this)."""


class EntryReassigned(Refusal):
    """The entry was handed to someone else (or back to the pool) while this person worked on it."""


class EntryTaken(Refusal):
    """The entry a reviewer chose to claim was claimed by someone else (or left the pool) first."""


class AlreadyRuled(Refusal):
    """The entry was ruled on already (a second submit, or someone else's)."""


class NoSuchEntry(Refusal):
    """The entry does not exist, or this person may not see it."""


class InvalidRuling(Refusal):
    """The request itself is incomplete: a reason missing, a document without a ruling…"""
