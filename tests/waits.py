"""Waiting for something to happen: poll a condition until it holds, never sleep a guess."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable


async def wait_until(
    condition: Callable[[], bool | Awaitable[bool]],
    *,
    timeout: float = 20.0,
    every: float = 0.05,
    what: str = "the condition",
) -> None:
    """Return once `condition()` (a function or a coroutine function) is true; fail the test
    with `what` when it is still false after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        held = condition()
        if inspect.isawaitable(held):
            held = await held
        if held:
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout} s for {what}, in vain")
        await asyncio.sleep(every)
