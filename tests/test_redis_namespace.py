"""Two deployments on one Redis (told apart by their pepper) never touch each other's
caches, jobs or ticks; the processes of one deployment share them."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis
from rq import Queue

from auth.cache import CachedKey, CredentialCache
from auth.invalidation import RedisInvalidation
from jobs.rq_dispatch import RQDispatcher, queue_name
from jobs.worker import enqueue_tick
from settings import Settings
from tests import services
from tests.conftest import make_settings
from tests.waits import wait_until


def _deployment(pepper: str) -> Settings:
    return make_settings(
        "sqlite://:memory:", pepper=pepper.encode() * 4, redis_url=services.REDIS_URL
    )


FIRST, SECOND = _deployment("first-deployment"), _deployment("second-deployment")


def _cached(api_key_id: str) -> CachedKey:
    return CachedKey(
        api_key_id=api_key_id,
        organization_id="org",
        full_access=True,
        grants=frozenset(),
        allowed_networks=(),
        key_expires_at=None,
        secret_expires_at=None,
        filled_at=time.monotonic(),
    )


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    client = Redis.from_url(services.REDIS_URL)
    yield client
    await client.aclose()
    await services.flush_redis()


class _Process:
    """One process of a deployment: its own cache, subscribed to its invalidations."""

    def __init__(self, redis: Redis, settings: Settings) -> None:
        self.cache = CredentialCache()
        self.invalidation = RedisInvalidation(redis, self.cache, settings.redis_namespace)
        self.cache.on_evict = self.invalidation.publish
        self._listening: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._listening = asyncio.create_task(self.invalidation.listen())
        await asyncio.wait_for(self.invalidation.subscribed.wait(), 5)
        self.cache.put("digest-of-k1", _cached("k1"))

    async def stop(self) -> None:
        self.invalidation.stop()
        if self._listening is not None:
            await asyncio.wait_for(self._listening, 5)

    async def evicted(self, digest: str) -> None:
        await wait_until(
            lambda: self.cache.get(digest) is None, timeout=5, what=f"{digest} evicted"
        )


async def test_an_eviction_reaches_its_own_deployment_only(redis):
    publisher, peer, other = (_Process(redis, s) for s in (FIRST, FIRST, SECOND))
    other_publisher = _Process(redis, SECOND)
    for process in (peer, other):
        await process.start()
    try:
        publisher.cache.evict("key", "k1")
        await publisher.invalidation.flush()
        await peer.evicted("digest-of-k1")
        # Published after the first message: once it is in, the first one had its chance.
        other.cache.put("digest-of-k2", _cached("k2"))
        other_publisher.cache.evict("key", "k2")
        await other_publisher.invalidation.flush()
        await other.evicted("digest-of-k2")
        assert other.cache.get("digest-of-k1") is not None, "evicted by another deployment"
    finally:
        for process in (peer, other):
            await process.stop()


@pytest.fixture
def sync_redis(redis: Redis) -> Iterator[SyncRedis]:
    client = SyncRedis.from_url(services.REDIS_URL)
    yield client
    client.close()


async def test_a_deployment_takes_only_its_own_jobs_and_ticks(sync_redis):
    RQDispatcher.of(FIRST).enqueue_notifications(["n1"])
    first, second = (Queue(queue_name(s), connection=sync_redis) for s in (FIRST, SECOND))
    assert (first.count, second.count) == (1, 0)
    same_minute = time.time()
    assert enqueue_tick(sync_redis, first, FIRST.redis_namespace, same_minute)
    assert not enqueue_tick(sync_redis, first, FIRST.redis_namespace, same_minute), "once"
    assert enqueue_tick(sync_redis, second, SECOND.redis_namespace, same_minute)
    assert (first.count, second.count) == (2, 1)


def test_one_deployment_shares_its_queue_whatever_else_differs():
    moved = dataclasses.replace(FIRST, redis_url="redis://elsewhere:6379/2")
    assert queue_name(moved) == queue_name(FIRST) != queue_name(SECOND)
