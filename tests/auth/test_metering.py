"""The meter itself: leases shared across processes on Redis, credits spent exactly once,
written to the database, and the in-process fallback when Redis is away."""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from redis.asyncio import Redis

from auth.activity import KeyOutcome
from auth.limits import KeyLimits, next_refill
from auth.metering import MAX_LEASE, Meter, Refused, lease_size, next_lease
from models import ApiKey
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.api_keys.limits import Credits
from tests import services as backing


@pytest.fixture
async def redis():
    backing.require_service("Redis", "127.0.0.1", 6379)
    await backing.flush_redis()
    client = Redis.from_url(backing.REDIS_URL)
    try:
        yield client
    finally:
        await backing.flush_redis()
        await client.aclose()


async def _let_through(meter: Meter, key_id: str, limits: KeyLimits, count: int) -> int:
    async def one() -> bool:
        try:
            await meter.check(key_id, limits)
        except Refused as refused:
            assert refused.outcome is KeyOutcome.RATE_LIMITED or refused.outcome is (
                KeyOutcome.USAGE_EXCEEDED
            )
            return False
        return True

    return sum(await asyncio.gather(*(one() for _ in range(count))))


async def test_two_processes_hammering_one_key_share_its_limit_exactly(redis):
    limits = KeyLimits(rate_requests=40, rate_seconds=3600)
    first, second = Meter(redis, namespace="t"), Meter(redis, namespace="t")
    assert lease_size(40) == 4
    through = await asyncio.gather(
        _let_through(first, "k", limits, 60), _let_through(second, "k", limits, 60)
    )
    # Leases are counted on Redis when granted, and none lapsed: exactly the limit.
    assert sum(through) == 40 and all(through)
    assert await _let_through(first, "other", limits, 5) == 5, "each key has its own count"


def _round_trips(monkeypatch: pytest.MonkeyPatch, meter: Meter, script: str) -> list[object]:
    """The calls of one of the meter's Redis scripts, recorded as they go to Redis."""
    calls: list[object] = []
    to_redis = getattr(meter, script)

    async def counted(**arguments: Any) -> Any:
        calls.append(arguments)
        return await to_redis(**arguments)

    monkeypatch.setattr(meter, script, counted)
    return calls


def test_a_busy_key_leases_more_at_a_time_within_its_caps():
    # Used up within half a lease period: doubled, up to the cap and MAX_LEASE.
    assert next_lease(10, 0.1, 1.0, base=10, cap=10_000) == 20
    assert next_lease(640, 0.1, 1.0, base=10, cap=10_000) == MAX_LEASE
    assert next_lease(20, 0.1, 1.0, base=10, cap=30) == 30
    # A small limit's cap is under its base: the base, as before.
    assert next_lease(4, 0.1, 1.0, base=4, cap=0) == 4
    # Within a whole lease period: the same again; later, or lapsed: back to the base.
    assert next_lease(640, 0.5, 1.0, base=10, cap=10_000) == 640
    assert next_lease(640, 1.0, 1.0, base=10, cap=10_000) == 10
    assert next_lease(640, 3.0, 1.0, base=10, cap=10_000) == 10


async def test_a_key_busy_here_takes_few_leases_and_its_headers_still_count_down(
    redis, monkeypatch
):
    # One request back every 10 s: the count hardly refills while the test runs.
    limits = KeyLimits(rate_requests=1_000_000, rate_seconds=10_000_000)
    meter = Meter(redis, namespace="t", lease=3600)  # no lease lapses, however slow the test
    asked = _round_trips(monkeypatch, meter, "_rate_script")
    remaining = []
    for _ in range(2000):
        headers = await meter.check("k", limits)
        remaining.append(int(headers["RateLimit"].split("r=")[1].split(";")[0]))
    assert len(asked) <= 8, "10, 20, 40, ... then MAX_LEASE at a time"
    assert remaining == [1_000_000 - n for n in range(1, 2001)]


async def test_credits_leased_and_unspent_go_back_at_shutdown(settings, services, org, monkeypatch):
    backing.require_service("Redis", "127.0.0.1", 6379)
    await backing.flush_redis()
    key, _ = await create_api_key(org.admin, CreateApiKey(credits=Credits(100_000)), services)
    limits = KeyLimits(credits=100_000, credits_generation=key.credits_generation)
    client = Redis.from_url(backing.REDIS_URL)
    first, second = Meter(client, namespace="t", lease=3600), Meter(client, namespace="t")
    asked = _round_trips(monkeypatch, first, "_credits_script")
    try:
        # All at once: the requests that find the lease spent wait for one to be asked.
        assert await _let_through(first, str(key.id), limits, 250) == 250
        assert len(asked) <= 8, "10, 19, 37, ... at a time, one lease asked at a time"
        assert first._credits[str(key.id)].left > 0, "leased more than it spent"
        runs = asyncio.create_task(first.run(every=3600))
        await asyncio.sleep(0)
        runs.cancel()
        await asyncio.gather(runs, return_exceptions=True)
        await key.refresh_from_db()
        assert key.credits_remaining == 100_000 - 250
        # What went back is there for the other process to spend.
        assert await _let_through(second, str(key.id), limits, 1) == 1
        counter = f"t:credits:{key.id}:{key.credits_generation}"
        assert (
            int(await client.get(counter) or 0) + second._credits[str(key.id)].left == 100_000 - 251
        )
    finally:
        await backing.flush_redis()
        await client.aclose()


async def test_a_lease_that_lapses_is_lost_not_double_spent(redis):
    limits = KeyLimits(rate_requests=40, rate_seconds=3600)
    first, second = Meter(redis, namespace="t", lease=0.05), Meter(redis, namespace="t")
    assert await _let_through(first, "k", limits, 1) == 1  # leased 4, spent 1
    await asyncio.sleep(0.1)
    assert (
        await _let_through(first, "k", limits, 100) + await _let_through(second, "k", limits, 100)
        == 40 - 4
    )


