"""Heartbeats of the worker's background loops, in Redis, for /readyz and operators.

One hash per deployment (`<namespace>:heartbeat`): a field per loop, the Unix time of
its last good pass. Every worker of the deployment writes it, so the freshest beat of
any worker counts; a loop none of them has completed for STALE_AFTER seconds is stale.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol

# ticker: enqueues the periodic tick; scheduler: moves due scheduled jobs (retries,
# rotations) to the queue; tick: the periodic tick itself (due rotations, expiry
# notices, the outbox sweeper).
LOOPS = ("ticker", "scheduler", "tick")
STALE_AFTER = 90.0
KEEP_SECONDS = 7 * 86400


def key(namespace: str) -> str:
    return f"{namespace}:heartbeat"


class _SyncRedis(Protocol):
    def hset(self, name: str, key: str, value: float) -> Any: ...

    def expire(self, name: str, time: int) -> Any: ...


class _AsyncRedis(Protocol):
    def hgetall(self, name: str) -> Awaitable[Any]: ...


def beat(connection: _SyncRedis, namespace: str, loop: str, now: float | None = None) -> None:
    connection.hset(key(namespace), loop, now or time.time())
    connection.expire(key(namespace), KEEP_SECONDS)


def stale(beats: Mapping[Any, Any], now: float | None = None) -> list[str]:
    """The loops whose last beat is missing or older than STALE_AFTER."""
    now = now or time.time()
    decoded = {_text(k): float(v) for k, v in beats.items()}
    return [loop for loop in LOOPS if now - decoded.get(loop, 0.0) > STALE_AFTER]


async def stale_loops(redis: _AsyncRedis, namespace: str) -> list[str]:
    return stale(await redis.hgetall(key(namespace)))


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value
