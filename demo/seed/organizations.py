"""Companies, properties, owners, teams and users: everything screenings hang off.

Sizes grow with the number of entries so a small demo stays readable and a
million-entry bench looks like a big customer base (decided here; the spec
gives no volumes):

============================  =========  ===========  =============
thing                         300        100,000      1,000,000
============================  =========  ===========  =============
companies  √N / 25, ≥ 4       4          13           40
properties N / 350, ≥ 2 each  8          286          2,857
owners     properties / 12    3          24           238
teams      3 + log10(N/1000)  3          5            6
reviewers  N / 4000, ≥ 6      6 (+2)     25 (+2)      250 (+2)
============================  =========  ===========  =============

Who is who:

- Staff (reviewers, senior reviewers, QA, admins) belong to a team and no
  company. Teams sit in different countries and time zones; the last
  template is the QA & escalations team. Each team's ``fde_manager_id`` is
  one of its senior reviewers (the admin team's is the demo admin). About
  one reviewer in twenty has left (``is_archived``): their names stay on
  old reviews, and they get no new work.
- Each company has one ``admin`` (all of its properties, hence no
  ``users_properties`` rows), property managers granted a run of its
  properties, and ``user``\\ s granted one or two.
- Owner-side users (``owner_admin`` / ``owner_viewer``) have no company
  and reach properties only through ``users_owners``.
- Every property has a current owner; one in five also has a previous
  owner whose ``ownership_end`` is when the current one took over.
- Big buildings get more applications: a property's share of screenings is
  proportional to its unit count.
"""

from __future__ import annotations

import json
import math
import random
import re
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Final

from demo.documents.identities import Address, pick_address
from models.enums import RoleName

from . import accounts, names
from .bulk_copy import CopyBatch
from .identifiers import RowIds, short_id
from .rows import (
    CompanyRow,
    OwnerRow,
    PropertyOwnerRow,
    PropertyRow,
    TeamRow,
    UserOwnerRow,
    UserPropertyRow,
    UserRow,
)

STAFF_DOMAIN: Final = accounts.DEMO_DOMAIN

# (name, IANA time zone, ISO country); the last one is the QA & escalations team.
_TEAMS: Final = (
    ("Austin Fraud Review", "America/Chicago", "US"),
    ("Manila Fraud Review", "Asia/Manila", "PH"),
    ("Pune Fraud Review", "Asia/Kolkata", "IN"),
    ("Guadalajara Fraud Review", "America/Mexico_City", "MX"),
    ("London Fraud Review", "Europe/London", "GB"),
    ("Toronto QA & Escalations", "America/Toronto", "CA"),
)
_OPTIONAL_DOCTYPES: Final = ("offer_letter", "tax_form", "utility_bill")
_SALESFORCE_ALPHABET: Final = string.ascii_letters + string.digits
_APARTMENT_SUFFIX: Final = re.compile(r" (?:Apt|Unit|#) \S+$")


@dataclass(frozen=True)
class PropertyProfile:
    """What a screening needs to know about its property."""

    index: int
    id: str
    short_id: str
    name: str
    company_id: str
    company_short_id: str
    leasing_email: str
    paystubs_required: int
    statements_required: int
    unit_required: bool
    floors: int


