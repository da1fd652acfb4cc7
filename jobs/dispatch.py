"""After commit: hand outbox rows and scheduled rotations to whoever runs jobs.

`current` is set by the server's lifespan: RQ on Redis when REDIS_URL is set,
the in-process runner otherwise. Until then (tests, scripts) rows simply wait
in the outbox, where the sweeper finds them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Dispatcher(Protocol):
    async def notifications(self, ids: list[str]) -> None: ...

    async def rotation(self, key_id: str, at: datetime) -> None: ...


class OutboxOnly:
    """Leaves the rows pending for a sweeper; schedules nothing (the periodic tick
    completes due rotations)."""

    async def notifications(self, ids: list[str]) -> None:
        return None

    async def rotation(self, key_id: str, at: datetime) -> None:
        return None


current: Dispatcher = OutboxOnly()


async def after_commit(ids: list[str]) -> None:
    if ids:
        await current.notifications(ids)


async def rotation_due(key_id: str, at: datetime) -> None:
    await current.rotation(key_id, at)
