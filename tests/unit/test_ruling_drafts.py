"""Drafts of rulings on disk, the undo window and retries: nothing is lost, nothing sent twice by us."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
import uuid
from pathlib import Path

import pytest

from services.errors import DatabaseUnavailable
from services.review_refusals import AlreadyRuled, InvalidRuling
from services.ruling_drafts import RulingDrafts
from services.ruling_outbox import RulingOutbox
from services.ruling_submission import DocumentRuling, FraudType, RulingReason, RulingSubmission

CLEAN_PROOF = uuid.UUID(int=1)
EDITED_PROOF = uuid.UUID(int=2)


def a_ruling(**changes: object) -> RulingSubmission:
    fields: dict[str, object] = {
        "entry_id": uuid.uuid4(),
        "documents": (
            DocumentRuling(CLEAN_PROOF, "CLEAN"),
            DocumentRuling(EDITED_PROOF, "INSUFFICIENT", request_reupload=True),
        ),
        "note": "Bank statement cut off at the bottom",
    }
    fields.update(changes)
    return RulingSubmission(**fields)  # type: ignore[arg-type]


def test_a_draft_survives_a_restart_exactly_as_it_was(tmp_path: Path) -> None:
    ruling = a_ruling(
        documents=(DocumentRuling(CLEAN_PROOF, "FRAUD"),),
        reason=RulingReason.DUPLICATE_DOCUMENT,
        fraud_type=FraudType.IDENTITY_THEFT,
        overall_override="FRAUD",
        override_reason="matches a rejected applicant",
    )
    RulingDrafts(tmp_path / "drafts").save(ruling)

    listing = RulingDrafts(tmp_path / "drafts").pending()  # a new process, the same directory

    assert listing.drafts == (ruling,)
    assert listing.unreadable == ()


def test_drafts_are_readable_only_by_their_owner(tmp_path: Path) -> None:
    ruling = a_ruling()
    RulingDrafts(tmp_path).save(ruling)
    (path,) = tmp_path.iterdir()
    assert path.name == f"{ruling.submission_id}.ruling.json"
    if sys.platform != "win32":  # Windows has no permission bits; the profile directory is private there
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_drafts_are_listed_oldest_first_and_removed_only_when_confirmed(tmp_path: Path) -> None:
    drafts = RulingDrafts(tmp_path)
    first, second = a_ruling(), a_ruling()
    drafts.save(first)
    os.utime(next(tmp_path.iterdir()), ns=(1, 1))
    drafts.save(second)

    assert drafts.pending().drafts == (first, second)
    drafts.confirmed(first.submission_id)
    assert drafts.pending().drafts == (second,)


def test_an_unreadable_draft_is_reported_and_kept(tmp_path: Path) -> None:
    drafts = RulingDrafts(tmp_path)
    drafts.save(a_ruling())
    broken = tmp_path / f"{uuid.uuid4()}.ruling.json"
    broken.write_text("{ half a draft", encoding="utf-8")

    listing = drafts.pending()

    assert len(listing.drafts) == 1
    assert listing.unreadable == (broken,)
    assert broken.exists()


def test_a_missing_directory_has_no_drafts(tmp_path: Path) -> None:
    assert RulingDrafts(tmp_path / "never-created").pending().drafts == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"documents": ()}, "at least one document"),
        ({"documents": (DocumentRuling(CLEAN_PROOF, "MAYBE"),)}, "is not a ruling"),
        ({"documents": (DocumentRuling(CLEAN_PROOF, "EDITED"),)}, "needs a reason"),
        (
            {"documents": (DocumentRuling(CLEAN_PROOF, "FRAUD"),), "reason": RulingReason.OTHER},
            "needs a fraud type",
        ),
        ({"documents": (DocumentRuling(CLEAN_PROOF, "CLEAN", request_reupload=True),)}, "re-upload"),
        ({"overall_override": "EDITED", "reason": RulingReason.OTHER}, "Say why"),
        (
            {"documents": (DocumentRuling(CLEAN_PROOF, "CLEAN"), DocumentRuling(CLEAN_PROOF, "EDITED"))},
            "one ruling",
        ),
    ],
)
def test_an_incomplete_ruling_is_refused_with_a_reason(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidRuling, match=message):
        a_ruling(**changes).check()


def test_the_overall_ruling_is_the_worst_unless_overridden_with_a_reason() -> None:
    ruling = a_ruling()
    assert ruling.overall_ruling == "INSUFFICIENT"
    assert ruling.reupload_proof_ids == (EDITED_PROOF,)
    overridden = a_ruling(overall_override="CLEAN", override_reason="statement re-sent by e-mail")
    overridden.check()
    assert overridden.overall_ruling == "CLEAN"


class Server:
    """What the outbox sends to: records each submission; can be down or refuse."""

    def __init__(self) -> None:
        self.received: list[uuid.UUID] = []
        self.failure: Exception | None = None

    async def send(self, submission: RulingSubmission) -> str:
        if self.failure is not None:
            raise self.failure
        self.received.append(submission.submission_id)
        return f"receipt {submission.submission_id}"


def test_a_ruling_waits_out_its_undo_window_on_disk_then_is_sent_and_forgotten(tmp_path: Path) -> None:
    server, drafts = Server(), RulingDrafts(tmp_path)
    outbox = RulingOutbox(drafts, server.send, undo_seconds=0.2)
    ruling = a_ruling()

    async def scenario() -> tuple[float, str | None]:
        started = asyncio.get_running_loop().time()
        sending = asyncio.create_task(outbox.submit(ruling))
        await asyncio.sleep(0)  # the submit runs up to its wait
        assert drafts.pending().drafts == (ruling,)  # on disk while it waits
        assert server.received == []
        receipt = await sending
        return asyncio.get_running_loop().time() - started, receipt

    waited, receipt = asyncio.run(scenario())
    assert waited >= 0.2
    assert receipt == f"receipt {ruling.submission_id}"
    assert server.received == [ruling.submission_id]
    assert drafts.pending().drafts == ()


def test_send_now_ends_the_undo_window_early(tmp_path: Path) -> None:
    server = Server()
    outbox = RulingOutbox(RulingDrafts(tmp_path), server.send, undo_seconds=60)
    ruling = a_ruling()

    async def scenario() -> str | None:
        sending = asyncio.create_task(outbox.submit(ruling))
        await asyncio.sleep(0)
        assert outbox.send_now(ruling.submission_id)
        return await sending

    assert asyncio.run(scenario()) == f"receipt {ruling.submission_id}"
    assert not outbox.send_now(ruling.submission_id)  # nothing waits any more


def test_undo_within_the_window_sends_nothing_and_forgets_the_draft(tmp_path: Path) -> None:
    server, drafts = Server(), RulingDrafts(tmp_path)
    outbox = RulingOutbox(drafts, server.send, undo_seconds=5)
    ruling = a_ruling()

    async def scenario() -> tuple[bool, str | None]:
        sending = asyncio.create_task(outbox.submit(ruling))
        await asyncio.sleep(0)
        undone = outbox.undo(ruling.submission_id)
        return undone, await sending

    undone, receipt = asyncio.run(scenario())
    assert undone is True
    assert receipt is None
    assert server.received == []
    assert drafts.pending().drafts == ()
    assert outbox.undo(ruling.submission_id) is False  # too late once it is gone


def test_an_outage_keeps_the_draft_and_the_retry_sends_it(tmp_path: Path) -> None:
    server, drafts = Server(), RulingDrafts(tmp_path)
    outbox = RulingOutbox(drafts, server.send, undo_seconds=0)
    ruling = a_ruling()
    server.failure = DatabaseUnavailable("connection refused")

    with pytest.raises(DatabaseUnavailable):
        asyncio.run(outbox.submit(ruling))
    assert drafts.pending().drafts == (ruling,)
    with pytest.raises(DatabaseUnavailable):
        asyncio.run(outbox.retry_pending())
    assert drafts.pending().drafts == (ruling,)

    server.failure = None
    restarted = RulingOutbox(RulingDrafts(tmp_path), server.send)
    outcomes = asyncio.run(restarted.retry_pending())

    assert outcomes == [(ruling, f"receipt {ruling.submission_id}")]
    assert drafts.pending().drafts == ()


def test_a_refused_draft_is_kept_for_the_reviewer_and_does_not_block_the_others(tmp_path: Path) -> None:
    drafts = RulingDrafts(tmp_path)
    refused, fine = a_ruling(), a_ruling()
    drafts.save(refused)
    os.utime(next(tmp_path.iterdir()), ns=(1, 1))
    drafts.save(fine)
    refusal = AlreadyRuled("ruled already")

    async def send(submission: RulingSubmission) -> str:
        if submission == refused:
            raise refusal
        return "ok"

    outbox = RulingOutbox(drafts, send)
    assert asyncio.run(outbox.retry_pending()) == [(refused, refusal), (fine, "ok")]
    assert drafts.pending().drafts == (refused,)
    outbox.discard(refused.submission_id)
    assert drafts.pending().drafts == ()
