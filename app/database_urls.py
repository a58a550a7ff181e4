"""Converting between the URLs people type and the ones SQLAlchemy wants.

People and ``psql`` use libpq URIs (``postgresql://user:pw@host/db``);
SQLAlchemy needs the driver named (``postgresql+psycopg://``). Query
parameters such as ``host=/socket/dir`` pass through untouched.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

_LIBPQ_SCHEMES = ("postgresql://", "postgres://")


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy psycopg-3 form of a libpq or SQLAlchemy URL."""
    for scheme in _LIBPQ_SCHEMES:
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
