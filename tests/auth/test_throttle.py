"""The attempt counter itself: reservations, settling, waiting, and Redis going away."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from auth.throttle import FailureThrottle, Limited
from tests import services

ADDRESS = "198.51.100.1"


async def test_failures_fill_the_window_and_successes_give_back():
    throttle = FailureThrottle(address_limit=2)
    subject = throttle.address(ADDRESS)
    for _ in range(5):
        await throttle.settle(await throttle.reserve(subject), failed=False)
    await throttle.failed(subject)
    await throttle.failed(subject)
    with pytest.raises(Limited) as refused:
        await throttle.reserve(subject)
    assert 0 < refused.value.retry_after <= 60
    assert await throttle.reserve(throttle.address("198.51.100.2")), "another address is apart"


async def test_all_subjects_or_none():
    throttle = FailureThrottle(address_limit=5, account_limit=1)
    address, account = throttle.address(ADDRESS), throttle.account("a@example.test")
    await throttle.failed(account)
    for _ in range(5):
        with pytest.raises(Limited):
            await throttle.reserve(address, account)
    assert len(await throttle.reserve(address)) == 1, "refused attempts took no address slot"


async def test_an_attempt_counts_only_when_it_fails():
    throttle = FailureThrottle(address_limit=1)
    subject = throttle.address(ADDRESS)
    async with throttle.attempt(subject, failure=PermissionError):
        pass  # a success gives the slot back
    with pytest.raises(RuntimeError):
        async with throttle.attempt(subject, failure=PermissionError):
            raise RuntimeError("the database went away")  # no guess: given back too
    with pytest.raises(PermissionError):
        async with throttle.attempt(subject, failure=PermissionError):
            raise PermissionError  # a failure counts
    with pytest.raises(Limited):
        async with throttle.attempt(subject, failure=PermissionError):
            pytest.fail("a full window runs no check")


async def test_checks_in_flight_make_the_next_one_wait_for_their_outcome():
    throttle = FailureThrottle(address_limit=1)
    subject = throttle.address(ADDRESS)
    in_flight = await throttle.reserve(subject)
    waiting = asyncio.create_task(throttle.reserve(subject))
    await asyncio.sleep(0.05)
    assert not waiting.done(), "the window is full of a check in flight"
    await throttle.settle(in_flight, failed=False)
    second = await asyncio.wait_for(waiting, 1)
    waiting = asyncio.create_task(throttle.reserve(subject))
    await throttle.settle(second, failed=True)
    with pytest.raises(Limited):
        await asyncio.wait_for(waiting, 1)


async def test_a_wait_has_an_end():
    throttle = FailureThrottle(address_limit=1, max_wait=0.1)
    subject = throttle.address(ADDRESS)
    await throttle.reserve(subject)
    with pytest.raises(Limited) as refused:
        await throttle.reserve(subject)
    assert refused.value.retry_after == 1


async def test_without_redis_the_count_goes_on_in_process():
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    throttle = FailureThrottle(unreachable, address_limit=2)
    subject = throttle.address(ADDRESS)
    try:
        await throttle.failed(subject)
        await throttle.failed(subject)
        with pytest.raises(Limited):
            await throttle.reserve(subject)
    finally:
        await unreachable.aclose()


async def test_the_count_is_shared_by_every_process_on_redis():
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    redis = Redis.from_url(services.REDIS_URL)
    one, other = (FailureThrottle(redis, namespace="t", address_limit=3) for _ in range(2))
    try:
        await one.failed(one.address(ADDRESS))
        await other.failed(other.address(ADDRESS))
        async with one.attempt(one.address(ADDRESS), failure=PermissionError):
            pass
        await other.failed(other.address(ADDRESS))
        with pytest.raises(Limited):
            await one.reserve(one.address(ADDRESS))
    finally:
        await services.flush_redis()
        await redis.aclose()
