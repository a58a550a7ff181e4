"""Read the client's schema documents into ``{table: {column: SpecColumn}}`` for the schema tests.

The documents live beside the repository, in ``../shared/spec``; the
tests must not pass without them, so a missing document raises instead of
skipping.

- ``001_*`` (core entity model) and ``000_*`` (supporting systems) describe
  tables as markdown column tables (``| Column | Type | Nullable | ...``)
  under a heading naming the table (``## 7. ENTRIES``, ``### api_keys``).
- ``002_*`` (ER diagrams) describes the workflow tables only as mermaid
  ``erDiagram`` entity blocks (``uuid id PK``, ``enum type "…"``), with
  loose type words and no nullability. Its core-entity blocks repeat
  tables of 001 partially; 001 wins for those.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

SPEC_DIR = Path(__file__).resolve().parents[2] / "shared" / "spec"

# "## 7. ENTRIES" (001) or "### matching_entries" (000). Capitalised words
# ("### Columns", "## Overview") are section titles, not tables.
_TABLE_HEADING = re.compile(r"^#{2,4}\s+(?:\d+\.\s+([A-Z][A-Z_]*)|([a-z][a-z_]*))\s*$")
_COLUMN_TABLE_HEADER = re.compile(r"^\|\s*Column\s*\|\s*Type\s*\|\s*Nullable\s*\|")
_MERMAID_BLOCK = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)
_ENTITY_BLOCK = re.compile(r"^\s*(\w+)\s*\{\s*\n(.*?)^\s*\}", re.DOTALL | re.MULTILINE)
_ENTITY_ATTRIBUTE = re.compile(r'^\s*(\w+(?:\[\])?)\s+(\w+)((?:\s+(?:PK|FK|UK))*)(?:\s+"[^"]*")?\s*$')


class SpecColumn(NamedTuple):
    """A documented column: its type as written (lower-cased) and nullability (None: not documented)."""

    type: str
    nullable: bool | None


SpecTables = dict[str, dict[str, SpecColumn]]


def spec_document(prefix: str, spec_dir: Path = SPEC_DIR) -> str:
    """Text of the one spec document whose name starts with ``prefix`` (e.g. ``"001"``)."""
    if not spec_dir.is_dir():
        raise FileNotFoundError(
            f"Spec directory {spec_dir} is missing: clone the project with its shared/ directory beside the repo."
        )
    matches = sorted(spec_dir.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"Expected exactly one {prefix}_*.txt in {spec_dir}, found {len(matches)}.")
    return matches[0].read_text(encoding="utf-8")


def markdown_tables(text: str) -> SpecTables:
    """Tables described by markdown column tables under a table-name heading (documents 001, 000)."""
    tables: SpecTables = {}
    heading_table: str | None = None
    columns: dict[str, SpecColumn] | None = None  # the column table being read, if any
    for line in text.splitlines():
        heading = _TABLE_HEADING.match(line)
        if heading:
            heading_table = (heading.group(1) or heading.group(2)).lower()
            columns = None
        elif _COLUMN_TABLE_HEADER.match(line):
            if heading_table is None:
                raise ValueError(f"Column table without a table heading: {line!r}")
            if heading_table in tables:
                raise ValueError(f"Table {heading_table!r} is documented twice")
            columns = tables[heading_table] = {}
        elif columns is not None and not line.startswith("|"):
            columns = None
        elif columns is not None:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if set(cells[0]) <= {"-", ":"}:
                continue  # the |---|---| separator
            nullable = {"YES": True, "NO": False}[cells[2].upper()]
            columns[cells[0].strip("`*")] = SpecColumn(cells[1].lower(), nullable)
    return tables


def er_diagram_tables(text: str) -> SpecTables:
    """Tables described by mermaid ``erDiagram`` entity blocks (document 002); nullability unknown."""
    tables: SpecTables = {}
    for block in _MERMAID_BLOCK.findall(text):
        if not block.lstrip().startswith("erDiagram"):
            continue
        for name, body in _ENTITY_BLOCK.findall(block):
            columns: dict[str, SpecColumn] = {}
            for line in body.splitlines():
                if not line.strip():
                    continue
                attribute = _ENTITY_ATTRIBUTE.match(line)
                if attribute is None:
                    raise ValueError(f"Unreadable attribute of {name}: {line!r}")
                columns[attribute.group(2)] = SpecColumn(attribute.group(1).lower(), None)
            if name in tables:
                raise ValueError(f"Entity {name!r} is drawn twice")
            tables[name] = columns
    return tables


def documented_tables(spec_dir: Path = SPEC_DIR) -> SpecTables:
    """Every table the three binding documents describe: 001 and 000 in full, 002's remaining entities."""
    tables = markdown_tables(spec_document("001", spec_dir))
    supporting = markdown_tables(spec_document("000", spec_dir))
    overlap = tables.keys() & supporting.keys()
    if overlap:
        raise ValueError(f"Tables documented in both 001 and 000: {sorted(overlap)}")
    tables.update(supporting)
    for name, columns in er_diagram_tables(spec_document("002", spec_dir)).items():
        tables.setdefault(name, columns)
    return tables
