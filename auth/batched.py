"""What a process counts in memory and writes in batches (lastUsedAt, credits spent,
activity): flushed every few seconds until cancelled, then once more; a failed flush
keeps its counts for the next one and is logged without detail."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger("apikeys.batched")


class Batched:
    """A base for recorders with an `async flush()`: `run()` is their background task."""

    flush_every: float = 30.0
    flush_name: str = "batch"

    async def flush(self) -> object:
        raise NotImplementedError

    async def run(self, every: float | None = None) -> None:
        """Flush periodically until cancelled, then once more."""
        try:
            while True:
                await asyncio.sleep(self.flush_every if every is None else every)
                await self.flush_logged()
        finally:
            await self.closing()
            await self.flush_logged()

    async def flush_logged(self) -> None:
        try:
            flushed = await self.flush()
        except Exception as error:  # noqa: BLE001 - kept in memory for the next flush
            self.flush_failed()
            log.warning("%s flush failed: %s", self.flush_name, type(error).__name__)
            return
        self.flushed(flushed)

    async def closing(self) -> None:
        """A hook: what to settle before the last flush."""

    def flush_failed(self) -> None:
        """A hook: a failed flush (its counts are kept)."""

    def flushed(self, flushed: object) -> None:
        """A hook: what a flush wrote."""
