"""Signing in and accepting invitations against the real security migration, without any Qt."""

from __future__ import annotations

import asyncio
import datetime
import socket
import tempfile
import time
import uuid
from collections.abc import Coroutine, Iterator
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from services.database_urls import with_credentials
from services.errors import DatabaseUnavailable
from services.sign_in import accept_invitation_and_sign_in, sign_in
from services.sign_in_outcome import InvitationReason, InvitationRefused, SignedIn, SignInReason, SignInRefused
from tests.login_roles import PASSWORD, create_person, drop_logins, login_of, open_gatekeeper, verifier

DOMAIN = "sign-in-service.test"
ADA = f"ada@{DOMAIN}"
NEW_PASSWORD = "Brand-new-passphrase-42"


def run[T](coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine, loop_factory=asyncio.SelectorEventLoop)


@pytest.fixture(scope="module")
def owner_url(migrated_libpq_url: str) -> Iterator[str]:
    with psycopg.connect(migrated_libpq_url, autocommit=True) as conn:
        create_person(conn, ADA, first_name="Ada", last_name="Lovelace")
    yield migrated_libpq_url
    drop_logins(migrated_libpq_url, DOMAIN)


@pytest.fixture
def gatekeeper_url(owner_url: str) -> str:
    return open_gatekeeper(owner_url)


def refusal(coroutine: Coroutine[Any, Any, SignedIn]) -> SignInRefused:
    with pytest.raises(SignInRefused) as refused:
        run(coroutine)
    return refused.value


def new_person(owner_url: str, local_part: str, **options: Any) -> str:
    email = f"{local_part}@{DOMAIN}"
    with psycopg.connect(owner_url, autocommit=True) as conn:
        create_person(conn, email, **options)
    return email


# ------------------------------------------------------------------ signing in
def test_the_right_password_signs_in_as_that_person(owner_url: str, gatekeeper_url: str) -> None:
    signed_in = run(sign_in(gatekeeper_url, "  Ada@Sign-In-Service.TEST ", PASSWORD))

    assert signed_in.person.email == ADA
    assert signed_in.person.display_name == "Ada Lovelace"
    assert signed_in.person.role == "reviewer"
    assert PASSWORD not in repr(signed_in)
    with psycopg.connect(signed_in.url) as conn:
        session_user, user_id = conn.execute("SELECT session_user, rd_current_user_id()").fetchone()  # type: ignore[misc]
    with psycopg.connect(owner_url) as conn:
        assert (session_user, user_id) == (login_of(conn, ADA), signed_in.person.user_id)
    assert ADA not in session_user


def test_a_wrong_password_or_an_unknown_email_is_wrong_credentials(gatekeeper_url: str) -> None:
    for email, password in ((ADA, "not-the-password"), (f"nobody@{DOMAIN}", PASSWORD)):
        refused = refusal(sign_in(gatekeeper_url, email, password))
        assert refused.reason is SignInReason.WRONG_CREDENTIALS
        assert refused.message == "The email or password is not right. Check both and try again."


def test_a_disabled_account_is_told_only_to_whoever_has_its_password(owner_url: str, gatekeeper_url: str) -> None:
    email = new_person(owner_url, "disabled")
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("SELECT rd_disable_user(id) FROM users WHERE email = %s", (email,))

    with_password = refusal(sign_in(gatekeeper_url, email, PASSWORD))
    without = refusal(sign_in(gatekeeper_url, email, "not-the-password"))
    assert with_password.reason is SignInReason.DISABLED
    assert with_password.message == "This account is disabled. Ask an administrator to enable it."
    assert without.reason is SignInReason.WRONG_CREDENTIALS
    assert "disabled" not in without.message


def test_an_expired_password_reads_as_a_wrong_one(owner_url: str, gatekeeper_url: str) -> None:
    """PostgreSQL does not tell an expired password from a wrong one, and nor does the sign-in any more."""
    email = new_person(owner_url, "expired")
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(f"ALTER ROLE \"{login_of(conn, email)}\" VALID UNTIL '2000-01-01'")

    assert refusal(sign_in(gatekeeper_url, email, PASSWORD)).reason is SignInReason.WRONG_CREDENTIALS


