"""One running task per key, shared (auth/flights.py)."""

from __future__ import annotations

import asyncio

import pytest

from auth.flights import Flights


async def test_callers_share_one_task_and_a_finished_one_is_never_found_again():
    flights: Flights[int] = Flights()
    started: list[int] = []
    gate = asyncio.Event()

    async def start() -> int:
        started.append(1)
        await gate.wait()
        return len(started)

    waiting = [asyncio.ensure_future(flights.join("k", start)) for _ in range(5)]
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(*waiting) == [1] * 5
    assert await flights.join("k", start) == 2, "a caller after the end starts anew"


async def test_a_caller_that_goes_away_does_not_cancel_the_others():
    flights: Flights[str] = Flights()
    gate = asyncio.Event()

    async def start() -> str:
        await gate.wait()
        return "done"

    leaving = asyncio.ensure_future(flights.join("k", start))
    staying = asyncio.ensure_future(flights.join("k", start))
    await asyncio.sleep(0)
    leaving.cancel()
    gate.set()
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert await staying == "done"


async def test_after_clear_the_next_caller_starts_afresh():
    flights: Flights[int] = Flights()
    gate = asyncio.Event()
    runs: list[int] = []

    async def start() -> int:
        runs.append(1)
        await gate.wait()
        return len(runs)

    first = asyncio.ensure_future(flights.join("k", start))
    await asyncio.sleep(0)
    flights.clear()
    second = asyncio.ensure_future(flights.join("k", start))
    await asyncio.sleep(0)
    gate.set()
    assert sorted(await asyncio.gather(first, second)) == [2, 2]
    assert len(runs) == 2
