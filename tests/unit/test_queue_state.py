"""The queue's Qt-free state: paging, the id index, and how changes and refreshes land as edits."""

from __future__ import annotations

import dataclasses
import datetime
import random
import uuid

from services.queue_rows import QueueCursor, QueuePage, QueueRow
from ui.queue_state import Edit, Insertion, QueueState, Removal, Replacement

BASE = datetime.datetime(2025, 1, 1, 9, 0)


def row(n: int, *, minute: int | None = None, status: str = "UNASSIGNED") -> QueueRow:
    """Entry ``n``, submitted at minute ``minute`` (default ``n``): ids and order are independent."""
    return QueueRow(
        entry_id=uuid.UUID(int=n),
        short_id=f"E-{n}",
        applicant_name=f"Applicant {n}",
        property_name="Maple Court",
        submitted_at=BASE + datetime.timedelta(minutes=n if minute is None else minute),
        review_status=status,
        suggested_ruling="NOT_RUN",
    )


def page(rows: list[QueueRow], *, last: bool) -> QueuePage:
    return QueuePage(rows=tuple(rows), next_cursor=None if last else QueueCursor.after_row(rows[-1]))


def loaded(*numbers: int, last: bool = False) -> QueueState:
    state = QueueState()
    rows = [row(n) for n in numbers]
    state.append(rows, None if last else QueueCursor.after_row(rows[-1]))
    return state


def applied(state: QueueState, edits: list[Edit]) -> list[str | None]:
    for edit in edits:
        state.apply(edit)
    return [shown.short_id for shown in state.rows]


def ids(*numbers: int) -> set[uuid.UUID]:
    return {uuid.UUID(int=n) for n in numbers}


def test_pages_append_in_order_and_the_index_finds_every_row() -> None:
    state = QueueState()
    assert not state.within_window(row(0))  # nothing loaded yet: not even the first row is "inside"
    state.append(page([row(1), row(2)], last=False).rows, QueueCursor.after_row(row(2)))
    repeated = page([row(2), row(3)], last=True)  # a change inserted row 2 while this page was on its way

    new = state.new_rows_of(repeated)
    state.append(new, repeated.next_cursor)

    assert new == [row(3)]
    assert [shown.short_id for shown in state.rows] == ["E-1", "E-2", "E-3"]
    assert [state.position_of(entry_id) for entry_id in sorted(ids(1, 2, 3))] == [0, 1, 2]
    assert state.position_of(uuid.UUID(int=99)) is None
    assert state.exhausted


def test_a_status_change_repaints_the_row_in_place() -> None:
    state = loaded(1, 2, 3)
    claimed = row(2, status="ASSIGNED")

    edits = state.plan(ids(2), [claimed])

    assert edits == [Replacement(1, claimed)]
    assert applied(state, edits) == ["E-1", "E-2", "E-3"]
    assert state.rows[1].review_status == "ASSIGNED"


def test_an_unchanged_row_yields_no_edit() -> None:
    state = loaded(1, 2, 3)
    assert state.plan(ids(2), [row(2)]) == []


def test_a_row_that_left_the_queue_is_removed() -> None:
    state = loaded(1, 2, 3)
    edits = state.plan(ids(2), [])  # ruled, or no longer visible to this person
    assert edits == [Removal(1)]
    assert applied(state, edits) == ["E-1", "E-3"]
    assert state.position_of(uuid.UUID(int=3)) == 1


def test_a_new_row_inside_the_window_is_inserted_at_its_place() -> None:
    state = loaded(10, 20, 30)
    arrived = row(15)
    edits = state.plan(ids(15), [arrived])
    assert edits == [Insertion(1, arrived)]
    assert applied(state, edits) == ["E-10", "E-15", "E-20", "E-30"]


def test_a_new_row_beyond_the_window_waits_for_its_page_unless_all_pages_are_in() -> None:
    paging = loaded(10, 20, 30)
    assert paging.plan(ids(40), [row(40)]) == []  # inserting it would hide the rows between 30 and 40

    complete = loaded(10, 20, 30, last=True)
    assert applied(complete, complete.plan(ids(40), [row(40)])) == ["E-10", "E-20", "E-30", "E-40"]


