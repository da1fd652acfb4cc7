"""Who runs jobs: RQ on Redis when REDIS_URL is set, the in-process runner otherwise.

The app owns its dispatcher (resolvers/services.py); the unit of work hands it the
outbox rows and scheduled rotations of a use case after commit. Until the app starts
its runner (tests, scripts), rows simply wait in the outbox, where the sweeper finds
them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Dispatcher(Protocol):
    async def notifications(self, ids: list[str]) -> None: ...

    async def rotation(self, key_id: str, at: datetime) -> None: ...

    async def webhooks(self, ids: list[str]) -> None: ...


class OutboxOnly:
    """Leaves the rows pending for a sweeper; schedules nothing (the periodic tick
    completes due rotations)."""

    async def notifications(self, ids: list[str]) -> None:
        return None

    async def rotation(self, key_id: str, at: datetime) -> None:
        return None

    async def webhooks(self, ids: list[str]) -> None:
        return None
