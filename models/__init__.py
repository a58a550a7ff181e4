"""SQLAlchemy 2 mappings of the whole schema; no I/O, no Qt.

Importing this package imports every module, so ``Base.metadata`` is
complete (Alembic's autogenerate and the schema tests rely on that).
Decisions that apply to every table are in :mod:`models.base`.
"""

from models import (
    analytics,
    api_keys,
    applicants,
    assets,
    audit,
    deliveries,
    document_blobs,
    entries,
    enums,
    folders,
    forensics,
    fraud,
    identity,
    income,
    invitations,
    jobs,
    matching,
    organizations,
    proofs,
    rent,
    review_workflow,
    sessions,
    users,
    webhook_endpoints,
)
from models.base import Base

__all__ = [
    "Base",
    "analytics",
    "api_keys",
    "applicants",
    "assets",
    "audit",
    "deliveries",
    "document_blobs",
    "entries",
    "enums",
    "folders",
    "forensics",
    "fraud",
    "identity",
    "income",
    "invitations",
    "jobs",
    "matching",
    "organizations",
    "proofs",
    "rent",
    "review_workflow",
    "sessions",
    "users",
    "webhook_endpoints",
]
