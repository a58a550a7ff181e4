"""Screenings: folders, entries, applicants, their submissions and documents.

One call to :meth:`ScreeningWriter.write_folder` stages one folder (one
applicant at one property) with its entry or entries and adds every row
that goes with them to the batch: applicant details, applicant,
submission, document source, proofs, the fraud submission and its review
trail (:mod:`.reviews`), matches (:mod:`.duplicates`) and finally the
folder itself, whose denormalised ``last_entry_*`` / ``dynamic_ruling``
fields are copied from its latest entry.

Decisions where the spec leaves room:

- One applicant per entry, with one submission through one document
  source (manual upload mostly; Yardi, e-mail and API for the rest).
- An applicant uploads what the property asks for (its ``paystub`` and
  ``bank_statement`` counts); one in twenty leaves one document out, and
  about one in eight slips a tampered document in.
- ``entries.status`` is the applicant-facing word for ``review_status``:
  ``submitted`` (UNASSIGNED, ASSIGNED), ``in_review``, ``completed``.
- ``folders.status`` / ``result`` mirror the latest entry's status and
  result; ``dynamic_ruling`` is its fraud ruling (PENDING while open).
- ``primary_notification_sent_at`` is when the report went to the
  property manager, i.e. when the review was decided.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Final

from models.enums import DocumentSourceType, ReviewStatus

from . import names, rulings
from .bulk_copy import EMPTY_ARRAY, CopyBatch, jsonb_array, text_array
from .document_shelf import DocumentShelf, ShelfDocument
from .duplicates import (
    Applicant,
    PriorApplication,
    RecentApplications,
    Scenario,
    UploadedDocument,
    choose_scenario,
    match_percentage,
)
from .identifiers import RowIds, short_id
from .organizations import Organization, PropertyProfile
from .reviews import Decision, ReviewedProof, ReviewWriter
from .rows import (
    ApplicantDetailRow,
    ApplicantRow,
    ApplicantSubmissionRow,
    DocumentSourceRow,
    EntryRow,
    FolderRow,
    FraudSubmissionRow,
    MatchingEntryRow,
    ProofRow,
)
from .timeline import Timeline

TAMPERED_SHARE: Final = 0.12
MISSING_DOCUMENT_SHARE: Final = 0.05
REUSED_DOCUMENT_FLAG: Final = "duplicate_document"

_SOURCES: Final = tuple(DocumentSourceType)
_SOURCE_CUMULATIVE_WEIGHTS: Final = tuple(accumulate((0.7, 0.15, 0.08, 0.07)))  # manual_upload, yardi, email, api
_ENTRY_STATUS: Final = {
    ReviewStatus.UNASSIGNED: "submitted",
    ReviewStatus.ASSIGNED: "submitted",
    ReviewStatus.IN_REVIEW: "in_review",
    ReviewStatus.COMPLETED: "completed",
}


@dataclass(frozen=True)
class PlannedProof:
    """A document an applicant is about to upload, and what it really is."""

    document: ShelfDocument
    name_on_document: str
    nature: str  # rulings.truth(...)
    similar_to: tuple[str, str, float] | None = None  # (entry id, proof id, score)

    @property
    def suggested_ruling(self) -> str:
        # The similarity check catches a document another applicant already submitted.
        return rulings.FRAUD if self.nature == "reused" else self.document.suggested_ruling

    @property
    def flags(self) -> tuple[str, ...]:
        return (*self.document.flags, REUSED_DOCUMENT_FLAG) if self.nature == "reused" else self.document.flags

    @property
    def flags_literal(self) -> str:
        return text_array(self.flags) if self.nature == "reused" else self.document.flags_literal


@dataclass(frozen=True)
class _Upload:
    proofs: tuple[PlannedProof, ...]
    documents_missing: bool


@dataclass(frozen=True)
class _Match:
    prior_entry_id: str
    percentage: int


@dataclass(frozen=True)
class _EntryOutcome:
    entry: EntryRow
    decision: Decision
    application: PriorApplication


class ScreeningWriter:
    """Writes ``entries`` screenings, folder by folder, into a batch."""

    def __init__(
        self,
        batch: CopyBatch,
        *,
        seed: int,
        entries: int,
        timeline: Timeline,
        organization: Organization,
        shelf: DocumentShelf,
        result_type_ids: dict[str, int],
    ) -> None:
        self._batch = batch
        self._entries = entries
        self._timeline = timeline
        self._organization = organization
        self._shelf = shelf
        self._rng = random.Random(f"ruling-desk-demo/{seed}/screenings")
        self._reviews = ReviewWriter(
            batch, seed=seed, now=timeline.now, staff=organization.staff, result_type_ids=result_type_ids
        )
        self._recent = RecentApplications()
        # Tables with exactly one row per entry share the entry's index in their ids.
        self._entry_ids = RowIds(seed, "entries")
        self._detail_ids = RowIds(seed, "applicant_details")
        self._applicant_ids = RowIds(seed, "applicants")
        self._submission_ids = RowIds(seed, "applicant_submissions")
        self._source_ids = RowIds(seed, "applicant_submission_document_sources")
        self._fraud_submission_ids = RowIds(seed, "fraud_submissions")
        self._folder_ids = RowIds(seed, "folders")
        self._proof_ids = RowIds(seed, "proof")
        self.entries_written = 0
        self._folders = 0
        self._proofs = 0

    @property
    def done(self) -> bool:
        return self.entries_written >= self._entries

    def write_folder(self) -> None:
        """Stage the next folder's story (see :mod:`.duplicates`) and add all its rows."""
        rng = self._rng
        scenario = choose_scenario(
            rng, have_prior=bool(self._recent), entries_left=self._entries - self.entries_written
        )
        folder_id = self._folder_ids(self._folders)
        self._folders += 1
        if scenario is Scenario.NEW:
            applicant, prop = self._new_applicant(), self._organization.draw_property(rng)
            outcomes = [self._write_entry(folder_id, applicant, prop, self._fresh_upload(prop, applicant))]
        elif scenario is Scenario.DUPLICATE:
            applicant, prop = self._new_applicant(), self._organization.draw_property(rng)
            first = self._write_entry(folder_id, applicant, prop, self._fresh_upload(prop, applicant))
            percentage = match_percentage(rng, scenario)
            upload = self._upload_again(prop, first.application, replace_one=percentage < 100)
            second = self._write_entry(
                folder_id,
                applicant,
                prop,
                upload,
                match=_Match(first.entry.id, percentage),
                previously_submitted=True,
                auto_merged=percentage == 100,
            )
            outcomes = [first, second]
        else:
            prior = self._recent.pick(rng, prefer_rejected=scenario is Scenario.RESUBMISSION)
            applicant, prop, upload = self._stage_against(scenario, prior)
            outcome = self._write_entry(
                folder_id,
                applicant,
                prop,
                upload,
                match=_Match(prior.entry_id, match_percentage(rng, scenario)),
                previously_submitted=scenario is Scenario.RESUBMISSION,
            )
            outcomes = [outcome]
        self._batch.add(self._folder_row(folder_id, outcomes))

    # --- who applies where, with which documents --------------------------------

    def _new_applicant(self) -> Applicant:
        rng = self._rng
        name = names.draw_name(rng)
        return Applicant(name, names.applicant_email(rng, name), names.phone_number(rng))

    def _stage_against(self, scenario: Scenario, prior: PriorApplication) -> tuple[Applicant, PropertyProfile, _Upload]:
        rng, organization = self._rng, self._organization
        if scenario is Scenario.RESUBMISSION:
            prop = organization.draw_other_property(rng, prior.property)
            return prior.applicant, prop, self._upload_again(prop, prior, replace_one=False)
        if scenario is Scenario.LOOK_ALIKE:
            name = names.similar_name(rng, prior.applicant.name)
            applicant = Applicant(name, names.applicant_email(rng, name), names.phone_number(rng))
            return applicant, prior.property, self._fresh_upload(prior.property, applicant)
        applicant, prop = self._new_applicant(), organization.draw_other_property(rng, prior.property)
        return applicant, prop, self._with_stolen_document(self._fresh_upload(prop, applicant), prior)

    def _fresh_upload(self, prop: PropertyProfile, applicant: Applicant) -> _Upload:
        rng = self._rng
        kinds = ["paystub"] * prop.paystubs_required + ["bank_statement"] * prop.statements_required
        missing = rng.random() < MISSING_DOCUMENT_SHARE
        if missing:
            del kinds[rng.randrange(len(kinds))]
        tampered_slot = rng.randrange(len(kinds)) if rng.random() < TAMPERED_SHARE else -1
        proofs: list[PlannedProof] = []
        for slot, kind in enumerate(kinds):
            document = self._shelf.draw(rng, kind, tampered=slot == tampered_slot)
            if any(p.document.index == document.index for p in proofs):  # one redraw avoids most repeats
                document = self._shelf.draw(rng, kind, tampered=slot == tampered_slot)
            nature = rulings.truth(tampered=document.tampered, reused=False)
            proofs.append(PlannedProof(document, applicant.name.plain, nature))
        return _Upload(tuple(proofs), missing)

    def _upload_again(self, prop: PropertyProfile, prior: PriorApplication, *, replace_one: bool) -> _Upload:
        """The same applicant's documents again: the earlier ones first, fresh ones where more are needed."""
        fresh = self._fresh_upload(prop, prior.applicant)
        earlier: dict[str, list[UploadedDocument]] = {kind: [] for kind in self._shelf.kinds}
        for uploaded in prior.documents:
            earlier[self._shelf.documents[uploaded.shelf_index].kind].append(uploaded)
        proofs = []
        for planned in fresh.proofs:
            kept = earlier[planned.document.kind]
            if not kept:
                proofs.append(planned)
                continue
            uploaded = kept.pop(0)
            document = self._shelf.documents[uploaded.shelf_index]
            similar_to = (prior.entry_id, uploaded.proof_id, 1.0)
            proofs.append(PlannedProof(document, uploaded.name_on_document, uploaded.nature, similar_to))
        if replace_one:
            slot = self._rng.randrange(len(proofs))
            proofs[slot] = fresh.proofs[slot]
        return _Upload(tuple(proofs), fresh.documents_missing)

    def _with_stolen_document(self, upload: _Upload, prior: PriorApplication) -> _Upload:
        """Swap one of ``upload``'s documents for one ``prior``'s applicant submitted."""
        rng = self._rng
        stolen = rng.choice(prior.documents)
        document = self._shelf.documents[stolen.shelf_index]
        slots = [index for index, p in enumerate(upload.proofs) if p.document.kind == document.kind] or [0]
        proofs = list(upload.proofs)
        similarity = round(rng.uniform(0.9, 0.99), 3)
        proofs[rng.choice(slots)] = PlannedProof(
            document, stolen.name_on_document, "reused", (prior.entry_id, stolen.proof_id, similarity)
        )
        return _Upload(tuple(proofs), upload.documents_missing)

    # --- rows --------------------------------------------------------------------

    def _write_entry(
        self,
        folder_id: str,
        applicant: Applicant,
        prop: PropertyProfile,
        upload: _Upload,
        *,
        match: _Match | None = None,
        previously_submitted: bool = False,
        auto_merged: bool = False,
    ) -> _EntryOutcome:
        rng, index = self._rng, self.entries_written
        self.entries_written += 1
        entry_id = self._entry_ids(index)
        submitted = self._timeline.submitted_at(index, rng)
        progress = self._timeline.progress(submitted, rng)
        source = rng.choices(_SOURCES, cum_weights=_SOURCE_CUMULATIVE_WEIGHTS)[0].value
        unit = f"{rng.randint(1, prop.floors)}{rng.randint(1, 24):02d}" if prop.unit_required else None

        first_proof = self._proofs
        self._proofs += len(upload.proofs)
        proof_ids = [self._proof_ids(first_proof + offset) for offset in range(len(upload.proofs))]
        suggestions = ["PENDING" if progress.analysis_pending else p.suggested_ruling for p in upload.proofs]
        fraud_submission_id = self._fraud_submission_ids(index)
        decision = self._reviews.review(
            rng,
            progress,
            fraud_submission_id=fraud_submission_id,
            applicant_submission_id=self._submission_ids(index),
            proofs=[
                ReviewedProof(proof_id, p.nature, p.suggested_ruling, p.flags)
                for proof_id, p in zip(proof_ids, upload.proofs, strict=True)
            ],
            documents_missing=upload.documents_missing,
            source_type=source,
        )
        results = decision.proof_results or ("PENDING",) * len(upload.proofs)
        last_change = max(t for t in (submitted, progress.assigned_at, decision.ruling_time) if t is not None)

        self._add_applicant(index, entry_id, applicant, upload, submitted, unit, source, rng)
        for offset, (proof_id, planned, suggested, result) in enumerate(
            zip(proof_ids, upload.proofs, suggestions, results, strict=True)
        ):
            self._batch.add(
                ProofRow(
                    id=proof_id,
                    entry_id=entry_id,
                    short_id=short_id("DOC", first_proof + offset, 8),
                    file=planned.document.file_url,
                    thumb=planned.document.thumb_url,
                    type=planned.document.kind,
                    result=result,
                    suggested_ruling=suggested,
                    extracted_meta=planned.document.extracted_meta(planned.name_on_document),
                    meta_data_flags=planned.flags_literal,
                    similarity_check=_similarity_literal(planned.similar_to),
                    has_text=planned.document.has_text,
                    manual_review_recommended=suggested not in ("CLEAN", "PENDING") or bool(planned.flags),
                    inserted_at=submitted,
                    updated_at=decision.ruling_time or submitted,
                )
            )
        # Documents go to fraud review as they arrive; the machine suggestion follows on the proofs.
        self._batch.add(
            FraudSubmissionRow(fraud_submission_id, self._source_ids(index), entry_id, submitted, submitted)
        )
        if match is not None:
            detected = min(submitted + timedelta(minutes=rng.uniform(1, 5)), self._timeline.now)
            self._batch.add(MatchingEntryRow(entry_id, match.prior_entry_id, match.percentage, detected, detected))

        entry = EntryRow(
            id=entry_id,
            short_id=short_id("E", index, 7),
            status=_ENTRY_STATUS[progress.review_status],
            result=rulings.entry_result(decision.ruling) if decision.ruling else None,
            suggested_ruling=rulings.worst_suggestion(suggestions),
            note=decision.reason if decision.ruling not in (None, rulings.CLEAN) else None,
            unit=unit,
            metadata=json.dumps(
                {
                    "source": source,
                    "required_documents": {
                        "paystub": prop.paystubs_required,
                        "bank_statement": prop.statements_required,
                    },
                    "documents_received": len(upload.proofs),
                }
            ),
            folder_id=folder_id,
            submission_time=submitted,
            report_complete_time=decision.decided_at,
            notification_email=prop.leasing_email,
            has_previously_submitted=previously_submitted,
            auto_merged=auto_merged,
            is_automatic_review=False,
            review_status=progress.review_status.value,
            review_date=decision.decided_at,
            review_assigned_date=decision.assigned_at,
            reviewer_id=decision.reviewer,
            review_assigned_to_id=decision.assignee,
            primary_notification_sent_at=decision.decided_at,
            secondary_notification_sent_at=None,
            twenty_two_hours_notification_sent_at=progress.twenty_two_hours_warning_at,
            sixteen_hours_notification_sent_at=progress.sixteen_hours_warning_at,
            inserted_at=submitted,
            updated_at=last_change,
        )
        self._batch.add(entry)
        application = PriorApplication(
            entry_id=entry_id,
            applicant=applicant,
            property=prop,
            documents=tuple(
                UploadedDocument(p.document.index, proof_id, p.name_on_document, p.nature)
                for proof_id, p in zip(proof_ids, upload.proofs, strict=True)
            ),
            rejected=decision.ruling == rulings.FRAUD,
        )
        self._recent.remember(application)
        return _EntryOutcome(entry, decision, application)

    def _add_applicant(
        self,
        index: int,
        entry_id: str,
        applicant: Applicant,
        upload: _Upload,
        submitted: datetime,
        unit: str | None,
        source: str,
        rng: random.Random,
    ) -> None:
        name = applicant.name
        paystub = next((p.document for p in upload.proofs if p.document.kind == "paystub"), None)
        monthly = paystub.monthly_gross if paystub else None
        move_in = (submitted + timedelta(days=rng.randint(10, 60))).date()
        prefilled = {
            "first_name": name.first,
            "middle_initial": name.middle_initial,
            "last_name": name.last,
            "email": applicant.email,
            "phone": applicant.phone,
            "unit": unit,
            "move_in_date": date.isoformat(move_in),
            "lease_term_months": rng.choice((6, 12, 12, 12, 15, 18, 24)),
            "stated_monthly_income": round(monthly * rng.uniform(0.95, 1.1) / 50) * 50 if monthly else None,
            "employer": paystub.employer if paystub else None,
            "source": source,
        }
        detail_id, applicant_id, submission_id = (
            self._detail_ids(index),
            self._applicant_ids(index),
            self._submission_ids(index),
        )
        self._batch.add(ApplicantDetailRow(detail_id, json.dumps(prefilled), submitted, submitted))
        self._batch.add(
            ApplicantRow(
                id=applicant_id,
                full_name=name.full,
                first_name=name.first,
                middle_initial=name.middle_initial,
                last_name=name.last,
                email=applicant.email,
                phone=applicant.phone,
                notification=rng.random() < 0.6,
                entry_id=entry_id,
                applicant_detail_id=detail_id,
                identity_id=None,
                inserted_at=submitted,
                updated_at=submitted,
            )
        )
        self._batch.add(
            ApplicantSubmissionRow(
                submission_id, applicant_id, submitted, None, rng.random() < 0.9, submitted, submitted
            )
        )
        self._batch.add(DocumentSourceRow(self._source_ids(index), submission_id, source, submitted, submitted))

    @staticmethod
    def _folder_row(folder_id: str, outcomes: list[_EntryOutcome]) -> FolderRow:
        """The folder, denormalised from its latest entry (entries of a folder are written oldest first)."""
        latest = outcomes[-1]
        entry, decision, prop = latest.entry, latest.decision, latest.application.property
        return FolderRow(
            id=folder_id,
            name=latest.application.applicant.name.full,
            status=entry.status,
            result=entry.result,
            dynamic_ruling=decision.ruling or "PENDING",
            ruling_time=decision.ruling_time,
            property_id=prop.id,
            company_id=prop.company_id,
            property_short_id=prop.short_id,
            property_name=prop.name,
            company_short_id=prop.company_short_id,
            last_entry_id=entry.id,
            last_entry_submission_time=entry.submission_time,
            last_entry_result=entry.result,
            last_entry_status=entry.status,
            review_assigned_to_id=entry.review_assigned_to_id,
            review_assigned_date=entry.review_assigned_date,
            inserted_at=outcomes[0].entry.submission_time,
            updated_at=entry.updated_at,
        )


def _similarity_literal(similar_to: tuple[str, str, float] | None) -> str:
    if similar_to is None:
        return EMPTY_ARRAY
    entry_id, proof_id, score = similar_to
    return jsonb_array([{"entry_id": entry_id, "matching_proof_id": proof_id, "similarity_score": score}])
