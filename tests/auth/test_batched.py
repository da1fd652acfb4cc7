"""The flush loop that lastUsedAt, credits and activity share."""

from __future__ import annotations

import asyncio
import logging

import pytest

from auth.batched import Batched


class Counting(Batched):
    flush_name = "counting"

    def __init__(self, fail_first: int = 0) -> None:
        self.calls, self.fail_first = 0, fail_first
        self.reported: list[object] = []

    async def flush(self) -> int:
        self.calls += 1
        if self.calls <= self.fail_first:
            raise ConnectionError("the database is away: secret detail")
        return self.calls

    def flushed(self, flushed: object) -> None:
        self.reported.append(flushed)


async def test_a_failed_flush_is_logged_without_detail_and_the_loop_goes_on(caplog):
    recorder = Counting(fail_first=2)
    caplog.set_level(logging.WARNING, "apikeys.batched")
    task = asyncio.create_task(recorder.run(every=0.01))
    while recorder.calls < 4:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert recorder.reported[:2] == [3, 4]
    failures = [r.getMessage() for r in caplog.records]
    assert failures[:2] == ["counting flush failed: ConnectionError"] * 2
    assert not any("secret detail" in message for message in failures)


async def test_cancelling_the_loop_flushes_once_more():
    recorder = Counting()
    task = asyncio.create_task(recorder.run(every=3600))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert recorder.reported == [1]
