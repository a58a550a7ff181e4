"""Where a queue page starts reading: the queue's order, or the folders the person may see.

Row-level security decides which entries a person sees; how fast their page
is depends on how the query meets that rule. For the company side the
entries' policy is "the folder is visible", which PostgreSQL can only apply
as a filter on the rows it reads, so the shape of the query must do the
rest:

- **Queue order** (:attr:`QueueScope.QUEUE_ORDER`): read the queue's index
  ranges in order and stop at a full page. Right for review staff, who see
  every entry, and for a company admin, who sees a whole company: the rows
  read per page are the page divided by the share of entries visible, which
  does not grow with the database.
- **Visible folders** (:attr:`QueueScope.VISIBLE_FOLDERS`): start from the
  visible properties' folders and read each one's entries from
  ``ix_entries_folder_queue``, then merge. Right for everyone granted some
  properties (property managers, company users, owners): a property manager
  with two properties sees 36 of 6,200 open entries at 100,000 entries, so
  reading in queue order would read all 6,200 (and 62,000 at a million) to
  fill a page; from the folders it reads their ~700 folders, at any size.

Row-level security stays the guarantee either way; a scope only chooses the
plan, and the wrong scope would be slower, never wider.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any, Final, cast

from sqlalchemy import ColumnElement, Select, Subquery, Table, select, true

from models.folders import Folder
from models.organizations import Property
from services.permissions import GRANT_SCOPED, Group

_folders: Final = cast(Table, Folder.__table__)
_properties: Final = cast(Table, Property.__table__)


class QueueScope(StrEnum):
    QUEUE_ORDER = "queue_order"
    VISIBLE_FOLDERS = "visible_folders"


def scope_of(group: Group | None) -> QueueScope:
    """The scope for a person of ``group`` (``None``, a database URL's own role: queue order)."""
    return QueueScope.VISIBLE_FOLDERS if group in GRANT_SCOPED else QueueScope.QUEUE_ORDER


def per_visible_folder(
    page: Select[Any],
    folder: ColumnElement[uuid.UUID],
    order: tuple[str, str],
    *,
    descending: bool,
    limit: int | None,
    name: str,
) -> Subquery:
    """``page`` (ordered and limited) run for each visible folder, its rows merged into one page in ``order``.

    ``folder`` is the page's folder column and ``order`` the names of its
    sort value and id columns. The folders are reached through the visible
    properties: the planner's guess for "folders of the properties I may
    see" is a handful of properties, so it loops over them, where a guess on
    the folders alone picks a scan of every folder.
    """
    visible = (
        select(_folders.c.id).join(_properties, _properties.c.id == _folders.c.property_id).subquery(f"{name}_folders")
    )
    per_folder = page.where(folder == visible.c.id).lateral(f"{name}_per_folder")
    columns = [per_folder.c[column] for column in order]
    merged = (
        select(per_folder)
        .select_from(visible)
        .join(per_folder, true())
        .order_by(*(column.desc() if descending else column.asc() for column in columns))
        .limit(limit)
    )
    return merged.subquery(name)
