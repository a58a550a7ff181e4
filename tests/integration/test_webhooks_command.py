"""``ruling-desk webhooks list|set|remove`` through the real console script, checked in the database."""

from __future__ import annotations

from pathlib import Path

from tests.cli import run_cli
from tests.security_roles import World


def webhooks(world: World, *arguments: str, data_dir: Path) -> list[list[str]]:
    result = run_cli(
        "webhooks", *arguments, "--database-url", world.logins.owner_url, "--data-dir", str(data_dir), timeout=60
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_set_prints_the_key_once_list_never_does_and_remove_stops_the_webhooks(world: World, tmp_path: Path) -> None:
    company = str(world.company_b)
    [[key]] = webhooks(world, "set", company, " https://hooks.birch.example/rd ", data_dir=tmp_path)
    assert key.startswith("whk_") and len(key) > 40
    assert webhooks(world, "set", company, "https://hooks.birch.example/v2", data_dir=tmp_path) == []
    [[listed_company, name, url, _changed]] = [
        row for row in webhooks(world, "list", data_dir=tmp_path) if row[0] == company
    ]
    assert (listed_company, name, url) == (company, "Birch Living", "https://hooks.birch.example/v2")
    with world.connect("worker") as worker:  # the URL changed, the key did not
        assert worker.execute("SELECT key FROM webhook_endpoints WHERE company_id = %s", (company,)).fetchone() == (
            key,
        )
    [[rotated]] = webhooks(world, "set", company, "https://hooks.birch.example/v2", "--new-key", data_dir=tmp_path)
    assert rotated != key
    assert webhooks(world, "remove", company, data_dir=tmp_path) == []
    assert [row for row in webhooks(world, "list", data_dir=tmp_path) if row[0] == company] == []


def test_a_bad_url_or_an_unknown_company_is_one_line_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    for arguments, message in (
        ((str(world.company_a), "ftp://files.example/hook"), "'ftp://files.example/hook' is not a web address"),
        (("00000000-0000-0000-0000-000000000000", "https://x.example/"), "There is no such company."),
        (("remove", str(world.company_a)), "That company has no webhook endpoint."),
    ):
        command = arguments if arguments[0] == "remove" else ("set", *arguments)
        result = run_cli(
            "webhooks", *command, "--database-url", world.logins.owner_url, "--data-dir", str(tmp_path), timeout=60
        )
        assert result.returncode == 1
        assert result.stderr.startswith(f"ruling-desk: {message}"), result.stderr
    with world.owner() as owner:
        assert owner.execute(
            "SELECT count(*) FROM webhook_endpoints WHERE company_id = %s", (world.company_a,)
        ).fetchone() == (0,)
