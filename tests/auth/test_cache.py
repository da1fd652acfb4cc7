"""The credential cache's loads: one per digest for the requests missing it together, and
none kept once an eviction has overtaken it."""

from __future__ import annotations

import asyncio
import time

import pytest

from auth.cache import CachedKey, CredentialCache


def _entry(api_key_id: str = "k1") -> CachedKey:
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


class _Loads:
    """A load that waits until released, counting its calls."""

    def __init__(self, outcome: CachedKey | Exception) -> None:
        self.calls, self.release, self._outcome = 0, asyncio.Event(), outcome

    async def __call__(self) -> CachedKey:
        self.calls += 1
        await self.release.wait()
        if isinstance(self._outcome, Exception):
            raise self._outcome
        return self._outcome


async def test_requests_missing_one_digest_together_share_one_load():
    cache, loads = CredentialCache(), _Loads(_entry())
    waiting = [asyncio.create_task(cache.get_or_load("d", loads)) for _ in range(10)]
    await asyncio.sleep(0.01)
    loads.release.set()
    assert {id(entry) for entry in await asyncio.gather(*waiting)} == {id(loads._outcome)}
    assert loads.calls == 1 and cache.get("d") is loads._outcome


async def test_a_load_overtaken_by_an_eviction_answers_its_waiters_and_is_not_kept():
    cache, loads = CredentialCache(), _Loads(_entry("k1"))
    early = asyncio.create_task(cache.get_or_load("d", loads))
    await asyncio.sleep(0.01)
    cache.evict("key", "k1")
    late = asyncio.create_task(cache.get_or_load("d", loads))  # after the eviction: afresh
    await asyncio.sleep(0.01)
    loads.release.set()
    await asyncio.gather(early, late)
    assert loads.calls == 2
    assert cache.get("d") is not None, "the load that began after the eviction is kept"


async def test_a_failed_load_reaches_every_waiter_and_the_next_miss_loads_again():
    cache, loads = CredentialCache(), _Loads(PermissionError("unknown key"))
    waiting = [asyncio.create_task(cache.get_or_load("d", loads)) for _ in range(3)]
    await asyncio.sleep(0.01)
    loads.release.set()
    for outcome in await asyncio.gather(*waiting, return_exceptions=True):
        assert isinstance(outcome, PermissionError)
    with pytest.raises(PermissionError):
        await cache.get_or_load("d", loads)
    assert loads.calls == 2 and cache.get("d") is None


async def test_a_caller_going_away_does_not_cancel_the_load_of_the_others():
    cache, loads = CredentialCache(), _Loads(_entry())
    first = asyncio.create_task(cache.get_or_load("d", loads))
    second = asyncio.create_task(cache.get_or_load("d", loads))
    await asyncio.sleep(0.01)
    first.cancel()
    loads.release.set()
    assert await second is loads._outcome and loads.calls == 1
