"""Sub-commands whose own ``--help`` says what they do.

argparse shows a sub-parser's ``help=`` only in its parent's list;
``ruling-desk db --help`` printed no description at all. Every command is
added through :func:`add_command`, which gives it both.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any


def add_command(
    subparsers: Any, name: str, summary: str, parents: Sequence[argparse.ArgumentParser], details: str = ""
) -> argparse.ArgumentParser:
    """Add ``name`` with ``summary`` in its parent's list and, with ``details``, as its own description."""
    sentence = f"{summary[:1].upper()}{summary[1:]}."
    return subparsers.add_parser(  # type: ignore[no-any-return]
        name, parents=list(parents), help=summary, description=f"{sentence} {details}".strip()
    )
