"""The spec parser reads what the documents say, so the schema tests check against the real contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.spec_tables import (
    SpecColumn,
    documented_tables,
    er_diagram_tables,
    markdown_tables,
    spec_document,
)


def test_documents_describe_38_tables_14_16_8() -> None:
    core = markdown_tables(spec_document("001"))
    supporting = markdown_tables(spec_document("000"))
    workflow = er_diagram_tables(spec_document("002")).keys() - core.keys()

    assert len(core) == 14
    assert len(supporting) == 8
    assert len(workflow) == 16
    assert set(documented_tables()) == core.keys() | supporting.keys() | workflow


def test_markdown_columns_carry_type_and_nullability() -> None:
    tables = documented_tables()

    assert tables["entries"]["suggested_ruling"] == SpecColumn("user-defined", False)
    assert tables["entries"]["note"] == SpecColumn("text", True)
    assert tables["team"]["country_id"] == SpecColumn("integer", False)
    assert tables["analytics_reports"]["from"] == SpecColumn("date", True)
    assert tables["unauthenticated_session"]["proofs"] == SpecColumn("jsonb[]", False)
    assert list(tables["users_owners"]) == ["owner_id", "user_id", "inserted_at", "updated_at"]
    assert len(tables["properties"]) == 30


def test_er_diagram_columns_have_loose_types_and_unknown_nullability() -> None:
    proof = documented_tables()["proof"]

    assert proof["type"] == SpecColumn("enum", None)
    assert proof["meta_data_flags"] == SpecColumn("array", None)
    assert proof["file"] == SpecColumn("text", None)
    assert len(proof) == 14


def test_er_diagram_core_entities_agree_with_core_model() -> None:
    """002 redraws the core tables partially; every column it shows must be documented in 001."""
    core = markdown_tables(spec_document("001"))
    drawn = er_diagram_tables(spec_document("002"))

    undocumented = {
        f"{table}.{column}"
        for table, columns in drawn.items()
        if table in core
        for column in columns
        if column not in core[table]
    }
    assert undocumented == set()


def test_missing_spec_directory_raises_instead_of_skipping(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="shared/ directory"):
        documented_tables(tmp_path / "nowhere")
