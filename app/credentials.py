"""Where the workstation keeps passwords: the OS keyring, and one narrow file fallback.

A person's own password ("remember me") is kept only in the OS keyring
(Keychain, Windows Credential Locker, Secret Service). Where there is no
usable keyring, as on a headless Linux box, it is simply not remembered:
the dialog says so and signing in still works.

The embedded demo accounts are different: their passwords are generated
on this computer at first run, and the one-click demo list must find them
again on every run. They go to the keyring when there is one, and
otherwise to a file inside the data directory that only this user can read
(mode 0600), next to the embedded server's own owner password. That file
never holds anything a person typed.

The keyring backend is looked up on every call, not cached, so a test can
install its own backend with ``keyring.set_keyring`` and restore the old one.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Final

import keyring
from keyring.backends.chainer import ChainerBackend
from keyring.backends.fail import Keyring as FailKeyring
from keyring.backends.null import Keyring as NullKeyring
from keyring.errors import KeyringError

from app.settings import APP_NAME
from services.private_files import write_private_file

log = logging.getLogger(__name__)

NO_KEYRING_MESSAGE: Final = "This computer has no password keyring, so your password can't be remembered."
DEMO_PASSWORDS_FILE: Final = "demo-passwords.json"


def keyring_problem() -> str | None:
    """``None`` when the keyring can store passwords, otherwise a sentence saying it can't.

    ``fail.Keyring`` is what ``keyring`` picks when it found nothing; the
    null backend accepts and forgets; a chainer with nothing to chain is
    the same as nothing.
    """
    backend = keyring.get_keyring()
    if isinstance(backend, FailKeyring | NullKeyring):
        return NO_KEYRING_MESSAGE
    if isinstance(backend, ChainerBackend) and not backend.backends:
        return NO_KEYRING_MESSAGE
    return None


def _service(profile_key: str) -> str:
    return f"{APP_NAME}/{profile_key}"


class RememberedPasswords:
    """ "Remember me": people's own passwords, in the OS keyring and nowhere else.

    Keyring failures (a locked keyring, a backend that stopped answering)
    never break signing in: a read that fails recalls nothing, a write
    that fails is logged and reported as not remembered.
    """

    @property
    def unavailable_reason(self) -> str | None:
        return keyring_problem()

    def recall(self, profile_key: str, email: str) -> str | None:
        if keyring_problem() is not None:
            return None
        try:
            return keyring.get_password(_service(profile_key), email.lower())
        except KeyringError as failure:
            log.warning("could not read a remembered password from the keyring: %s", failure)
            return None

    def remember(self, profile_key: str, email: str, password: str) -> bool:
        """Store the password; ``False`` (and a log line) if the keyring refused."""
        if keyring_problem() is not None:
            return False
        try:
            keyring.set_password(_service(profile_key), email.lower(), password)
        except KeyringError as failure:
            log.warning("could not store the password in the keyring: %s", failure)
            return False
        return True

    def forget(self, profile_key: str, email: str) -> None:
        """Remove a stored password, if there is one: unticking "remember me" must stick."""
        if keyring_problem() is not None or self.recall(profile_key, email) is None:
            return
        try:
            keyring.delete_password(_service(profile_key), email.lower())
        except KeyringError as failure:
            log.warning("could not remove a remembered password from the keyring: %s", failure)


class DemoPasswords:
    """The embedded demo accounts' generated passwords: keyring first, else a private file.

    Reads look in both places, so passwords stored while there was no
    keyring are still found after one appears (and the other way round).
    """

    def __init__(self, data_dir: Path, profile_key: str) -> None:
        self._file = data_dir / DEMO_PASSWORDS_FILE
        self._service = _service(f"{profile_key}/demo")

    def get(self, email: str) -> str | None:
        if keyring_problem() is None:
            try:
                stored = keyring.get_password(self._service, email.lower())
            except KeyringError as failure:
                log.warning("could not read a demo password from the keyring: %s", failure)
            else:
                if stored is not None:
                    return stored
        return self._read_file().get(email.lower())

    def put(self, email: str, password: str) -> None:
        if keyring_problem() is None:
            try:
                keyring.set_password(self._service, email.lower(), password)
            except KeyringError as failure:
                log.warning("keyring refused a demo password, keeping it in %s: %s", self._file, failure)
            else:
                return
        self._write_file({**self._read_file(), email.lower(): password})

    def _read_file(self) -> dict[str, str]:
        try:
            stored = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(email): str(password) for email, password in stored.items()}

    def _write_file(self, passwords: dict[str, str]) -> None:
        write_private_file(self._file, json.dumps(passwords, indent=2, sort_keys=True))
