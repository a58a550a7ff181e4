"""The embedded PostgreSQL used when no central database URL is configured."""

from app.embedded_server.server import APP_DATABASE, EmbeddedServer, EmbeddedServerError, ServerStatus

__all__ = ["APP_DATABASE", "EmbeddedServer", "EmbeddedServerError", "ServerStatus"]
