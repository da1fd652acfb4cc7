"""telemetry/batch.py: what is added while a loop runs is drained together, once."""

from __future__ import annotations

import asyncio

from telemetry.batch import Batch


async def test_items_of_a_turn_are_drained_together_at_its_end():
    drained: list[list[int]] = []
    batch: Batch[int] = Batch(drained.append)
    batch.add(1)
    batch.add(2)
    assert drained == []
    await asyncio.sleep(0)
    batch.add(3)
    await asyncio.sleep(0)
    assert drained == [[1, 2], [3]]


async def test_with_every_items_wait_that_long_unless_flushed():
    drained: list[list[int]] = []
    batch: Batch[int] = Batch(drained.append, every=0.2)
    batch.add(1)
    await asyncio.sleep(0)
    batch.add(2)
    await asyncio.sleep(0.05)
    assert drained == []
    await asyncio.sleep(0.3)
    batch.add(3)
    batch.flush()
    batch.flush()  # nothing pending: nothing drained
    await asyncio.sleep(0.3)  # the timer of item 3 finds nothing left
    assert drained == [[1, 2], [3]]


def test_without_a_running_loop_an_item_is_drained_at_once():
    drained: list[list[int]] = []
    batch: Batch[int] = Batch(drained.append, every=10)
    batch.add(1)
    assert drained == [[1]]


def test_items_left_by_a_loop_that_ended_go_with_the_next_loops():
    drained: list[list[int]] = []
    batch: Batch[int] = Batch(drained.append, every=0.05)

    async def add(item: int, wait: float) -> None:
        batch.add(item)
        await asyncio.sleep(wait)

    asyncio.run(add(1, 0))  # the loop ends before its timer
    assert drained == []
    asyncio.run(add(2, 0.2))
    assert drained == [[1, 2]]
