"""Connection profiles: which database the sign-in dialog signs into.

There is always the embedded demo ("this computer"), when the workstation
runs its own server, plus any central servers the person has signed into
before. A server profile is a name and the server's *gatekeeper* URL: the
libpq URL of ``rd_gatekeeper``, the low-privilege role a workstation uses
before anyone has signed in (to diagnose a refused sign-in and to accept
invitations). An administrator hands that URL out; it may carry the
gatekeeper's password, which is shared by every workstation and can do
nothing but those two things.

Profiles and the last email used with each are kept in ``profiles.json``
in the data directory, beside everything else the workstation keeps
(``--data-dir`` moves all of it; written 0600 all the same). People's own
passwords are never in it: those go to the keyring (:mod:`app.credentials`).

A server given on the command line (``--database-url`` or
``RULING_DESK_DATABASE_URL``) is offered first and preselected for that
run (:meth:`ProfileBook.offer`); it is saved like any other once someone
signs into it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import psycopg
from psycopg.conninfo import conninfo_to_dict

from app.settings import Settings
from services.database_urls import LIBPQ_SCHEMES, libpq_url
from services.private_files import write_private_file

EMBEDDED_NAME: Final = "Embedded demo (this computer)"
PROFILES_FILE: Final = "profiles.json"
URL_EXAMPLE: Final = "postgresql://rd_gatekeeper:…@host/ruling_desk"


@dataclass(frozen=True)
class Profile:
    """A place to sign in. ``gatekeeper_url`` is ``None`` for this data directory's embedded server.

    ``key`` names the profile in the keyring and in ``profiles.json``; it
    is derived from where the database is (not from the profile's name or
    the gatekeeper password), so re-adding a server finds its passwords.
    """

    key: str
    name: str
    gatekeeper_url: str | None = field(repr=False)
    """May carry the gatekeeper's password: kept out of ``repr`` and so out of logs."""

    @property
    def embedded(self) -> bool:
        return self.gatekeeper_url is None


def embedded_profile(settings: Settings) -> Profile:
    """The profile of ``settings.data_dir``'s embedded server; its own key per data directory."""
    digest = hashlib.sha256(str(settings.data_dir).encode()).hexdigest()[:12]
    return Profile(key=f"embedded-{digest}", name=EMBEDDED_NAME, gatekeeper_url=None)


def server_profile(gatekeeper_url: str, name: str | None = None) -> Profile:
    """A central server's profile; the name defaults to its database and host.

    Raises ``ValueError``, with a message for the person who typed it, for
    anything but a ``postgresql://`` URL libpq can parse.
    """
    url = gatekeeper_url.strip()
    try:
        if not url.startswith(LIBPQ_SCHEMES):
            raise ValueError(url)
        parts = conninfo_to_dict(url)
    except (ValueError, psycopg.ProgrammingError) as failure:
        raise ValueError(f"That is not a server URL. It looks like {URL_EXAMPLE}") from failure
    host = str(parts.get("host") or "localhost")
    where = f"{host}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"
    return Profile(
        key=f"server-{where}", name=name or f"{parts.get('dbname') or 'server'} on {host}", gatekeeper_url=url
    )


def profiles_file(settings: Settings) -> Path:
    return settings.data_dir / PROFILES_FILE


def command_line_profile(settings: Settings) -> Profile | None:
    """The server of ``--database-url``, as a profile (``None`` for the embedded server or a URL libpq refuses)."""
    if settings.database_url is None:
        return None
    try:
        return server_profile(libpq_url(settings.database_url))
    except ValueError:
        return None


class ProfileBook:
    """Saved server profiles, the last email per profile and the last profile used.

    Reads are forgiving (a missing or damaged file, or an entry libpq cannot
    parse, is left out, so a bad file never locks anyone out); writes
    replace the whole file.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        stored = _read_json_object(path)
        self._servers = list(_parse_servers(stored.get("servers")))
        last_email = stored.get("last_email")
        self._last_email: dict[str, str] = dict(last_email) if isinstance(last_email, dict) else {}
        last_profile = stored.get("last_profile")
        self._last_profile = last_profile if isinstance(last_profile, str) else None
        self._offered: Profile | None = None

    @property
    def servers(self) -> tuple[Profile, ...]:
        if self._offered is None:
            return tuple(self._servers)
        return (self._offered, *(server for server in self._servers if server.key != self._offered.key))

    @property
    def last_profile_key(self) -> str | None:
        return self._offered.key if self._offered is not None else self._last_profile

    def offer(self, profile: Profile) -> None:
        """List ``profile`` first and preselect it for this run; written to the file only by a sign-in into it.

        A server already saved keeps the name the person knows it by, with
        the URL given now.
        """
        known = next((server for server in self._servers if server.key == profile.key), None)
        self._offered = profile if known is None else replace(profile, name=known.name)

    def last_email(self, profile: Profile) -> str | None:
        return self._last_email.get(profile.key)

    def record_sign_in(self, profile: Profile, email: str) -> None:
        """After a successful sign-in: keep the server (if new), its email, and make it the default."""
        if not profile.embedded:
            # The same server typed again (say, with a new gatekeeper password)
            # replaces its entry, keeping the name the person knows it by.
            known = next((server for server in self._servers if server.key == profile.key), None)
            if known is None:
                self._servers.append(profile)
            else:
                self._servers[self._servers.index(known)] = replace(profile, name=known.name)
        self._last_email[profile.key] = email
        self._last_profile = profile.key
        state = {
            "servers": [{"name": server.name, "url": server.gatekeeper_url} for server in self._servers],
            "last_email": self._last_email,
            "last_profile": self._last_profile,
        }
        write_private_file(self._path, json.dumps(state, indent=2))


def _read_json_object(path: Path) -> dict[str, Any]:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _parse_servers(entries: object) -> Iterator[Profile]:
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        with contextlib.suppress(ValueError):
            yield server_profile(entry["url"], entry.get("name"))
