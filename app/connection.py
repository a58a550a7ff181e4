"""Deciding which PostgreSQL this process talks to, starting the embedded one if needed."""

from __future__ import annotations

from dataclasses import dataclass

from app.embedded_server import EmbeddedServer
from app.settings import Settings


@dataclass(frozen=True)
class Connection:
    """The owner's (or configured) libpq URL, and whether we started a server for it.

    ``started_server`` lets the composition root stop exactly the server it
    started (or adopted from a crashed run) when the window closes, and leave
    alone one that another live window or a ``db start`` had already running.
    """

    url: str
    embedded: EmbeddedServer | None
    started_server: bool
    adopted_from: int | None = None
    """The pid of an ended process whose leftover server we took over (see ``EmbeddedServer.start``)."""

    def close(self) -> None:
        if self.embedded is not None and self.started_server:
            self.embedded.stop()


def open_connection(settings: Settings, *, durable: bool = True) -> Connection:
    """Use the configured URL, or start the embedded server and use its owner URL."""
    if settings.database_url is not None:
        return Connection(url=settings.database_url, embedded=None, started_server=False)
    server = EmbeddedServer(settings.data_dir, durable=durable)
    started = server.start()
    return Connection(url=server.owner_url(), embedded=server, started_server=started, adopted_from=server.adopted_from)
