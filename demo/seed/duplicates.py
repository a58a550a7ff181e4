"""Duplicate and look-alike applications, at the spec's match-percentage bands.

Spec 000 ("matching_entries") names four situations; the demo stages each
one on purpose, so every band shows up in the duplicate panel:

============================  ==========  ====================================
scenario                      match %     what is staged
============================  ==========  ====================================
duplicate submission          90-100      same applicant, same property, same
                                          folder; re-uploads their documents
                                          (100 % = identical, auto-merged)
resubmission                  80-90       same applicant, another property
                                          (often after a rejection), same
                                          documents
document reuse                70-89       another applicant at another
                                          property submits one of this
                                          applicant's documents
look-alike                    50-69       a different person with a similar
                                          name at the same property
============================  ==========  ====================================

``matching_entries`` rows point from the new entry to the earlier one
(``matching_entry_id`` is "the previously existing entry"), one row per
pair. Earlier applications are remembered in a bounded ring, so memory
does not grow with the data set and matches stay recent, as a real
matcher's would.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from enum import Enum
from itertools import accumulate
from typing import Final

from .names import PersonName
from .organizations import PropertyProfile

RING_SIZE: Final = 4096


class Scenario(Enum):
    NEW = "new"
    DUPLICATE = "duplicate"
    RESUBMISSION = "resubmission"
    DOCUMENT_REUSE = "document_reuse"
    LOOK_ALIKE = "look_alike"


_SCENARIOS: Final = tuple(Scenario)
_CUMULATIVE_WEIGHTS: Final = tuple(accumulate((0.84, 0.05, 0.04, 0.035, 0.035)))
_BANDS: Final = {
    Scenario.DUPLICATE: (90, 100),
    Scenario.RESUBMISSION: (80, 90),
    Scenario.DOCUMENT_REUSE: (70, 89),
    Scenario.LOOK_ALIKE: (50, 69),
}


@dataclass(frozen=True)
class Applicant:
    """A person applying; the same person may apply again (duplicate, resubmission)."""

    name: PersonName
    email: str
    phone: str


@dataclass(frozen=True)
class UploadedDocument:
    """A proof as a later application can refer to it."""

    shelf_index: int
    proof_id: str
    name_on_document: str
    nature: str  # rulings.truth(...): a stolen document stays stolen when its thief re-uploads it


@dataclass(frozen=True)
class PriorApplication:
    """An earlier entry that a new one may duplicate, resemble or steal from."""

    entry_id: str
    applicant: Applicant
    property: PropertyProfile
    documents: tuple[UploadedDocument, ...]
    rejected: bool


def choose_scenario(rng: random.Random, *, have_prior: bool, entries_left: int) -> Scenario:
    """The next folder's story; only NEW until there is an earlier application to refer to."""
    scenario = rng.choices(_SCENARIOS, cum_weights=_CUMULATIVE_WEIGHTS)[0] if have_prior else Scenario.NEW
    if scenario is Scenario.DUPLICATE and entries_left < 2:
        return Scenario.NEW
    return scenario


def match_percentage(rng: random.Random, scenario: Scenario) -> int:
    low, high = _BANDS[scenario]
    return rng.randint(low, high)


class RecentApplications:
    """The last :data:`RING_SIZE` applications; resubmissions prefer rejected ones."""

    def __init__(self) -> None:
        self._ring: deque[PriorApplication] = deque(maxlen=RING_SIZE)

    def __bool__(self) -> bool:
        return bool(self._ring)

    def remember(self, application: PriorApplication) -> None:
        self._ring.append(application)

    def pick(self, rng: random.Random, *, prefer_rejected: bool = False) -> PriorApplication:
        chosen = self._ring[rng.randrange(len(self._ring))]
        if prefer_rejected and not chosen.rejected:
            second = self._ring[rng.randrange(len(self._ring))]
            return second if second.rejected else chosen
        return chosen
