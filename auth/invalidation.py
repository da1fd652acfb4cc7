"""Cache invalidation across processes: Redis pub/sub on one channel per deployment.

A process that changes a key publishes `key:<id>` or `organization:<id>`;
every process evicts it. When the subscription breaks, messages may be lost,
so the whole cache is dropped and the subscription restarts.
"""

from __future__ import annotations

import asyncio
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from auth.cache import CredentialCache, Scope

log = logging.getLogger("apikeys.invalidation")


class RedisInvalidation:
    def __init__(self, redis: Redis, cache: CredentialCache, namespace: str) -> None:
        self._redis, self._cache = redis, cache
        # Under the deployment's namespace (Settings.redis_namespace): two deployments
        # sharing one Redis never evict each other's caches.
        self.channel = f"{namespace}:invalidate"
        self._sending: set[asyncio.Task[None]] = set()
        self._stopped = False
        self.subscribed = asyncio.Event()

    def publish(self, scope: Scope, ident: str) -> None:
        task = asyncio.get_running_loop().create_task(self._publish(f"{scope}:{ident}"))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _publish(self, message: str) -> None:
        try:
            await self._redis.publish(self.channel, message)
        except (RedisError, OSError) as error:
            log.warning("invalidation not published (%s); caches expire it", type(error).__name__)

    async def flush(self) -> None:
        """Wait for the messages being sent."""
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    def stop(self) -> None:
        """Ends `listen` even if a cancellation is swallowed inside the Redis client."""
        self._stopped = True

    async def listen(self) -> None:
        while not self._stopped:
            try:
                await self._listen_once()
            except (RedisError, OSError) as error:
                if self._stopped:
                    return
                log.warning("invalidation channel lost (%s); retrying", type(error).__name__)
            self.subscribed.clear()
            self._cache.clear()
            await asyncio.sleep(1)

    async def _listen_once(self) -> None:
        async with self._redis.pubsub() as pubsub:
            await pubsub.subscribe(self.channel)
            self._cache.clear()  # anything published before this moment is unknown
            self.subscribed.set()
            while not self._stopped:  # polled, so stopping never depends on a cancellation
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is not None:
                    self._evict(message["data"])

    def _evict(self, data: bytes) -> None:
        scope, _, ident = data.decode().partition(":")
        if scope in ("key", "organization"):
            self._cache.evict_local(scope, ident)  # type: ignore[arg-type]
