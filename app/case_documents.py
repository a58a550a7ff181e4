"""Hands the case view its document pages and forensic findings, bound to one person's unit of work.

Documents are read from the local disk (``file://``, embedded and demo
installs) or the central database (``db://document_blobs/…``); findings
are the stored ones, computed on this workstation first when the worker
has not yet (:func:`services.forensics.stored.ensure_forensics`).
Similarity hits are shown to staff only: company roles cannot read
``proof.similarity_check`` (open their cases with ``open_case(...,
similarity=False)``), nor store findings, so they see only stored ones.
The evidence tabs get the matches and reuse services, and the entry's
jobs for job administrators only: other staff may read ``oban_jobs`` but
not its ``args`` (they can carry personal data), and ``args.entry_id`` is
what ties a job to an entry; the Compare and Document menus' actions are bound to them here,
because the window's actions exist before the person's services do.
"""

from __future__ import annotations

from functools import partial

from services.case import open_case
from services.case_findings import stored_findings
from services.document_store import DatabaseBlobStore, DocumentResolver, FileDocumentStore
from services.forensics.reuse import BoundReuse
from services.forensics.stored import ensure_forensics
from services.job_admin import jobs_of_entry
from services.matches import BoundMatches
from services.permissions import STAFF, Area, Capability, Permissions
from services.unit_of_work import UnitOfWork
from ui.case_evidence import ActionBinder, EvidenceServices
from ui.case_view import CaseView
from ui.change_hub import ChangeHub
from ui.document_pages import DocumentPages


def document_resolver(uow: UnitOfWork) -> DocumentResolver:
    return DocumentResolver([FileDocumentStore(), DatabaseBlobStore(uow.transaction)])


def attach_case_documents(
    view: CaseView, uow: UnitOfWork, permissions: Permissions, hub: ChangeHub, actions: ActionBinder | None = None
) -> None:
    if not permissions.uses(Area.CASE):
        return
    resolver = document_resolver(uow)
    staff = permissions.group in STAFF
    view.attach(
        DocumentPages(resolver),
        findings=partial(ensure_forensics, uow, resolver) if staff else partial(stored_findings, uow),
        show_similarity=staff,
    )
    view.attach_evidence(
        EvidenceServices(
            hub=hub,
            open_case=partial(open_case, uow, similarity=staff),
            matches=BoundMatches(uow),
            may_decide=permissions.may(Capability.RULE),
            reuse=BoundReuse(uow),
            jobs=partial(jobs_of_entry, uow) if permissions.may(Capability.MANAGE_JOBS) else None,
        )
    )
    if actions is not None:
        view.bind_evidence_actions(actions)
