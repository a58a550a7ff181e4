"""Deterministic, realistic demo data for Ruling Desk, loaded fast with COPY.

:func:`seed_demo_data` fills a migrated database with companies, staff,
customers and ``entries`` screenings (folders, applicants, documents,
fraud reviews, duplicates) whose documents come from the generated pool
in :mod:`demo.documents`. The fixed demo accounts are in
:mod:`.accounts`.
"""

from .accounts import (
    ADMIN_EMAIL,
    DEMO_ACCOUNTS,
    DEMO_OPEN_WORK_CAP,
    PROPERTY_MANAGER_EMAIL,
    QA_EMAIL,
    REVIEWER_1_EMAIL,
    REVIEWER_2_EMAIL,
    DemoAccount,
)
from .seeding import DatabaseNotEmpty, SeedReport, seed_demo_data

__all__ = [
    "ADMIN_EMAIL",
    "DEMO_ACCOUNTS",
    "DEMO_OPEN_WORK_CAP",
    "PROPERTY_MANAGER_EMAIL",
    "QA_EMAIL",
    "REVIEWER_1_EMAIL",
    "REVIEWER_2_EMAIL",
    "DatabaseNotEmpty",
    "DemoAccount",
    "SeedReport",
    "seed_demo_data",
]
