"""Opening a case: everything the case view shows of one entry, read under row-level security.

Five small reads in one transaction, each selecting exactly the shown
columns by primary or foreign key (entry with folder, property and
company; applicants; proofs; completed reviews on the folder's entries;
the folder's other entries), so opening a case costs the same at a
thousand entries as at a million; a sixth names the documents that
similarity hits point at, when there are any. Nothing is written: a claim
already set the entry IN_REVIEW.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Final, cast

from sqlalchemy import BindParameter, ColumnElement, Select, Table, bindparam, null, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.applicants import Applicant
from models.entries import Entry
from models.folders import Folder
from models.fraud import FraudResultType, FraudReview, FraudSubmission
from models.organizations import Company, Property
from models.proofs import Proof
from models.users import User
from services.case_view import SLA, Case, CaseApplicant, CaseDocument, FolderEntryNote, PreviousRuling
from services.review_failures import review_refusals
from services.review_refusals import NoSuchEntry
from services.unit_of_work import UnitOfWork

_entries: Final = cast(Table, Entry.__table__)
_folders: Final = cast(Table, Folder.__table__)
_properties: Final = cast(Table, Property.__table__)
_companies: Final = cast(Table, Company.__table__)
_applicants: Final = cast(Table, Applicant.__table__)
_proofs: Final = cast(Table, Proof.__table__)
_reviews: Final = cast(Table, FraudReview.__table__)
_submissions: Final = cast(Table, FraudSubmission.__table__)
_result_types: Final = cast(Table, FraudResultType.__table__)
_users: Final = cast(Table, User.__table__)

FOLDER_HISTORY_LIMIT: Final = 50
"""At most this many earlier rulings and entries of the folder are shown (newest first)."""

# The five reads, built once: a case is opened hundreds of times a shift, and building a statement
# costs about as much as sending it.
_entry_id: Final[BindParameter[uuid.UUID]] = bindparam("entry_id")
_folder_id: Final[BindParameter[uuid.UUID]] = bindparam("folder_id")

_HEADER: Final = (
    select(
        _entries.c.short_id,
        _entries.c.review_status,
        _entries.c.review_assigned_to_id,
        _entries.c.review_assigned_date,
        _entries.c.submission_time,
        _entries.c.suggested_ruling,
        _entries.c.has_previously_submitted,
        _entries.c.note,
        _entries.c.result,
        _entries.c.folder_id,
        _folders.c.property_name,
        _properties.c.name,
        _companies.c.name,
        _folders.c.dynamic_ruling,
    )
    .select_from(_entries)
    .outerjoin(_folders, _folders.c.id == _entries.c.folder_id)
    .outerjoin(_properties, _properties.c.id == _folders.c.property_id)
    .outerjoin(_companies, _companies.c.id == _properties.c.company_id)
    .where(_entries.c.id == _entry_id)
)

_APPLICANTS: Final = (
    select(
        _applicants.c.full_name,
        _applicants.c.first_name,
        _applicants.c.last_name,
        _applicants.c.email,
        _applicants.c.phone,
    )
    .where(_applicants.c.entry_id == _entry_id)
    .order_by(_applicants.c.inserted_at, _applicants.c.id)
)


def _documents(similarity: ColumnElement[Any]) -> Select[Any]:
    return (
        select(
            _proofs.c.id,
            _proofs.c.short_id,
            _proofs.c.type,
            _proofs.c.file,
            _proofs.c.thumb,
            _proofs.c.result,
            _proofs.c.suggested_ruling,
            _proofs.c.meta_data_flags,
            _proofs.c.extracted_meta,
            similarity,
            _proofs.c.manual_review_recommended,
        )
        .where(_proofs.c.entry_id == _entry_id)
        .order_by(_proofs.c.inserted_at, _proofs.c.id)
    )


_DOCUMENTS: Final = _documents(_proofs.c.similarity_check)
_DOCUMENTS_WITHOUT_SIMILARITY: Final = _documents(null())
"""For company roles, who may not name ``proof.similarity_check`` at all (revision 0006)."""


def _completed_reviews(in_scope: ColumnElement[bool]) -> Select[Any]:
    return (
        select(
            _entries.c.short_id,
            _reviews.c.review_type,
            _result_types.c.code,
            _reviews.c.fraud_type,
            _reviews.c.result_reason,
            _reviews.c.completed_date,
            _users.c.first_name,
            _users.c.last_name,
        )
        .select_from(_reviews)
        .join(_submissions, _submissions.c.id == _reviews.c.fraud_submission_id)
        .join(_entries, _entries.c.id == _submissions.c.entry_id)
        .outerjoin(_result_types, _result_types.c.id == _reviews.c.result)
        .outerjoin(_users, _users.c.id == _reviews.c.reviewer_id)
        .where(in_scope, _reviews.c.status == "COMPLETED")
        .order_by(_reviews.c.completed_date.desc().nulls_last(), _reviews.c.id)
        .limit(FOLDER_HISTORY_LIMIT)
    )


_RULINGS_IN_FOLDER: Final = _completed_reviews(_entries.c.folder_id == _folder_id)
_RULINGS_OF_ENTRY: Final = _completed_reviews(_entries.c.id == _entry_id)
"""For an entry without a folder: its own rulings only."""

_OTHER_ENTRIES: Final = (
    select(_entries.c.short_id, _entries.c.submission_time, _entries.c.result, _entries.c.note)
    .where(_entries.c.folder_id == _folder_id, _entries.c.id != _entry_id)
    .order_by(_entries.c.submission_time.desc().nulls_last(), _entries.c.id)
    .limit(FOLDER_HISTORY_LIMIT)
)


async def open_case(uow: UnitOfWork, entry_id: uuid.UUID, *, similarity: bool = True) -> Case:
    """The case of ``entry_id`` as the signed-in person may see it; :class:`NoSuchEntry` if they may not.

    Pass ``similarity=False`` for company roles: they may not read
    ``proof.similarity_check`` (revision 0006), and naming the column at
    all is refused, so their documents come with no similarity hits.
    """
    with review_refusals():
        async with uow.transaction() as session:
            return await read_case(session, entry_id, similarity=similarity)


async def read_case(session: AsyncSession, entry_id: uuid.UUID, *, similarity: bool = True) -> Case:
    header = (await session.execute(_HEADER, {"entry_id": entry_id})).one_or_none()
    if header is None:
        raise NoSuchEntry("This entry does not exist or is not visible to you.")
    folder_id = header[9]
    return Case(
        entry_id=entry_id,
        short_id=header[0],
        review_status=header[1],
        assigned_to_id=header[2],
        assigned_at=header[3],
        submitted_at=header[4],
        sla_deadline=header[4] + SLA if header[4] is not None else None,
        suggested_ruling=header[5],
        repeat_applicant=bool(header[6]),
        note=header[7],
        result=header[8],
        folder_id=folder_id,
        property_name=header[10] or header[11],
        company_name=header[12],
        folder_ruling=header[13],
        applicants=await _applicants_of(session, entry_id),
        documents=await _documents_of(session, entry_id, similarity=similarity),
        previous_rulings=await _rulings_in_folder(session, entry_id, folder_id),
        folder_entries=await _other_entries_of(session, entry_id, folder_id),
    )


async def _applicants_of(session: AsyncSession, entry_id: uuid.UUID) -> tuple[CaseApplicant, ...]:
    rows = await session.execute(_APPLICANTS, {"entry_id": entry_id})
    return tuple(
        CaseApplicant(name=_person_name(full, first, last), email=email, phone=phone)
        for full, first, last, email, phone in rows
    )


def _person_name(full_name: str | None, first_name: str | None, last_name: str | None) -> str | None:
    if full_name and full_name.strip():
        return full_name.strip()
    joined = " ".join(part for part in (first_name, last_name) if part)
    return joined or None


async def _documents_of(session: AsyncSession, entry_id: uuid.UUID, *, similarity: bool) -> tuple[CaseDocument, ...]:
    rows = await session.execute(_DOCUMENTS if similarity else _DOCUMENTS_WITHOUT_SIMILARITY, {"entry_id": entry_id})
    documents = list(rows)
    named = await _similar_documents_named(session, [hit for row in documents for hit in row[9] or ()])
    return tuple(
        CaseDocument(
            proof_id=row[0],
            short_id=row[1],
            kind=str(row[2]),
            file_url=row[3],
            thumb_url=row[4],
            result=str(row[5]),
            suggested_ruling=str(row[6]),
            meta_data_flags=tuple(row[7] or ()),
            extracted_meta=cast(dict[str, Any] | None, row[8]),
            similarity_check=tuple(named(hit) for hit in row[9] or ()),
            manual_review_recommended=bool(row[10]),
        )
        for row in documents
    )


async def _similar_documents_named(
    session: AsyncSession, hits: list[dict[str, Any]]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """What turns a ``similarity_check`` hit's ids into names a reviewer reads.

    The spec's hit names the other document and its entry by id only; each
    gets the entry's short id (``entry_short_id``) and the document's kind
    (``document_kind``) as far as the reader may see them. One query for
    every hit of the case, none when there are no hits.
    """
    proof_ids = {proof_id for hit in hits if (proof_id := _uuid_or_none(hit.get("matching_proof_id")))}
    names: dict[uuid.UUID, dict[str, Any]] = {}
    if proof_ids:
        rows = await session.execute(
            select(_proofs.c.id, _proofs.c.type, _entries.c.short_id)
            .join(_entries, _entries.c.id == _proofs.c.entry_id)
            .where(_proofs.c.id.in_(sorted(proof_ids)))
        )
        names = {
            proof_id: {"document_kind": str(kind), "entry_short_id": short_id} for proof_id, kind, short_id in rows
        }

    def named(hit: dict[str, Any]) -> dict[str, Any]:
        proof_id = _uuid_or_none(hit.get("matching_proof_id"))
        return {**hit, **(names.get(proof_id, {}) if proof_id else {})}

    return named


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def _rulings_in_folder(
    session: AsyncSession, entry_id: uuid.UUID, folder_id: uuid.UUID | None
) -> tuple[PreviousRuling, ...]:
    if folder_id is None:
        rows = await session.execute(_RULINGS_OF_ENTRY, {"entry_id": entry_id})
    else:
        rows = await session.execute(_RULINGS_IN_FOLDER, {"folder_id": folder_id})
    return tuple(
        PreviousRuling(
            entry_short_id=short_id,
            review_type=review_type,
            ruling=code,
            fraud_type=fraud_type,
            reason=reason,
            completed_at=completed_at,
            reviewer_name=_person_name(None, first, last),
        )
        for short_id, review_type, code, fraud_type, reason, completed_at, first, last in rows
    )


async def _other_entries_of(
    session: AsyncSession, entry_id: uuid.UUID, folder_id: uuid.UUID | None
) -> tuple[FolderEntryNote, ...]:
    if folder_id is None:
        return ()
    rows = await session.execute(_OTHER_ENTRIES, {"folder_id": folder_id, "entry_id": entry_id})
    return tuple(FolderEntryNote(*row) for row in rows)
