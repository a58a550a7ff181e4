"""Remembered passwords and demo passwords, with a real in-memory keyring and with no keyring at all."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as FailKeyring
from keyring.backends.null import Keyring as NullKeyring

from app.credentials import (
    DEMO_PASSWORDS_FILE,
    NO_KEYRING_MESSAGE,
    DemoPasswords,
    RememberedPasswords,
    keyring_problem,
)
from services.private_files import write_private_file
from tests.keyring_backends import EmptyChainer, MemoryKeyring, installed

PROFILE = "server-db.example:5432/ruling_desk"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with installed(FailKeyring()):
        yield


@pytest.mark.parametrize("backend", [FailKeyring(), NullKeyring()], ids=["fail", "null"])
def test_a_keyring_that_cannot_store_is_reported(backend: object) -> None:
    with installed(backend):  # type: ignore[arg-type]
        assert keyring_problem() == NO_KEYRING_MESSAGE


def test_a_chainer_with_nothing_to_chain_is_no_keyring() -> None:
    with installed(EmptyChainer()):
        assert keyring_problem() == NO_KEYRING_MESSAGE


def test_remember_me_round_trip(memory_keyring: MemoryKeyring) -> None:
    passwords = RememberedPasswords()
    assert passwords.unavailable_reason is None
    assert passwords.remember(PROFILE, "Ada@Example.com", "s3cret-horse-battery")
    assert passwords.recall(PROFILE, "ada@example.com") == "s3cret-horse-battery"
    assert passwords.recall("another-profile", "ada@example.com") is None
    assert memory_keyring.passwords == {("ruling-desk/" + PROFILE, "ada@example.com"): "s3cret-horse-battery"}
    passwords.forget(PROFILE, "ada@example.com")
    passwords.forget(PROFILE, "ada@example.com")  # forgetting twice is harmless
    assert passwords.recall(PROFILE, "ada@example.com") is None


def test_without_a_keyring_nothing_is_remembered_and_nothing_fails(no_keyring: None, tmp_path: Path) -> None:
    passwords = RememberedPasswords()
    assert passwords.unavailable_reason == NO_KEYRING_MESSAGE
    assert passwords.remember(PROFILE, "ada@example.com", "pw") is False
    assert passwords.recall(PROFILE, "ada@example.com") is None
    passwords.forget(PROFILE, "ada@example.com")


def test_demo_passwords_go_to_the_keyring_when_there_is_one(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    demo = DemoPasswords(tmp_path, "embedded-abc")
    demo.put("Admin@rulingdesk.demo", "generated")
    assert demo.get("admin@rulingdesk.demo") == "generated"
    assert not (tmp_path / DEMO_PASSWORDS_FILE).exists()
    assert ("ruling-desk/embedded-abc/demo", "admin@rulingdesk.demo") in memory_keyring.passwords


def test_demo_passwords_fall_back_to_a_private_file(no_keyring: None, tmp_path: Path) -> None:
    demo = DemoPasswords(tmp_path, "embedded-abc")
    demo.put("admin@rulingdesk.demo", "one")
    demo.put("qa@rulingdesk.demo", "two")
    path = tmp_path / DEMO_PASSWORDS_FILE
    assert json.loads(path.read_text()) == {"admin@rulingdesk.demo": "one", "qa@rulingdesk.demo": "two"}
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert DemoPasswords(tmp_path, "embedded-abc").get("qa@rulingdesk.demo") == "two"


def test_demo_passwords_kept_in_the_file_are_found_once_a_keyring_exists(tmp_path: Path) -> None:
    with installed(FailKeyring()):
        DemoPasswords(tmp_path, "embedded-abc").put("pm@rulingdesk.demo", "from-file")
    with installed(MemoryKeyring()):
        assert DemoPasswords(tmp_path, "embedded-abc").get("pm@rulingdesk.demo") == "from-file"


def test_private_files_are_never_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("old")
    path.chmod(0o644)
    write_private_file(path, "new")
    assert path.read_text() == "new"
    if sys.platform != "win32":  # Windows has no permission bits; the profile directory is private there
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [child.name for child in tmp_path.iterdir()] == ["secret"]  # no temporary file left behind