async def test_the_window_refills_at_the_limits_pace(redis):
    limits = KeyLimits(rate_requests=2, rate_seconds=1)
    meter = Meter(redis, namespace="t")
    assert await _let_through(meter, "k", limits, 5) == 2
    await asyncio.sleep(0.55)
    assert await _let_through(meter, "k", limits, 5) == 1
    with pytest.raises(Refused) as refused:
        await meter.check("k", limits)
    assert refused.value.retry_after == 1
    assert refused.value.headers == {
        "RateLimit-Policy": '"key";q=2;w=1',
        "RateLimit": '"key";r=0;t=1',
    }


async def test_without_redis_the_count_is_the_processs_own():
    limits = KeyLimits(rate_requests=3, rate_seconds=60)
    meter = Meter()
    assert await _let_through(meter, "k", limits, 10) == 3
    assert await meter.check("free", None) == {}


async def test_when_redis_is_away_the_process_counts_alone():
    away = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    meter = Meter(away, namespace="t")
    try:
        assert await _let_through(meter, "k", KeyLimits(rate_requests=3, rate_seconds=60), 6) == 3
        spent = await _let_through(meter, "c", KeyLimits(credits=2), 4)
        assert spent == 2
    finally:
        await away.aclose()


@pytest.mark.parametrize("on_redis", [False, True])
async def test_credits_are_spent_once_across_processes_and_written_on_flush(
    settings, services, org, on_redis
):
    key, _ = await create_api_key(org.admin, CreateApiKey(credits=Credits(30)), services)
    limits = KeyLimits(credits=30, credits_generation=key.credits_generation)
    if on_redis:
        backing.require_service("Redis", "127.0.0.1", 6379)
        await backing.flush_redis()
        client = Redis.from_url(backing.REDIS_URL)
        meters = [Meter(client, namespace="t"), Meter(client, namespace="t")]
    else:
        client, meters = None, [Meter()]
    try:
        through = await asyncio.gather(*(_let_through(m, str(key.id), limits, 25) for m in meters))
        assert sum(through) == 30 if on_redis else through == [25]
        for meter in meters:
            await meter.flush()
            assert meter.pending == 0
        await key.refresh_from_db()
        assert key.credits_remaining == (0 if on_redis else 5)
        # Spends of an older generation no longer count once the credits are set again.
        await ApiKey.filter(id=key.id).update(credits_remaining=7, credits_generation=99)
        meters[0]._record_spend(str(key.id), key.credits_generation, 3)
        await meters[0].flush()
        await key.refresh_from_db()
        assert key.credits_remaining == 7
    finally:
        if client is not None:
            await backing.flush_redis()
            await client.aclose()


def test_refills_come_at_midnight_utc_or_on_the_first():
    now = datetime(2026, 2, 14, 15, 30, tzinfo=UTC)
    assert next_refill("DAILY", now) == datetime(2026, 2, 15, tzinfo=UTC)
    assert next_refill("MONTHLY", now) == datetime(2026, 3, 1, tzinfo=UTC)
    assert next_refill("MONTHLY", datetime(2026, 12, 31, 23, tzinfo=UTC)) == datetime(
        2027, 1, 1, tzinfo=UTC
    )
    assert next_refill(None, now) is None


def test_a_request_that_finds_the_last_lease_request_finished_asks_again_rather_than_spin():
    """Found by the benchmark: at -c16 on a metered key, PostgreSQL + Redis, the worker
    stopped answering, at 100 % CPU in Meter._rate (gdb's py-bt). Requests queued when a
    lease's Redis answer came back run before that lease request is cleared (a done
    callback); once the lease is spent, the next one awaited the finished request, which
    never yields, again and again: the loop spun forever. Here that state, in a thread of
    its own, so that a spinning loop fails the test rather than hanging it."""
    backing.require_service("Redis", "127.0.0.1", 6379)
    limits = KeyLimits(rate_requests=1_000_000, rate_seconds=60)
    answered: list[dict[str, str]] = []

    async def ask() -> None:
        client = Redis.from_url(backing.REDIS_URL)
        meter = Meter(client, namespace=f"spin-{uuid.uuid4().hex}")
        try:
            await meter.check("k", limits)  # a lease of 10, one spent
            meter._leases["k"].tokens = 0  # the other 9 spent by the requests queued first
            finished = asyncio.get_running_loop().create_future()
            finished.set_result(None)
            meter._asking._running["k"] = finished  # answered, not yet out of the table
            answered.append(await meter.check("k", limits))
        finally:
            await client.aclose()

    thread = threading.Thread(target=asyncio.run, args=(ask(),), daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the event loop spun in Meter._rate"
    assert len(answered) == 1 and "q=1000000;w=60" in answered[0]["RateLimit-Policy"]


async def test_a_refilled_key_is_not_refused_by_the_lease_of_its_spent_generation(redis):
    """Requests arriving together as the credits are refilled: the one still carrying the
    spent generation is refused, the one carrying the refill is not, though both ask for a
    lease of the same key at the same moment."""
    meter = Meter(redis, namespace="t")
    spent = KeyLimits(credits=1, credits_generation=0)
    await meter.check("k", spent)
    refilled = KeyLimits(credits=5, credits_generation=1)
    old, new = await asyncio.gather(
        meter.check("k", spent, 1), meter.check("k", refilled, 1), return_exceptions=True
    )
    assert isinstance(old, Refused) and old.outcome is KeyOutcome.USAGE_EXCEEDED
    assert not isinstance(new, BaseException), new