def test_a_refused_gatekeeper_is_the_profiles_fault_not_the_persons(gatekeeper_url: str) -> None:
    wrong_gatekeeper = with_credentials(gatekeeper_url, "rd_gatekeeper", "not-its-password")

    with pytest.raises(DatabaseUnavailable) as unavailable:
        run(sign_in(wrong_gatekeeper, ADA, PASSWORD))
    assert unavailable.value.message.startswith("The server refused this connection profile (its gatekeeper login)")
    assert 'The server said: password authentication failed for user "rd_gatekeeper".' in unavailable.value.message


def test_an_unreachable_server_is_reported_quickly_with_where_it_was_looked_for(gatekeeper_url: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    missing_socket_dir = tempfile.mkdtemp(prefix="rd-no-server-")
    for url in (
        f"postgresql://rd_gatekeeper:x@127.0.0.1:{closed_port}/ruling_desk",
        f"postgresql://rd_gatekeeper:x@/ruling_desk?host={missing_socket_dir}",
    ):
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as unavailable:
            run(sign_in(url, ADA, PASSWORD))
        refused = unavailable.value
        assert time.monotonic() - started < 5
        assert refused.message.startswith("Cannot reach the database server (")
        assert "\n" not in refused.message
        assert str(conninfo_to_dict(url)["host"]) in refused.message


GERMAN: dict[str, str] = {
    "password authentication failed for user": "Passwort-Authentifizierung fehlgeschlagen für Benutzer",
    "is not permitted to log in": "darf sich nicht anmelden",
    "does not exist": "existiert nicht",
    "connection failed": "Verbindung fehlgeschlagen",
    "Connection refused": "Verbindungsaufbau abgelehnt",
    "No such file or directory": "Datei oder Verzeichnis nicht gefunden",
}


def in_german(error: psycopg.Error) -> str:
    text = Exception.__str__(error)
    for english, german in GERMAN.items():
        text = text.replace(english, german)
    assert not any(english in text for english in GERMAN), text
    return text


def test_sign_in_reads_no_server_message_text(
    owner_url: str, gatekeeper_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a server with ``lc_messages = 'de_DE'`` would say must lead to the same outcomes.

    The suite's server cannot speak German (the binaries carry no
    translations, and this host has only the C locale), so every driver
    error's text is replaced by its German wording instead: the very words
    the old English matching looked for are gone, and each outcome must
    still come out right, from libpq's flags and the gatekeeper's own connection.
    """
    disabled = new_person(owner_url, "disabled-de")
    expired = new_person(owner_url, "expired-de")
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("SELECT rd_disable_user(id) FROM users WHERE email = %s", (disabled,))
        conn.execute(f"ALTER ROLE \"{login_of(conn, expired)}\" VALID UNTIL '2000-01-01'")
    monkeypatch.setattr(psycopg.Error, "__str__", in_german)
    wrong_gatekeeper = with_credentials(gatekeeper_url, "rd_gatekeeper", "not-its-password")

    assert refusal(sign_in(gatekeeper_url, ADA, "not-the-password")).reason is SignInReason.WRONG_CREDENTIALS
    assert refusal(sign_in(gatekeeper_url, f"nobody@{DOMAIN}", PASSWORD)).reason is SignInReason.WRONG_CREDENTIALS
    assert refusal(sign_in(gatekeeper_url, disabled, PASSWORD)).reason is SignInReason.DISABLED
    assert refusal(sign_in(gatekeeper_url, disabled, "not-the-password")).reason is SignInReason.WRONG_CREDENTIALS
    assert refusal(sign_in(gatekeeper_url, expired, PASSWORD)).reason is SignInReason.WRONG_CREDENTIALS
    with pytest.raises(DatabaseUnavailable, match="Passwort-Authentifizierung fehlgeschlagen"):
        run(sign_in(wrong_gatekeeper, ADA, PASSWORD))
    with pytest.raises(DatabaseUnavailable, match="Datei oder Verzeichnis nicht gefunden"):
        run(sign_in(f"postgresql://rd_gatekeeper:x@/ruling_desk?host={tempfile.mkdtemp()}", ADA, PASSWORD))
    assert run(sign_in(gatekeeper_url, ADA, PASSWORD)).person.email == ADA


def test_system_accounts_cannot_sign_in_through_the_dialog(owner_url: str, gatekeeper_url: str) -> None:
    owner = conninfo_to_dict(owner_url)
    gatekeeper = conninfo_to_dict(gatekeeper_url)

    as_gatekeeper = refusal(sign_in(gatekeeper_url, "rd_gatekeeper", str(gatekeeper["password"])))
    as_owner = refusal(sign_in(gatekeeper_url, str(owner["user"]), str(owner["password"])))

    assert as_gatekeeper.reason is SignInReason.NOT_A_PERSON
    assert as_owner.reason is SignInReason.NOT_A_PERSON
    assert "not a person" in as_owner.message


def test_a_superuser_is_no_person_even_mapped_to_an_address(owner_url: str, gatekeeper_url: str) -> None:
    """It would bypass row-level security in every window it opened (a DBA mapped it by hand)."""
    root = f"root@{DOMAIN}"
    login = "rd_u_" + "0" * 32
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {login} SUPERUSER LOGIN PASSWORD '{verifier(conn, root, PASSWORD)}'")
        user_id = conn.execute("INSERT INTO users (email, role) VALUES (%s, 'admin') RETURNING id", (root,)).fetchone()
        assert user_id is not None
        conn.execute("INSERT INTO rd_private.login_roles (user_id, role_name) VALUES (%s, %s)", (user_id[0], login))

    assert refusal(sign_in(gatekeeper_url, root, PASSWORD)).reason is SignInReason.NOT_A_PERSON


def test_credentials_replace_the_profiles_and_keep_everything_else() -> None:
    url = with_credentials(
        "postgresql://rd_gatekeeper:secret@/ruling_desk?host=%2Ftmp%2Frun&port=5433&user=x&password=y",
        "o'brien+qa@example.com",
        "p@ss word/%",
    )
    assert conninfo_to_dict(url) == {
        "user": "o'brien+qa@example.com",
        "password": "p@ss word/%",
        "dbname": "ruling_desk",
        "host": "/tmp/run",
        "port": "5433",
    }
    with pytest.raises(ValueError, match="postgresql://"):
        with_credentials("host=/tmp dbname=x", "a", "b")


# ----------------------------------------------------------------- invitations
def invite(owner_url: str, email: str, *, valid_for: str = "7 days", properties: int = 2) -> tuple[uuid.UUID, str]:
    """A property-manager invitation for the first company, as the owner (acting as staff admin)."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        company_id = conn.execute("INSERT INTO companies (name) VALUES ('Harbor Group') RETURNING id").fetchone()[0]  # type: ignore[index]
        property_ids = [
            conn.execute(
                "INSERT INTO properties (name, company_id) VALUES (%s, %s) RETURNING id", (f"Harbor {n}", company_id)
            ).fetchone()[0]  # type: ignore[index]
            for n in range(properties)
        ]
        invitation_id, token, _ = conn.execute(
            "SELECT * FROM rd_create_invitation(%s, 'Nia', 'Newcomer', 'property_manager', %s, NULL, NULL, %s,"
            " true, %s::interval)",
            (email, company_id, property_ids, valid_for),
        ).fetchone()  # type: ignore[misc]
    return invitation_id, token


def invitation_refusal(coroutine: Coroutine[Any, Any, SignedIn]) -> InvitationRefused:
    with pytest.raises(InvitationRefused) as refused:
        run(coroutine)
    return refused.value


def test_accepting_an_invitation_creates_the_account_and_signs_in(owner_url: str, gatekeeper_url: str) -> None:
    email = f"nia@{DOMAIN}"
    invitation_id, token = invite(owner_url, email)

    signed_in = run(accept_invitation_and_sign_in(gatekeeper_url, email.upper(), f"  {token} ", NEW_PASSWORD))

    assert signed_in.person.email == email
    assert signed_in.person.role == "property_manager"
    assert signed_in.person.company_name == "Harbor Group"
    with psycopg.connect(owner_url) as conn:
        accepted_at, accepted_user_id = conn.execute(
            "SELECT accepted_at, accepted_user_id FROM invitations WHERE id = %s", (invitation_id,)
        ).fetchone()  # type: ignore[misc]
        granted = conn.execute(
            "SELECT count(*) FROM users_properties WHERE user_id = %s", (signed_in.person.user_id,)
        ).fetchone()
        invited = conn.execute(
            "SELECT count(*) FROM invitations_properties WHERE invitation_id = %s", (invitation_id,)
        ).fetchone()
        can_log_in = conn.execute(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login_of(conn, email),)
        ).fetchone()
    assert accepted_at is not None and accepted_user_id == signed_in.person.user_id
    assert granted == invited == (2,)
    assert can_log_in == (True,)
    assert run(sign_in(gatekeeper_url, email, NEW_PASSWORD)).person.user_id == signed_in.person.user_id

    reused = invitation_refusal(accept_invitation_and_sign_in(gatekeeper_url, email, token, NEW_PASSWORD))
    assert reused.reason is InvitationReason.ALREADY_USED
    assert "already been used" in reused.message


