"""``ruling-desk invitations import FILE [--dry-run]`` through the real console script, checked in the database."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from pathlib import Path

from tests.cli import run_cli
from tests.security_roles import World

GOOD = "email;role;company;properties\ncli-one@import.test;property_manager;C-A;Alder One\ncli-two@import.test;qa;;\n"
BAD = "email,role,team\ncli-bad@import.test,qa,Nowhere\ncli-bad@import.test,qa,\ncli-ok@import.test,qa,\n"


def invitations(world: World, file: Path, *options: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "invitations", "import", str(file), *options,
        "--database-url", world.logins.owner_url, "--data-dir", str(data_dir), timeout=60,
    )  # fmt: skip


def stored(world: World, pattern: str) -> list[tuple[str, str, bool]]:
    with world.owner() as owner:
        rows = owner.execute(
            "SELECT email, role, skip_email_sending FROM invitations WHERE email LIKE %s ORDER BY email", (pattern,)
        ).fetchall()
    return [tuple(row) for row in rows]


def test_dry_run_then_import_prints_the_codes_once_as_csv(world: World, tmp_path: Path) -> None:
    file = tmp_path / "people.csv"
    file.write_text(GOOD, encoding="utf-8-sig")

    checked = invitations(world, file, "--dry-run", data_dir=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "")
    assert checked.stderr == "people.csv: all 2 rows are ready; nothing imported (dry run)\n"
    assert stored(world, "cli-%") == []

    done = invitations(world, file, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "people.csv: 2 invitations created; their codes are above and shown only now\n"
    codes = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(row["email"], row["role"]) for row in codes] == [
        ("cli-one@import.test", "property_manager"),
        ("cli-two@import.test", "qa"),
    ]
    assert stored(world, "cli-%") == [
        ("cli-one@import.test", "property_manager", True),
        ("cli-two@import.test", "qa", True),
    ]
    with world.owner() as owner:
        for row in codes:
            found = owner.execute("SELECT token_hash FROM invitations WHERE email = %s", (row["email"],)).fetchone()
            assert found == (hashlib.sha256(row["code"].encode()).hexdigest(),)


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(world: World, tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(BAD, encoding="utf-8")

    result = invitations(world, file, data_dir=tmp_path)

    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "bad.csv: line 2 (cli-bad@import.test): Unknown team “Nowhere”.",
        "bad.csv: line 3 (cli-bad@import.test): The same address as line 2: invite each person once.",
        "bad.csv: 2 of 3 rows to fix; nothing imported",
    ]
    assert stored(world, "cli-bad%") == [] and stored(world, "cli-ok%") == []


def test_an_unreadable_file_is_one_line(world: World, tmp_path: Path) -> None:
    file = tmp_path / "people.xlsx"
    file.write_bytes(b"PK\x03\x04 workbook")
    result = invitations(world, file, data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("ruling-desk: people.xlsx: This is an Excel workbook")
    missing = invitations(world, tmp_path / "gone.csv", data_dir=tmp_path)
    assert missing.returncode == 1 and missing.stderr.startswith("ruling-desk: cannot read ")
