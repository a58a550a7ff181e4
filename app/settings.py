"""Where the workstation keeps its data and which database it talks to.

Configuration is resolved once, in the composition root, from (in order of
precedence) command-line flags, environment variables and platform defaults.
Nothing below ``app`` reads the environment: it is handed these values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ruling-desk"
DATA_DIR_ENV = "RULING_DESK_DATA_DIR"
DATABASE_URL_ENV = "RULING_DESK_DATABASE_URL"


@dataclass(frozen=True)
class Settings:
    """Resolved configuration of one process.

    ``database_url`` is ``None`` when the workstation should run on its own
    embedded PostgreSQL inside ``data_dir``; with a URL it connects to the
    central server and never starts an embedded one.
    """

    data_dir: Path
    database_url: str | None

    @property
    def embedded(self) -> bool:
        return self.database_url is None

    @property
    def documents_dir(self) -> Path:
        """Generated demo documents (``file://`` proofs) live here."""
        return self.data_dir / "documents"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


def resolve_settings(*, data_dir: str | os.PathLike[str] | None = None, database_url: str | None = None) -> Settings:
    """Build :class:`Settings` from explicit values, then the environment, then defaults."""
    chosen_dir = data_dir or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    chosen_url = database_url or os.environ.get(DATABASE_URL_ENV) or None
    return Settings(data_dir=Path(chosen_dir).expanduser().resolve(), database_url=chosen_url)
