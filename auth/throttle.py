"""Failed authentications counted per client address over a sliding minute
(the current window plus the previous one, weighted by how much of it still
falls inside the last 60 s).

On Redis when it is set (shared by every process), in process otherwise. A
Redis failure falls back to the in-process count rather than failing requests.
"""

from __future__ import annotations

import logging
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

FAILURE_LIMIT = 20
WINDOW_SECONDS = 60
log = logging.getLogger("apikeys.throttle")


class FailureThrottle:
    def __init__(
        self, redis: Redis | None = None, limit: int = FAILURE_LIMIT, window: int = WINDOW_SECONDS
    ) -> None:
        self._redis, self._limit, self._window = redis, limit, window
        self._local: dict[tuple[str, int], int] = {}

    def _slot(self) -> tuple[int, float]:
        now = time.time()
        return int(now // self._window), (now % self._window) / self._window

    async def retry_after(self, address: str | None) -> int | None:
        """Seconds to wait when this address is over the limit; None otherwise."""
        if address is None:
            return None
        window, elapsed = self._slot()
        current, previous = await self._counts(address, window)
        if current + previous * (1 - elapsed) < self._limit:
            return None
        return max(1, round(self._window * (1 - elapsed)))

    async def failed(self, address: str | None) -> None:
        if address is None:
            return
        window, _ = self._slot()
        if self._redis is not None:
            try:
                key = f"apikeys:authfail:{address}:{window}"
                async with self._redis.pipeline(transaction=False) as pipe:
                    pipe.incr(key)
                    pipe.expire(key, self._window * 2)
                    await pipe.execute()
                return
            except (RedisError, OSError) as error:
                log.warning("failure count on Redis failed (%s)", type(error).__name__)
        self._local = {k: v for k, v in self._local.items() if k[1] >= window - 1}
        self._local[(address, window)] = self._local.get((address, window), 0) + 1

    async def _counts(self, address: str, window: int) -> tuple[int, int]:
        """Failures in this window and the previous one (one Redis round trip)."""
        local = (self._local.get((address, window), 0), self._local.get((address, window - 1), 0))
        if self._redis is None:
            return local
        try:
            stored = await self._redis.mget(
                f"apikeys:authfail:{address}:{window}", f"apikeys:authfail:{address}:{window - 1}"
            )
        except (RedisError, OSError):
            return local
        return local[0] + int(stored[0] or 0), local[1] + int(stored[1] or 0)