@dataclass
class Staff:
    """The reviewer-side users that screenings are assigned to, by role."""

    reviewers: tuple[str, ...]
    former_reviewers: tuple[str, ...]
    senior_reviewers: tuple[str, ...]
    qa_leads: tuple[str, ...]
    demo_reviewers: tuple[str, ...]
    _demo_open_work: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _other_assignees: tuple[str, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        others = [r for r in self.reviewers if r not in self.demo_reviewers]
        self._other_assignees = (*others, *self.senior_reviewers)

    def assignee(self, rng: random.Random) -> str:
        """Who an open entry is assigned to: now and then a demo reviewer (up to their cap), else a colleague."""
        if rng.random() < 0.3:
            available = [r for r in self.demo_reviewers if self._demo_open_work.get(r, 0) < accounts.DEMO_OPEN_WORK_CAP]
            if available:
                reviewer = rng.choice(available)
                self._demo_open_work[reviewer] = self._demo_open_work.get(reviewer, 0) + 1
                return reviewer
        return rng.choice(self._other_assignees)

    def past_reviewer(self, rng: random.Random) -> str:
        """Who did a completed first review: any reviewer, including those who have left since."""
        pool = self.reviewers + self.former_reviewers if rng.random() < 0.1 else self.reviewers
        return rng.choice(pool)

    def senior(self, rng: random.Random) -> str:
        return rng.choice(self.senior_reviewers)

    def qa(self, rng: random.Random) -> str:
        return rng.choice(self.qa_leads)


@dataclass(frozen=True)
class Organization:
    properties: tuple[PropertyProfile, ...]
    property_weights: tuple[float, ...]  # cumulative, for rng.choices
    staff: Staff

    def draw_property(self, rng: random.Random) -> PropertyProfile:
        return rng.choices(self.properties, cum_weights=self.property_weights)[0]

    def draw_other_property(self, rng: random.Random, avoid: PropertyProfile) -> PropertyProfile:
        """A property other than ``avoid`` (there are always at least eight)."""
        while (chosen := self.draw_property(rng)).index == avoid.index:
            pass
        return chosen


@dataclass(frozen=True)
class _Scale:
    companies: int
    properties: int
    owners: int
    teams: int
    reviewers: int
    senior_reviewers: int
    qa_leads: int
    admins: int

    @classmethod
    def for_entries(cls, entries: int) -> _Scale:
        companies = max(4, round(math.sqrt(entries) / 25))
        properties = max(2 * companies, round(entries / 350))
        reviewers = max(6, entries // 4000)
        teams = min(len(_TEAMS), 3 + math.floor(math.log10(max(entries, 1000) / 1000)))
        return cls(
            companies=companies,
            properties=properties,
            owners=max(3, round(properties / 12)),
            teams=teams,
            reviewers=reviewers,
            senior_reviewers=max(2, reviewers // 5),
            qa_leads=max(2, reviewers // 8),
            admins=max(1, reviewers // 40),
        )


class _Users:
    """Numbers users as they are created and keeps their rows."""

    def __init__(self, seed: int, rng: random.Random, now: datetime) -> None:
        self._ids = RowIds(seed, "users")
        self._auth_ids = RowIds(seed, "users.auth_id")
        self._rng = rng
        self._now = now
        self.rows: list[UserRow] = []

    def add(
        self,
        name: names.PersonName,
        role: RoleName,
        *,
        email: str | None = None,
        domain: str = STAFF_DOMAIN,
        company_id: str | None = None,
        team_id: str | None = None,
        archived: bool = False,
    ) -> str:
        serial = len(self.rows)
        user_id = self._ids(serial)
        joined = self._now - timedelta(days=self._rng.randint(30, 900), minutes=self._rng.randint(0, 1439))
        self.rows.append(
            UserRow(
                id=user_id,
                auth_id=self._auth_ids(serial),
                short_id=short_id("U", serial, 5),
                first_name=name.first,
                last_name=name.last,
                email=email or names.work_email(name, domain, serial + 1),
                role=role.value,
                company_id=company_id,
                team_id=team_id,
                settings_notification=self._rng.random() < 0.85,
                is_archived=archived,
                inserted_at=joined,
                updated_at=joined + (self._now - joined) * self._rng.random(),
            )
        )
        return user_id

    def add_account(
        self, account: accounts.DemoAccount, *, company_id: str | None = None, team_id: str | None = None
    ) -> str:
        name = names.PersonName(account.first_name, None, account.last_name)
        return self.add(name, account.role, email=account.email, company_id=company_id, team_id=team_id)


def build_organization(
    batch: CopyBatch, *, seed: int, entries: int, now: datetime, country_ids: dict[str, int]
) -> Organization:
    """Add every organisation row to ``batch`` and describe what screenings need."""
    rng = random.Random(f"ruling-desk-demo/{seed}/organizations")
    scale = _Scale.for_entries(entries)
    company_rows = _companies(rng, seed, scale, now)
    property_rows = _properties(rng, seed, scale, company_rows, now)
    owner_rows = _owners(rng, seed, scale, now)
    batch.extend(company_rows)
    batch.extend(property_rows)
    batch.extend(owner_rows)
    batch.extend(_property_owners(rng, seed, property_rows, owner_rows, now))

    users = _Users(seed, rng, now)
    staff, team_rows = _staff(rng, seed, scale, users, country_ids, now)
    batch.extend(team_rows)
    grants = _customer_users(rng, users, company_rows, property_rows, owner_rows, now)
    batch.extend(users.rows)
    batch.extend(grants)

    profiles = tuple(_profile(index, row) for index, row in enumerate(property_rows))
    weights = tuple(accumulate(float(row.unit) if row.status == "active" else 0.0 for row in property_rows))
    return Organization(profiles, weights, staff)


def _onboarded(rng: random.Random, now: datetime, *, after: datetime | None = None) -> datetime:
    """A past moment for a row's ``inserted_at``: 400-1500 days ago, or after ``after``."""
    if after is None:
        return now - timedelta(days=rng.randint(400, 1500), seconds=rng.randint(0, 86399))
    return after + (now - timedelta(days=200) - after) * rng.random()


def _building_address(rng: random.Random) -> Address:
    """A demo address without the apartment part: a property *is* the building."""
    address = pick_address(rng)
    return Address(
        _APARTMENT_SUFFIX.sub("", address.street), address.city, address.state, address.zip_code, address.state_tax_rate
    )


def _postal_columns(address: Address) -> dict[str, str]:
    """The four address columns companies, properties and owners share, from one address."""
    return {"address": address.street, "city": address.city, "state": address.state, "zip": address.zip_code}


def _salesforce_id(rng: random.Random, prefix: str, serial: int) -> str:
    """An 18-character Salesforce-style id, unique through ``serial``."""
    return f"{prefix}{serial:07d}" + "".join(rng.choices(_SALESFORCE_ALPHABET, k=18 - len(prefix) - 7))


def _companies(rng: random.Random, seed: int, scale: _Scale, now: datetime) -> list[CompanyRow]:
    ids = RowIds(seed, "companies")
    rows = []
    for index, name in enumerate(names.company_names(rng, scale.companies)):
        address = pick_address(rng)
        inserted = _onboarded(rng, now)
        rows.append(
            CompanyRow(
                id=ids(index),
                name=name,
                **_postal_columns(address),
                phone=names.phone_number(rng),
                website=f"https://www.{names.slug(name)}.example",
                logo=None,
                short_id=short_id("CO", index, 4),
                salesforce_account_id=_salesforce_id(rng, "0015e", index),
                inserted_at=inserted,
                updated_at=inserted + timedelta(days=rng.randint(0, 300)),
            )
        )
    return rows


def _company_of_each_property(rng: random.Random, scale: _Scale) -> list[int]:
    """Two properties per company, the rest spread with a long tail (a few big customers)."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(scale.companies)]
    extra = rng.choices(range(scale.companies), weights, k=scale.properties - 2 * scale.companies)
    return sorted([company for company in range(scale.companies) for _ in range(2)] + extra)


def _properties(
    rng: random.Random, seed: int, scale: _Scale, companies: list[CompanyRow], now: datetime
) -> list[PropertyRow]:
    ids = RowIds(seed, "properties")
    rows = []
    seen_in_company: Counter[int] = Counter()
    for index, company_index in enumerate(_company_of_each_property(rng, scale)):
        company = companies[company_index]
        name = names.property_name(rng)
        address = _building_address(rng)
        code = short_id("PR", index, 5)
        inserted = _onboarded(rng, now, after=company.inserted_at)
        idv = rng.random() < 0.3
        # The first two properties of each company stay active (pm@ is granted company 0's).
        keeps_active = seen_in_company[company_index] < 2
        seen_in_company[company_index] += 1
        rows.append(
            PropertyRow(
                id=ids(index),
                name=name,
                entity_name=f"{name} Owner LLC",
                **_postal_columns(address),
                phone=names.phone_number(rng),
                email=f"leasing.{code.lower()}@{names.slug(company.name)}.example",
                website=f"https://{names.slug(name)}.example",
                logo=None,
                short_id=code,
                unit=rng.randint(40, 600),
                company_id=company.id,
                company_short_id=company.short_id,
                pmc_name=company.name,
                status="active" if keeps_active or rng.random() > 0.07 else "inactive",
                sfdc_id=_salesforce_id(rng, "a0B5e", index),
                bank_statement=rng.choices((1, 2, 3), (0.45, 0.45, 0.1))[0],
                paystub=rng.choices((1, 2, 3), (0.25, 0.55, 0.2))[0],
                supported_doctypes=json.dumps(
                    ["paystub", "bank_statement", *(t for t in _OPTIONAL_DOCTYPES if rng.random() < 0.3)]
                ),
                unit_is_required=rng.random() < 0.85,
                phone_is_required=rng.random() < 0.7,
                identity_verification_enabled=idv,
                identity_verification_provider="incode" if rng.random() < 0.7 else "persona",
                identity_verification_flow_types=json.dumps(["document", "selfie", "liveness"]) if idv else None,
                identity_verification_report_image_types=json.dumps(["front", "back", "selfie"]) if idv else None,
                inserted_at=inserted,
                updated_at=inserted + (now - inserted) * rng.random(),
            )
        )
    return rows


def _owners(rng: random.Random, seed: int, scale: _Scale, now: datetime) -> list[OwnerRow]:
    ids = RowIds(seed, "owners")
    rows = []
    for index, name in enumerate(names.owner_names(rng, scale.owners)):
        address = pick_address(rng)
        inserted = _onboarded(rng, now)
        rows.append(
            OwnerRow(
                id=ids(index),
                name=name,
                **_postal_columns(address),
                phone=names.phone_number(rng),
                website=f"https://{names.slug(name)}.example",
                salesforce_id=_salesforce_id(rng, "0018c", index),
                status="active",
                inserted_at=inserted,
                updated_at=inserted,
            )
        )
    return rows


def _property_owners(
    rng: random.Random, seed: int, properties: list[PropertyRow], owners: list[OwnerRow], now: datetime
) -> Iterator[PropertyOwnerRow]:
    ids = RowIds(seed, "property_owners")
    serial = 0
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(owners))]
    for prop in properties:
        current, previous = rng.choices(owners, weights, k=2)
        took_over = prop.inserted_at - timedelta(days=rng.randint(0, 2000))
        periods: list[tuple[OwnerRow, datetime, datetime | None]] = [(current, took_over, None)]
        if previous.id != current.id and rng.random() < 0.2:
            periods.append((previous, took_over - timedelta(days=rng.randint(365, 3000)), took_over))
        for owner, start, end in periods:
            yield PropertyOwnerRow(
                id=ids(serial),
                property_id=prop.id,
                owner_id=owner.id,
                ownership_start=start,
                ownership_end=end,
                inserted_at=prop.inserted_at,
                updated_at=prop.inserted_at if end is None else max(prop.inserted_at, end),
            )
            serial += 1


def _staff(
    rng: random.Random, seed: int, scale: _Scale, users: _Users, country_ids: dict[str, int], now: datetime
) -> tuple[Staff, list[TeamRow]]:
    team_ids = RowIds(seed, "team")
    templates = (*_TEAMS[: scale.teams - 1], _TEAMS[-1])
    teams = [team_ids(index) for index in range(len(templates))]
    review_teams, qa_team = teams[:-1], teams[-1]

    admin = users.add_account(accounts.ADMIN, team_id=review_teams[0])
    qa_lead = users.add_account(accounts.QA_LEAD, team_id=qa_team)
    demo_reviewers = (
        users.add_account(accounts.REVIEWER_1, team_id=review_teams[0]),
        users.add_account(accounts.REVIEWER_2, team_id=review_teams[0]),
    )
    for serial in range(scale.admins - 1):
        users.add(names.draw_name(rng), RoleName.ADMIN, team_id=review_teams[serial % len(review_teams)])
    former_count = max(1, scale.reviewers // 20)
    reviewers, former = list(demo_reviewers), list[str]()
    for serial in range(scale.reviewers):
        archived = serial < former_count
        reviewer = users.add(
            names.draw_name(rng), RoleName.REVIEWER, team_id=review_teams[serial % len(review_teams)], archived=archived
        )
        (former if archived else reviewers).append(reviewer)
    seniors_by_team: dict[str, list[str]] = {}
    for serial in range(scale.senior_reviewers):
        team = teams[serial % len(teams)]
        seniors_by_team.setdefault(team, []).append(
            users.add(names.draw_name(rng), RoleName.SENIOR_REVIEWER, team_id=team)
        )
    qa_leads = [qa_lead] + [
        users.add(names.draw_name(rng), RoleName.QA, team_id=qa_team) for _ in range(scale.qa_leads - 1)
    ]

    team_rows = []
    for index, (name, timezone, country) in enumerate(templates):
        inserted = _onboarded(rng, now)
        manager = seniors_by_team.get(teams[index], [admin])[0]
        team_rows.append(TeamRow(teams[index], name, timezone, country_ids[country], manager, inserted, inserted))
    staff = Staff(
        reviewers=tuple(reviewers),
        former_reviewers=tuple(former),
        senior_reviewers=tuple(s for team in teams for s in seniors_by_team.get(team, [])),
        qa_leads=tuple(qa_leads),
        demo_reviewers=demo_reviewers,
    )
    return staff, team_rows


def _customer_users(
    rng: random.Random,
    users: _Users,
    companies: list[CompanyRow],
    properties: list[PropertyRow],
    owners: list[OwnerRow],
    now: datetime,
) -> list[UserPropertyRow | UserOwnerRow]:
    """Company- and owner-side users, and the grants that scope what they see."""
    grants: list[UserPropertyRow | UserOwnerRow] = []

    def grant(user_id: str, granted: list[PropertyRow]) -> None:
        for prop in granted:
            when = _onboarded(rng, now, after=prop.inserted_at)
            grants.append(UserPropertyRow(user_id, prop.id, when, when))

    for company_index, company in enumerate(companies):
        portfolio = [prop for prop in properties if prop.company_id == company.id]
        domain = f"{names.slug(company.name)}.example"
        drawn_admin = names.draw_name(rng)  # drawn for the first company too, so the rest of the seed stays as it was
        if company_index == 0:
            users.add_account(accounts.COMPANY_ADMIN, company_id=company.id)
            pm = users.add_account(accounts.PROPERTY_MANAGER, company_id=company.id)
            grant(pm, portfolio[: accounts.PROPERTY_MANAGER_PROPERTIES])
        else:
            users.add(drawn_admin, RoleName.ADMIN, domain=domain, company_id=company.id)
        for _ in range(max(1, len(portfolio) // 5)):
            manager = users.add(names.draw_name(rng), RoleName.PROPERTY_MANAGER, domain=domain, company_id=company.id)
            start = rng.randrange(len(portfolio))
            grant(manager, portfolio[start : start + rng.randint(1, 6)])
        for _ in range(1 + len(portfolio) // 10):
            member = users.add(names.draw_name(rng), RoleName.USER, domain=domain, company_id=company.id)
            grant(member, rng.sample(portfolio, k=min(len(portfolio), rng.randint(1, 2))))

    for role in (RoleName.OWNER_ADMIN, RoleName.OWNER_VIEWER):
        for _ in range(max(1, len(owners) // 4)):
            firm = rng.choice(owners)
            user_id = users.add(names.draw_name(rng), role, domain=f"{names.slug(firm.name)}.example")
            linked = [firm] + [other for other in rng.sample(owners, k=rng.randint(0, 1)) if other.id != firm.id]
            for owner in linked:
                when = _onboarded(rng, now, after=owner.inserted_at)
                grants.append(UserOwnerRow(owner.id, user_id, when, when))
    return grants


def _profile(index: int, row: PropertyRow) -> PropertyProfile:
    return PropertyProfile(
        index=index,
        id=row.id,
        short_id=row.short_id,
        name=row.name,
        company_id=row.company_id,
        company_short_id=row.company_short_id,
        leasing_email=row.email,
        paystubs_required=row.paystub,
        statements_required=row.bank_statement,
        unit_required=row.unit_is_required,
        floors=max(1, row.unit // 40),
    )
