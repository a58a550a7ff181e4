"""``ruling-desk companies|teams|properties|owners list`` through the real console script, and what the log keeps.

The listings give ``users create`` its ids as plain tab-separated columns;
the log file of a command that is not a migration holds no Alembic chatter,
while ``db upgrade`` logs its steps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.cli import run_cli
from tests.security_roles import World


def listing(world: World, *arguments: str, data_dir: Path) -> list[list[str]]:
    result = run_cli(*arguments, "--database-url", world.logins.owner_url, "--data-dir", str(data_dir), timeout=60)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_companies_teams_and_properties_are_listed_with_their_ids(world: World, tmp_path: Path) -> None:
    companies = listing(world, "companies", "list", data_dir=tmp_path)
    assert [str(world.company_a), "C-A", "Alder Homes"] in companies
    assert [str(world.company_b), "C-B", "Birch Living"] in companies
    assert [str(world.team_id), "Fraud Detection"] in listing(world, "teams", "list", data_dir=tmp_path)

    of_a = listing(world, "properties", "list", "--company", str(world.company_a), data_dir=tmp_path)
    assert [(row[1], row[2], row[3]) for row in of_a] == [
        ("P-A1", str(world.company_a), "Alder One"),
        ("P-A2", str(world.company_a), "Alder Two"),
    ]
    every = listing(world, "properties", "list", data_dir=tmp_path)
    assert {row[1] for row in every} >= {"P-A1", "P-A2", "P-B1", "P-B2"}
    assert [str(world.owner_id), "SF-OAK", "Oak REIT"] in listing(world, "owners", "list", data_dir=tmp_path)

    log = (tmp_path / "logs" / "ruling-desk.log").read_text()
    assert "alembic" not in log  # the schema check ran, quietly


def test_db_upgrade_logs_its_steps(fresh_database: Callable[[], str], tmp_path: Path) -> None:
    result = run_cli("db", "upgrade", "--database-url", fresh_database(), "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "logs" / "ruling-desk.log").read_text()
    assert "Running upgrade  -> 0001" in log


def test_an_unknown_option_value_is_one_line(world: World, tmp_path: Path) -> None:
    result = run_cli("properties", "list", "--company", "C-A", "--database-url", world.logins.owner_url)
    assert result.returncode == 2 and "argument --company: invalid UUID value: 'C-A'" in result.stderr
