"""Where RQ jobs run their async work.

By default each job gets a fresh event loop and its own Tortoise context (what
RQ's forking worker needs). `python server.py worker` instead installs a
persistent runtime: one event loop in a thread, one Tortoise context and its
connection pool, reused by every job of its non-forking worker. Opening a
database connection per e-mail capped delivery at about 15 messages a second.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise.context import TortoiseContext

from settings import Settings

T = TypeVar("T")


class PersistentRuntime:
    def __init__(self, settings: Settings) -> None:
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="jobs-loop", daemon=True).start()
        self._context = TortoiseContext()
        self.run(lambda: self._context.init(config=settings.tortoise_config()))

    def _submit(self, work: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await work

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result()

    def run(self, work: Callable[[], Awaitable[T]]) -> T:
        async def in_context() -> T:
            with self._context:
                return await work()

        return self._submit(in_context())

    def close(self) -> None:
        self.run(self._context.close_connections)
        self._loop.call_soon_threadsafe(self._loop.stop)


_installed: PersistentRuntime | None = None


def install(runtime: PersistentRuntime | None) -> None:
    global _installed
    _installed = runtime


def run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run a job's async work on the installed runtime, or on a fresh loop of its own."""
    if _installed is not None:
        return _installed.run(work)

    async def fresh() -> T:
        async with TortoiseContext() as context:
            await context.init(config=settings.tortoise_config())
            return await work()

    return asyncio.run(fresh())
