"""Database URLs: the forms people type, the one SQLAlchemy wants, and credentials put in.

People and ``psql`` use libpq URIs (``postgresql://user:pw@host/db``);
SQLAlchemy needs the driver named (``postgresql+psycopg://``). Query
parameters such as ``host=/socket/dir`` pass through untouched. Every
layer that handles a URL uses these, so they all accept the same ones.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.engine import make_url

LIBPQ_SCHEMES: Final = ("postgresql://", "postgres://")
_CREDENTIAL_PARAMETERS: Final = frozenset({"user", "password"})


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy psycopg-3 form of a libpq or SQLAlchemy URL."""
    for scheme in LIBPQ_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def libpq_url(url: str) -> str:
    """The libpq form (for ``psql`` and ``psycopg.connect``) of either URL form."""
    if url.startswith("postgresql+"):
        return "postgresql://" + url.split("://", 1)[1]
    return url


def redacted(url: str) -> str:
    """The URL with its password masked, for status bars and logs."""
    return make_url(sqlalchemy_url(url)).render_as_string(hide_password=True)


def server_location(url: str) -> str:
    """Where ``url`` looks for its server, for messages: ``db.example, port 5432`` or a socket directory."""
    parts: dict[str, Any] = conninfo_to_dict(libpq_url(url))
    return f"{parts.get('host') or 'localhost'}, port {parts.get('port') or 5432}"


def with_credentials(profile_url: str, role: str, password: str) -> str:
    """``profile_url`` with ``role`` and ``password`` as its credentials, everything else kept.

    The result is a libpq URL (``postgresql://…``), so it serves both
    psycopg and, through :func:`sqlalchemy_url`, the engine. Raises
    ``ValueError`` for anything but a ``postgresql://`` URL.
    """
    parts = urlsplit(profile_url)
    if f"{parts.scheme}://" not in LIBPQ_SCHEMES:
        raise ValueError("a connection profile must be a postgresql:// URL")
    hosts = parts.netloc.rpartition("@")[2]
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in _CREDENTIAL_PARAMETERS
    ]
    netloc = f"{quote(role, safe='')}:{quote(password, safe='')}@{hosts}"
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment))
