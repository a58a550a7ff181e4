"""Lets ``import oban`` work on a workstation that has no ``erlpack``.

``oban`` imports ``erlpack`` as soon as it is imported, yet uses it for one
thing only: encoding the value a job returns as ``oban.Record`` (Erlang term
format, which Oban Pro reads). ``erlpack`` is published as source only and
needs a C compiler, so a reviewer's Windows or macOS workstation could not
install the app at all. ``pyproject.toml`` therefore leaves ``erlpack`` out of
the workstation's install (``[tool.uv] override-dependencies``) and this
module provides the import in its place.

None of our workers returns a ``Record``. If a job ever does on a node without
``erlpack``, that job fails with :data:`NEEDS_ERLPACK` (and is retried like any
failure) instead of the whole job system failing to import. Worker nodes that
record results install the ``worker`` extra; a real ``erlpack`` always wins.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from typing import NoReturn

NEEDS_ERLPACK = "recording a job result (oban.Record) needs erlpack: install ruling-desk[worker] on this node"


def _needs_erlpack(*_args: object, **_kwargs: object) -> NoReturn:
    raise RuntimeError(NEEDS_ERLPACK)


def provide_erlpack() -> None:
    """Register the stand-in as ``erlpack`` unless the real package is importable."""
    if "erlpack" in sys.modules or importlib.util.find_spec("erlpack") is not None:
        return
    standin = types.ModuleType("erlpack", "Stand-in from services.erlpack_standin: erlpack is not installed.")
    standin.__spec__ = importlib.machinery.ModuleSpec("erlpack", None, origin=__name__)
    standin.pack = _needs_erlpack  # type: ignore[attr-defined]
    standin.unpack = _needs_erlpack  # type: ignore[attr-defined]
    sys.modules["erlpack"] = standin
