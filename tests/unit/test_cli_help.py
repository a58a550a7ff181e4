"""Every sub-command of ``ruling-desk`` describes itself in its own ``--help`` and in its parent's list."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from app.cli import build_parser


def sub_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, str | None]]:
    """(path, parser, the help its parent lists) for every sub-command, depth first."""
    for action in parser._subparsers._group_actions if parser._subparsers else ():  # argparse keeps them here
        assert isinstance(action, argparse._SubParsersAction)
        listed = {choice.dest: choice.help for choice in action._choices_actions}
        for name, sub in action.choices.items():
            yield (*path, name), sub, listed.get(name)
            yield from sub_commands(sub, (*path, name))


def test_every_sub_command_has_a_description_and_a_summary() -> None:
    found = list(sub_commands(build_parser()))
    paths = {" ".join(path) for path, _, _ in found}
    assert {"db upgrade", "users create", "users grant", "companies list", "owners list", "seed"} <= paths
    for path, parser, listed in found:
        assert listed, f"'{' '.join(path)}' has no summary in its parent's list"
        assert parser.description, f"'ruling-desk {' '.join(path)} --help' has no description"
        summary = f"{listed[:1].upper()}{listed[1:]}."
        assert parser.description.startswith(summary)
        assert summary in " ".join(parser.format_help().split())  # what --help prints, however it wraps
