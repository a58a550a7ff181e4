"""A real keyring backend that keeps passwords in memory, for tests that must not touch the OS keyring.

Tests install it with ``keyring.set_keyring`` (see :func:`memory_keyring`)
and get the previous backend back afterwards, so the code under test goes
through the genuine ``keyring`` API, not through patched functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict, keyed by (service, username)."""

    # Below zero, so keyring's automatic selection never prefers it over a
    # real backend in a process that merely imported this module.
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(f"no password for {username!r} in {service!r}")


class EmptyChainer(ChainerBackend):
    """keyring's chainer as it is on a machine with no usable backend to chain (headless Linux)."""

    backends: tuple[KeyringBackend, ...] = ()  # type: ignore[assignment]


@contextmanager
def installed(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` the process's keyring for the block, then restore the previous one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
