"""Rulings not yet confirmed by the server, kept on this machine so none is ever lost.

A ruling is saved here *before* it is sent and removed only once the
server confirmed it (:meth:`RulingDrafts.confirmed`). A crash, a closed
window or an outage in between leaves the file, and the next start lists
it (:meth:`RulingDrafts.pending`) so it is sent again; the submit is
idempotent by the draft's ``submission_id``, so a draft whose first send
did land is written once all the same.

One JSON file per submission, replaced atomically and readable only by
this user (drafts hold notes about applicants). A file that cannot be read
back is reported, never deleted: a person decides about it. The directory
is injected (the app passes one under the user's data directory).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from services.private_files import write_private_file
from services.ruling_submission import RulingSubmission

_SUFFIX: Final = ".ruling.json"


@dataclass(frozen=True, slots=True)
class DraftListing:
    """The drafts found, oldest first, and the files that are not readable drafts."""

    drafts: tuple[RulingSubmission, ...]
    unreadable: tuple[Path, ...]


class RulingDrafts:
    """The drafts of one person's workstation in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def save(self, submission: RulingSubmission) -> None:
        """Keep ``submission`` (replacing an earlier draft of the same submission) until it is confirmed."""
        write_private_file(self._path(submission.submission_id), json.dumps(submission.to_json(), indent=1))

    def confirmed(self, submission_id: uuid.UUID) -> None:
        """The server has the ruling (or the reviewer withdrew it): forget the draft."""
        self._path(submission_id).unlink(missing_ok=True)

    def pending(self) -> DraftListing:
        """Every draft still waiting for the server, oldest first."""
        if not self._directory.is_dir():
            return DraftListing((), ())
        files = sorted(self._directory.glob(f"*{_SUFFIX}"), key=lambda path: (path.stat().st_mtime_ns, path.name))
        drafts: list[RulingSubmission] = []
        unreadable: list[Path] = []
        for path in files:
            try:
                drafts.append(RulingSubmission.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError):
                unreadable.append(path)
        return DraftListing(tuple(drafts), tuple(unreadable))

    def _path(self, submission_id: uuid.UUID) -> Path:
        return self._directory / f"{submission_id}{_SUFFIX}"
