"""Items handed over together, off the request path: what a request leaves to be reported
(its metrics, its access line) is added to a Batch, and the batch's `drain` gets them all
at the end of the event loop's turn, or `every` seconds after the first of them.

With no event loop running (a job's synchronous code), each item is drained at once.
flush() drains what is pending now: at a scrape, at the app's stop, at logging.shutdown().
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Batch(Generic[T]):
    def __init__(self, drain: Callable[[list[T]], None], every: float = 0.0) -> None:
        self._drain, self._every = drain, every
        self._pending: list[T] = []
        self._due_on: asyncio.AbstractEventLoop | None = None  # the loop that will drain

    def add(self, item: T) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._drain([item])
            return
        if self._due_on is not loop:  # none due yet, or due on a loop that has ended
            self._due_on = loop
            if self._every:
                loop.call_later(self._every, self.flush)
            else:
                loop.call_soon(self.flush)
        self._pending.append(item)

    def flush(self) -> None:
        items, self._pending, self._due_on = self._pending, [], None
        if items:
            self._drain(items)
