"""Connection profiles and the book that remembers them, without a database or a keyring."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from app.profiles import (
    EMBEDDED_NAME,
    ProfileBook,
    command_line_profile,
    embedded_profile,
    profiles_file,
    server_profile,
)
from app.settings import Settings

URL = "postgresql://rd_gatekeeper:shared@db.example.com:6543/ruling_desk"


def test_a_server_profile_is_keyed_by_where_the_database_is_not_by_its_password() -> None:
    profile = server_profile(URL)
    assert profile.key == "server-db.example.com:6543/ruling_desk"
    assert profile.name == "ruling_desk on db.example.com"
    assert server_profile(URL.replace("shared", "rotated")).key == profile.key
    assert "shared" not in repr(profile)


@pytest.mark.parametrize("typed", ["db.example.com", "http://db.example.com/x", "host=db dbname=x", ""])
def test_anything_but_a_postgresql_url_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(ValueError, match=r"^That is not a server URL\. It looks like postgresql://"):
        server_profile(typed)


def test_each_data_directory_has_its_own_embedded_profile(tmp_path: Path) -> None:
    first = embedded_profile(Settings(data_dir=tmp_path / "a", database_url=None))
    second = embedded_profile(Settings(data_dir=tmp_path / "b", database_url=None))
    assert first.embedded and first.name == EMBEDDED_NAME
    assert first.key != second.key


def test_a_sign_in_is_remembered_without_any_password_of_the_person(tmp_path: Path) -> None:
    path = tmp_path / "config" / "profiles.json"
    ProfileBook(path).record_sign_in(server_profile(URL, "Head office"), "ada@example.com")

    book = ProfileBook(path)
    assert book.servers == (server_profile(URL, "Head office"),)
    assert book.last_profile_key == server_profile(URL).key
    assert book.last_email(server_profile(URL)) == "ada@example.com"
    assert "ada-password" not in path.read_text()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_same_server_typed_again_replaces_its_url_and_keeps_its_name(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    ProfileBook(path).record_sign_in(server_profile(URL, "Head office"), "ada@example.com")
    rotated = URL.replace("shared", "rotated")
    ProfileBook(path).record_sign_in(server_profile(rotated), "ada@example.com")

    (saved,) = ProfileBook(path).servers
    assert (saved.name, saved.gatekeeper_url) == ("Head office", rotated)


def test_the_embedded_profile_is_remembered_but_never_saved_as_a_server(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    embedded = embedded_profile(Settings(data_dir=tmp_path, database_url=None))
    ProfileBook(path).record_sign_in(embedded, "qa@rulingdesk.demo")
    book = ProfileBook(path)
    assert book.servers == ()
    assert (book.last_profile_key, book.last_email(embedded)) == (embedded.key, "qa@rulingdesk.demo")


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", json.dumps({"servers": [{"name": "no url"}, {"url": "nonsense"}, 3], "last_email": 7})],
)
def test_a_damaged_book_reads_as_empty_rather_than_locking_anyone_out(tmp_path: Path, content: str) -> None:
    path = tmp_path / "profiles.json"
    path.write_text(content)
    book = ProfileBook(path)
    assert (book.servers, book.last_profile_key) == ((), None)


def test_profiles_live_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=None)
    assert profiles_file(settings) == tmp_path / "data" / "profiles.json"
    assert command_line_profile(settings) is None


def test_a_server_given_on_the_command_line_is_offered_first_and_saved_only_once_used(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    ProfileBook(path).record_sign_in(server_profile(URL, "Head office"), "ada@example.com")
    other = "postgresql+psycopg://rd_gatekeeper:x@branch.example.com/ruling_desk"
    given = command_line_profile(Settings(data_dir=tmp_path, database_url=other))
    assert given is not None and given.gatekeeper_url == other.replace("+psycopg", "")

    book = ProfileBook(path)
    book.offer(given)
    assert [server.name for server in book.servers] == ["ruling_desk on branch.example.com", "Head office"]
    assert book.last_profile_key == given.key
    assert "branch" not in path.read_text()  # not saved: nobody signed into it yet
    book.record_sign_in(given, "ada@example.com")
    assert [server.key for server in ProfileBook(path).servers] == [server_profile(URL).key, given.key]


def test_the_saved_name_is_kept_for_a_server_given_again_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    ProfileBook(path).record_sign_in(server_profile(URL, "Head office"), "ada@example.com")
    book = ProfileBook(path)
    rotated = URL.replace("shared", "rotated")
    book.offer(server_profile(rotated))
    assert [(server.name, server.gatekeeper_url) for server in book.servers] == [("Head office", rotated)]
