"""A :class:`~ui.desk.Desk` for a made-up person of a given role, for shell tests.

The person only decides what the shell shows (``services.permissions``);
the server facts come from a real unit of work when a test has a
database, and otherwise from a coroutine that says the database is not
there, exactly as the About box would show it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from services.errors import DatabaseUnavailable
from services.permissions import permissions_of
from services.server_facts import ServerFacts
from services.sign_in_outcome import Person
from ui.about_dialog import ServerFactsSource
from ui.desk import Desk

PEOPLE: dict[str, tuple[str, str, str, bool]] = {
    "reviewer": ("Riley", "Reviewer", "reviewer", False),
    "senior_reviewer": ("Sam", "Senior", "senior_reviewer", False),
    "qa": ("Quinn", "Assurance", "qa", False),
    "admin": ("Avery", "Admin", "admin", False),
    "company_admin": ("Cory", "Company", "admin", True),
    "property_manager": ("Pat", "Manager", "property_manager", True),
}
"""Keyed by a test's name for them: first name, last name, ``users.role``, and whether they have a company."""


async def no_database() -> ServerFacts:
    raise DatabaseUnavailable("The database is not answering: no server in this test")


def make_person(who: str, *, user_id: uuid.UUID | None = None) -> Person:
    first, last, role, with_company = PEOPLE[who]
    return Person(
        user_id or uuid.uuid4(),
        f"{first.lower()}@example.com",
        first,
        last,
        role,
        uuid.uuid4() if with_company else None,
        "Acme Lettings" if with_company else None,
    )


def make_desk(
    who: str,
    tmp_path: Path,
    *,
    person: Person | None = None,
    invite: Callable[[], None] | None = None,
    server_facts: ServerFactsSource = no_database,
) -> Desk:
    person = person or make_person(who)
    return Desk(
        person=person,
        permissions=permissions_of(person),
        server_facts=server_facts,
        app_version="9.9.9-test",
        data_dir=tmp_path / "data",
        log_dir=tmp_path / "data" / "logs",
        invite=invite,
    )
