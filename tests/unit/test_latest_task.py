"""LatestTask outside a running loop: a request Qt delivers while the window closes is dropped, not leaked."""

from __future__ import annotations

import asyncio
import gc
import warnings

from ui.latest_task import LatestTask


def test_a_request_with_no_running_loop_is_closed_and_never_answered() -> None:
    answers: list[int] = []

    async def work() -> int:
        return 1

    coroutine = work()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine ... was never awaited" would fail the test
        LatestTask[int]("load").start(coroutine, answers.append)
        gc.collect()
    assert coroutine.cr_frame is None  # closed
    assert answers == []


def test_a_newer_request_replaces_the_older_one() -> None:
    answers: list[str] = []

    async def scenario() -> None:
        latest = LatestTask[str]("load")
        gate = asyncio.Event()

        async def slow() -> str:
            await gate.wait()
            return "old"

        async def fast() -> str:
            return "new"

        latest.start(slow(), answers.append)
        latest.start(fast(), answers.append)
        gate.set()
        await asyncio.sleep(0.05)

    asyncio.run(scenario())
    assert answers == ["new"]
