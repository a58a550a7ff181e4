"""The fixed demo accounts: stable e-mail addresses that sign-in and the docs can rely on.

Every seed, whatever its size, creates exactly these users (besides the
generated staff and customers), with these e-mails and roles:

- ``admin@rulingdesk.demo`` — staff admin, in the first reviewer team;
- ``qa@rulingdesk.demo`` — QA lead, in the QA team;
- ``reviewer1@`` / ``reviewer2@rulingdesk.demo`` — reviewers with open work
  assigned to them (a share of the ASSIGNED / IN_REVIEW queue, at most
  :data:`DEMO_OPEN_WORK_CAP` each, whatever the data set's size) and
  completed reviews in their history;
- ``pm@rulingdesk.demo`` — property manager of the first company, granted
  its first two properties through ``users_properties``;
- ``companyadmin@rulingdesk.demo`` — the first company's administrator, who
  sees the whole company (the company side's widest view, which ``bench``
  times beside the property manager's narrowest).

The seed writes only their ``users`` rows; creating the matching PostgreSQL
login roles is the sign-in code's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from models.enums import RoleName

DEMO_DOMAIN: Final = "rulingdesk.demo"
ADMIN_EMAIL: Final = f"admin@{DEMO_DOMAIN}"
QA_EMAIL: Final = f"qa@{DEMO_DOMAIN}"
REVIEWER_1_EMAIL: Final = f"reviewer1@{DEMO_DOMAIN}"
REVIEWER_2_EMAIL: Final = f"reviewer2@{DEMO_DOMAIN}"
PROPERTY_MANAGER_EMAIL: Final = f"pm@{DEMO_DOMAIN}"
COMPANY_ADMIN_EMAIL: Final = f"companyadmin@{DEMO_DOMAIN}"

PROPERTY_MANAGER_PROPERTIES: Final = 2
"""How many of the first company's properties ``pm@`` is granted."""

DEMO_OPEN_WORK_CAP: Final = 25
"""Open (ASSIGNED / IN_REVIEW) entries each demo reviewer gets at most: a queue one person can work."""


@dataclass(frozen=True)
class DemoAccount:
    """A user the demo always has."""

    email: str
    first_name: str
    last_name: str
    role: RoleName
    shown_role: str | None = None
    """How the sign-in dialog's demo list names the role, when ``role`` alone would mislead."""


ADMIN: Final = DemoAccount(ADMIN_EMAIL, "Avery", "Admin", RoleName.ADMIN)
QA_LEAD: Final = DemoAccount(QA_EMAIL, "Quinn", "Assurance", RoleName.QA)
REVIEWER_1: Final = DemoAccount(REVIEWER_1_EMAIL, "Riley", "Reviewer", RoleName.REVIEWER)
REVIEWER_2: Final = DemoAccount(REVIEWER_2_EMAIL, "Robin", "Reviewer", RoleName.REVIEWER)
PROPERTY_MANAGER: Final = DemoAccount(PROPERTY_MANAGER_EMAIL, "Pat", "Manager", RoleName.PROPERTY_MANAGER)
COMPANY_ADMIN: Final = DemoAccount(COMPANY_ADMIN_EMAIL, "Casey", "Company", RoleName.ADMIN, "company_admin")
"""An ``ADMIN`` with a company is that company's administrator, not staff."""

DEMO_ACCOUNTS: Final = (ADMIN, QA_LEAD, REVIEWER_1, REVIEWER_2, PROPERTY_MANAGER, COMPANY_ADMIN)
