"""``ruling-desk keys create|list|revoke`` through the real console script, checked in the database."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.cli import run_cli
from tests.security_roles import World


def keys(world: World, *arguments: str, data_dir: Path) -> list[list[str]]:
    result = run_cli(
        "keys", *arguments, "--database-url", world.logins.owner_url, "--data-dir", str(data_dir), timeout=60
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_create_prints_the_secret_once_list_never_does_and_revoke_stops_verification(
    world: World, tmp_path: Path
) -> None:
    a1 = world.screenings["A1"]
    [[key_id, public_id, secret]] = keys(
        world, "create", "--description", "Nightly\tsync", "--scope", "property", "--role", "read_only",
        "--property", str(a1.property_id), data_dir=tmp_path,
    )  # fmt: skip
    assert secret.startswith(f"rdk_{public_id}_")
    listed = {row[0]: row for row in keys(world, "list", data_dir=tmp_path)}
    assert listed[key_id][1:7] == [public_id, "Nightly sync", "property", "Alder One", "read_only", "True"]
    assert not any(secret in cell for row in listed.values() for cell in row)
    with world.owner() as owner:
        assert owner.execute("SELECT key FROM api_keys WHERE id = %s", (key_id,)).fetchone() == (
            hashlib.sha256(secret.encode()).hexdigest(),
        )
    with world.connect("worker") as conn:
        assert len(conn.execute("SELECT * FROM rd_verify_api_key(%s)", (secret,)).fetchall()) == 1
    assert keys(world, "revoke", key_id, data_dir=tmp_path) == []
    with world.connect("worker") as conn:
        assert conn.execute("SELECT * FROM rd_verify_api_key(%s)", (secret,)).fetchall() == []
    assert {row[0]: row for row in keys(world, "list", data_dir=tmp_path)}[key_id][6] == "False"


def test_a_badly_scoped_key_is_one_line_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    result = run_cli(
        "keys", "create", "--description", "x", "--scope", "company", "--role", "write",
        "--database-url", world.logins.owner_url, "--data-dir", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "ruling-desk: Choose the company this key may read and write.\n"
    with world.owner() as owner:
        assert owner.execute("SELECT count(*) FROM api_keys WHERE description = 'x'").fetchone() == (0,)