def test_expired_revoked_and_wrong_codes_are_refused_clearly(owner_url: str, gatekeeper_url: str) -> None:
    expired_email, revoked_email, other_email = (f"{name}@{DOMAIN}" for name in ("late", "revoked", "other"))
    expired_id, expired_token = invite(owner_url, expired_email)
    revoked_id, revoked_token = invite(owner_url, revoked_email)
    _, other_token = invite(owner_url, other_email)
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE invitations SET expires_at = %s WHERE id = %s",
            (datetime.datetime(2000, 1, 2, 3, 4, 5), expired_id),
        )
        conn.execute("SELECT rd_revoke_invitation(%s)", (revoked_id,))

    expired = invitation_refusal(
        accept_invitation_and_sign_in(gatekeeper_url, expired_email, expired_token, NEW_PASSWORD)
    )
    revoked = invitation_refusal(
        accept_invitation_and_sign_in(gatekeeper_url, revoked_email, revoked_token, NEW_PASSWORD)
    )
    wrong_email = invitation_refusal(
        accept_invitation_and_sign_in(gatekeeper_url, expired_email, other_token, NEW_PASSWORD)
    )
    wrong_code = invitation_refusal(accept_invitation_and_sign_in(gatekeeper_url, other_email, "nope", NEW_PASSWORD))

    assert (expired.reason, revoked.reason) == (InvitationReason.EXPIRED, InvitationReason.REVOKED)
    assert "expired on 2000-01-02 03:04:05 UTC" in expired.message
    assert "withdrawn" in revoked.message
    assert wrong_email.reason is wrong_code.reason is InvitationReason.WRONG_CODE
    assert "not valid for that email address" in wrong_code.message
    with psycopg.connect(owner_url) as conn:
        created = conn.execute(
            "SELECT count(*) FROM users WHERE email IN (%s, %s)", (expired_email, revoked_email)
        ).fetchone()
    assert created == (0,)


def test_a_weak_password_is_refused_before_the_code_is_spent(owner_url: str, gatekeeper_url: str) -> None:
    email = f"weak@{DOMAIN}"
    _, token = invite(owner_url, email)

    weak = invitation_refusal(accept_invitation_and_sign_in(gatekeeper_url, email, token, "short"))

    assert weak.reason is InvitationReason.INVALID_REQUEST
    assert run(accept_invitation_and_sign_in(gatekeeper_url, email, token, NEW_PASSWORD)).person.email == email


def test_accepting_on_an_unreachable_server_says_so(gatekeeper_url: str) -> None:
    url = f"postgresql://rd_gatekeeper:x@/ruling_desk?host={tempfile.mkdtemp(prefix='rd-no-server-')}"
    with pytest.raises(DatabaseUnavailable, match=r"^Cannot reach the database server"):
        run(accept_invitation_and_sign_in(url, ADA, "token", NEW_PASSWORD))
