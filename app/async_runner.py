"""Running one coroutine to completion from a synchronous command."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any


def run_async[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a loop psycopg accepts.

    psycopg's async mode refuses the proactor loop that Windows uses by
    default, so there we ask for the selector loop explicitly.
    """
    if sys.platform == "win32":
        return asyncio.run(coroutine, loop_factory=asyncio.SelectorEventLoop)
    return asyncio.run(coroutine)
