"""The background-job tables: the spec's ``oban_jobs`` and ``oban_peers``.

Both are shared with the client's Elixir Oban nodes and read and written by
the Python ``oban`` package, so their shape is not ours to change: the types
follow the spec (``errors jsonb[]``, ``tags varchar[]``, ``integer``
counters, naive UTC ``timestamp``) and the indexes carry the names Oban gives
them, so that ``oban.schema.install_sql()`` recognises and skips them.

Mapped here so the jobs panel can select from them and so Alembic's
autogenerate can tell when the migrated database drifts from this
description (for instance after an ``oban`` upgrade changes what its install
creates). ``oban`` itself never goes through these classes; it runs its own
SQL.

``oban_leaders`` and ``oban_producers`` are created by ``install_sql()`` and
belong to the ``oban`` package alone (UNLOGGED coordination tables that it
may reshape between versions). They are not mapped; the migration
environment skips them by name through :data:`OBAN_INTERNAL_TABLES`.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Enum,
    Identity,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import conv

from models.base import Base

OBAN_INTERNAL_TABLES: Final[frozenset[str]] = frozenset({"oban_leaders", "oban_producers"})
"""Tables the ``oban`` package owns; the migration environment must not compare or drop them."""

UTC_NOW: Final = text("timezone('UTC'::text, now())")
"""Oban's spelling of "now, as naive UTC"; kept verbatim so defaults compare equal."""


class ObanJobState(StrEnum):
    """Values of ``oban_job_state`` in database order.

    The spec's seven states, plus ``suspended``, which ``oban``'s install adds
    after ``scheduled`` (Elixir Oban Pro uses it for held jobs). Order matters
    for ``ORDER BY state``.
    """

    AVAILABLE = "available"
    SCHEDULED = "scheduled"
    SUSPENDED = "suspended"
    EXECUTING = "executing"
    RETRYABLE = "retryable"
    COMPLETED = "completed"
    DISCARDED = "discarded"
    CANCELLED = "cancelled"


class ObanJob(Base):
    """One background job, in the spec's column order."""

    __tablename__ = "oban_jobs"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=False), primary_key=True)
    state: Mapped[ObanJobState] = mapped_column(
        Enum(ObanJobState, name="oban_job_state", values_callable=lambda states: [s.value for s in states]),
        server_default=text("'available'::oban_job_state"),
    )
    queue: Mapped[str] = mapped_column(Text, server_default=text("'default'::text"))
    worker: Mapped[str] = mapped_column(Text)
    args: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    errors: Mapped[list[dict[str, Any]]] = mapped_column(ARRAY(JSONB), server_default=text("'{}'::jsonb[]"))
    attempt: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    max_attempts: Mapped[int] = mapped_column(Integer, server_default=text("20"))
    inserted_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)
    scheduled_at: Mapped[datetime.datetime] = mapped_column(server_default=UTC_NOW)
    attempted_at: Mapped[datetime.datetime | None]
    completed_at: Mapped[datetime.datetime | None]
    attempted_by: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    discarded_at: Mapped[datetime.datetime | None]
    priority: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    tags: Mapped[list[str] | None] = mapped_column(ARRAY(String()), server_default=text("'{}'::character varying[]"))
    meta: Mapped[dict[str, Any] | None] = mapped_column(server_default=text("'{}'::jsonb"))
    cancelled_at: Mapped[datetime.datetime | None]

    __table_args__ = (
        # The constraints ``oban`` creates on a fresh table (and Elixir Oban's
        # names for them), minus ``non_negative_priority``: the spec's own
        # queries use negative priorities.
        CheckConstraint("attempt >= 0 AND attempt <= max_attempts", name=conv("attempt_range")),
        CheckConstraint("max_attempts > 0", name=conv("positive_max_attempts")),
        CheckConstraint("char_length(queue) > 0", name=conv("queue_length")),
        CheckConstraint("char_length(worker) > 0", name=conv("worker_length")),
        # The spec's indexes: job selection, active jobs per queue, by worker.
        Index(
            "oban_jobs_state_queue_priority_scheduled_at_id_index",
            "state",
            "queue",
            "priority",
            "scheduled_at",
            "id",
            postgresql_with={"fillfactor": 90},
        ),
        Index(
            "oban_jobs_active_queue_state_index",
            "queue",
            "state",
            "scheduled_at",
            postgresql_where=text("state NOT IN ('completed', 'discarded', 'cancelled')"),
        ),
        Index("oban_jobs_worker_index", "worker"),
        # Created by ``oban``'s install: staging of scheduled/retryable jobs and pruning.
        Index(
            "oban_jobs_staging_index",
            "scheduled_at",
            "id",
            postgresql_include=["queue"],
            postgresql_where=text("state IN ('scheduled', 'retryable')"),
        ),
        Index("oban_jobs_completed_at_index", "completed_at", postgresql_where=text("state = 'completed'")),
        Index("oban_jobs_cancelled_at_index", "cancelled_at", postgresql_where=text("state = 'cancelled'")),
        Index("oban_jobs_discarded_at_index", "discarded_at", postgresql_where=text("state = 'discarded'")),
    )


class ObanPeer(Base):
    """The Elixir Oban leader's lease: in practice one row per Oban instance name.

    The spec makes ``(name, node)`` the key; Elixir Oban's leader election
    needs ``name`` unique on its own (non-leaders insert with ``ON CONFLICT
    DO NOTHING`` and must lose, the leader refreshes with ``ON CONFLICT
    (name)``), hence the extra unique index. UNLOGGED as in Elixir's own
    migration: leases are worthless after a crash. The Python ``oban``
    package elects its leader through ``oban_leaders`` instead.
    """

    __tablename__ = "oban_peers"

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    node: Mapped[str] = mapped_column(Text, primary_key=True)
    started_at: Mapped[datetime.datetime]
    expires_at: Mapped[datetime.datetime]

    __table_args__ = (
        Index("oban_peers_name_index", "name", unique=True),
        {"prefixes": ["UNLOGGED"]},
    )