def test_a_row_that_moved_is_removed_and_inserted_where_it_now_belongs() -> None:
    state = loaded(10, 20, 30)
    resubmitted = row(10, minute=25)
    edits = state.plan(ids(10), [resubmitted])
    assert edits == [Removal(0), Insertion(1, resubmitted)]
    assert applied(state, edits) == ["E-20", "E-10", "E-30"]

    beyond = loaded(10, 20, 30)
    assert applied(beyond, beyond.plan(ids(10), [row(10, minute=45)])) == ["E-20", "E-30"]


def test_rows_of_ids_not_asked_about_are_ignored() -> None:
    state = loaded(1, 2, 3)
    assert state.plan(ids(2), [row(2), dataclasses.replace(row(1), short_id="forged")]) == []


def test_a_burst_of_changes_lands_in_one_plan() -> None:
    state = loaded(10, 20, 30, 40)
    fresh = [row(20, status="IN_REVIEW"), row(25), row(10, minute=35)]  # 40 left, 10 moved, 25 arrived
    edits = state.plan(ids(10, 20, 25, 40), fresh)
    assert applied(state, edits) == ["E-20", "E-25", "E-30", "E-10"]
    assert state.rows[0].review_status == "IN_REVIEW"


def test_reload_keeps_unchanged_rows_untouched() -> None:
    """What keeps the selection and the scroll: a refresh that finds nothing new edits nothing."""
    state = loaded(1, 2, 3, 4)
    assert state.plan_reload(page([row(1), row(2), row(3), row(4)], last=False)) == []

    edits = state.plan_reload(page([row(1), row(3), row(4), row(5)], last=True))
    assert edits == [Removal(1), Insertion(3, row(5))]
    assert applied(state, edits) == ["E-1", "E-3", "E-4", "E-5"]
    assert state.exhausted


def test_plans_always_reach_the_queue_as_it_now_is() -> None:
    """Random queues, random changes: applying the edits gives exactly the independently computed window."""
    rng = random.Random(6)
    for _ in range(300):
        universe = {n: row(n, minute=rng.randrange(40)) for n in range(30)}
        shown = sorted(rng.sample(sorted(universe), rng.randrange(1, 20)), key=lambda n: universe[n].sort_key)
        state = QueueState()
        last = rng.random() < 0.3
        cursor = QueueCursor.after_row(universe[shown[-1]])
        state.append([universe[n] for n in shown], None if last else cursor)

        changed = set(rng.sample(sorted(universe), rng.randrange(0, 12)))
        fresh = [row(n, minute=rng.randrange(40)) for n in changed if rng.random() < 0.7]
        now = {n: r for n, r in universe.items() if n in shown and n not in changed}
        now.update({r.entry_id.int: r for r in fresh})
        expected = sorted((r for r in now.values() if last or r.sort_key <= cursor.sort_key), key=lambda r: r.sort_key)

        edits = state.plan({uuid.UUID(int=n) for n in changed}, fresh)
        applied(state, edits)
        assert list(state.rows) == expected
        assert all(state.position_of(r.entry_id) == position for position, r in enumerate(expected))

        reread = sorted(rng.sample(list(universe.values()), rng.randrange(1, 25)), key=lambda r: r.sort_key)
        applied(state, state.plan_reload(page(reread, last=rng.random() < 0.5)))
        assert list(state.rows) == reread


def test_clear_starts_over() -> None:
    state = loaded(1, 2, last=True)
    state.clear()
    assert len(state) == 0
    assert state.next_cursor is None
    assert not state.exhausted
    assert state.position_of(uuid.UUID(int=1)) is None


def test_a_descending_queue_places_changes_newest_first_and_keeps_its_window() -> None:
    state = QueueState(descending=True)
    shown = [row(n) for n in (9, 7, 5)]  # newest first; the next page starts after minute 5
    state.append(shown, QueueCursor.after_row(shown[-1]))

    edits = state.plan(ids(8, 6, 3), [row(8), row(6), row(3)])

    # 8 and 6 fall inside the window at their places; 3 is beyond it (the next page brings it).
    assert applied(state, edits) == ["E-9", "E-8", "E-7", "E-6", "E-5"]
    assert state.within_window(row(5)) and not state.within_window(row(4))
