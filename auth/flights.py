"""One running task per key, shared by every caller that asks while it runs: a credential
load per digest (auth/cache.py), a rate-limit lease per key (auth/metering.py).

A task leaves the table inside itself, before it completes, so a caller never finds a
finished one there and awaits it in a loop (awaiting a done future never yields: the
loop would spin)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Flights(Generic[T]):
    def __init__(self) -> None:
        self._running: dict[str, asyncio.Future[T]] = {}

    def join(self, key: str, start: Callable[[], Awaitable[T]]) -> Awaitable[T]:
        """The running task of `key`, started with `start()` when there is none. Shielded:
        a caller that goes away does not cancel it for the others."""
        task = self._running.get(key)
        if task is None or task.done():
            task = asyncio.ensure_future(self._run(key, start))
            self._running[key] = task
        return asyncio.shield(task)

    async def _run(self, key: str, start: Callable[[], Awaitable[T]]) -> T:
        try:
            return await start()
        finally:
            if self._running.get(key) is asyncio.current_task():
                del self._running[key]

    def clear(self) -> None:
        """The next caller starts afresh (the running tasks still answer their callers)."""
        self._running.clear()
