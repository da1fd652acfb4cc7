"""Each API key's rate limit and credits, checked after authentication on both doors.

A key with neither costs nothing: its principal carries no limits and `check` returns
at once. A key with some:

- Rate limit (GCRA: `requests` per `seconds`, at most `requests` at once, then one every
  `seconds / requests`). With Redis, the shared count is one atomic Lua script that leases
  a few requests at a time to the asking process, which spends them with no I/O for up to
  `LEASE_SECONDS`; a lease unused by then lapses. Processes together therefore let through
  at most the limit plus one lease each. Without Redis (one process), the same arithmetic
  in memory, one request at a time.
- Credits: one per request (`cost`). With Redis, one counter per key and credits
  generation (a new generation starts whenever they are set or refilled), made from the
  database's value on first use and leased from it by a Lua script; without it, in memory.
  What is leased is written to the database in one statement per key and flush (every
  30 s and at shutdown, as lastUsedAt), so a restart loses no spend; what a process still
  holds at shutdown goes back.
- Lease sizes: a Redis round trip costs about as much CPU as a whole small request, so a
  key busy in this process leases more at a time (`next_lease`), up to 1 % of the limit
  (rate) or 0.1 % of the credits, never over `MAX_LEASE`; an idle one, the small base size.

A Redis failure falls back to the in-process count rather than failing requests.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from redis.asyncio import Redis
from redis.exceptions import RedisError
from tortoise import Tortoise

from auth.activity import KeyOutcome
from auth.batched import Batched
from auth.flights import Flights
from auth.limits import KeyLimits, next_refill

LEASE_SECONDS = 1.0
FLUSH_SECONDS = 30.0
COUNTER_SECONDS = 2 * 86_400  # a credits counter idle this long is made again from the database
MAX_LEASE = 1000  # requests or extra credits one process leases at once, however large the limit
log = logging.getLogger("apikeys.metering")

# KEYS: the key's theoretical arrival time (ms, Redis's clock). ARGV: the emission interval
# (ms per request), the window (ms), how many requests are wanted.
# Returns {granted, remaining after them, ms until the window is whole, ms until one is free}.
_RATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval, window, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local free = math.floor((window - (tat - now)) / interval)
local granted = math.max(0, math.min(wanted, free))
if granted > 0 then
  tat = tat + math.ceil(granted * interval)
  redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', tat - now + 1000)
end
local remaining = math.max(0, math.floor((window - (tat - now)) / interval))
return {granted, remaining, tat - now, math.max(0, tat - now - window + interval)}
"""
# KEYS: the credits counter. ARGV: its value when made (the database's), wanted, lifetime.
# Returns {granted, remaining after them}.
_CREDITS = """
local left = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
local granted = math.max(0, math.min(tonumber(ARGV[2]), left))
left = left - granted
redis.call('SET', KEYS[1], string.format('%d', left), 'EX', ARGV[3])
return {granted, left}
"""
# KEYS: the credits counter. ARGV: credits a process leased and did not spend. A counter gone
# (expired) is made again from the database, which they reach as a negative spend.
_GIVE_BACK = """
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], ARGV[1]) end
"""


class Refused(Exception):
    """Over the key's rate limit, or out of credits (`outcome`)."""

    def __init__(self, outcome: KeyOutcome, retry_after: int | None, headers: dict[str, str]):
        super().__init__(outcome.value)
        self.outcome, self.retry_after, self.headers = outcome, retry_after, headers


@dataclass(slots=True)
class _Lease:
    tokens: int
    until: float  # monotonic: the lease lapses then
    remaining: int  # what the shared count had left after granting it
    reset_at: float  # monotonic: when the window is whole again
    size: int  # as asked, for the next lease's (next_lease)
    taken: float  # monotonic

    def usable(self, now: float) -> bool:
        return self.tokens > 0 and self.until > now

    def spend(self, requests: int, seconds: int, now: float) -> dict[str, str]:
        """One request of the lease; the answer's RateLimit headers."""
        self.tokens -= 1
        return _rate_headers(requests, seconds, self.remaining + self.tokens, self.reset_at - now)


@dataclass(slots=True)
class _Credits:
    generation: int
    left: int  # leased (Redis) or remaining (in process)
    size: int = 0  # extra credits of the last lease, for the next one's (next_lease)
    taken: float = -math.inf  # monotonic


NO_HEADERS: dict[str, str] = {}


class Meter(Batched):
    flush_every, flush_name = FLUSH_SECONDS, "credits"

    def __init__(
        self,
        redis: Redis | None = None,
        *,
        namespace: str = "apikeys",
        lease: float = LEASE_SECONDS,
    ) -> None:
        self._redis, self._namespace, self._lease_seconds = redis, namespace, lease
        self._tat: dict[str, float] = {}  # in process: key -> theoretical arrival (monotonic s)
        self._leases: dict[str, _Lease] = {}
        self._asking: Flights[None] = Flights()
        self._asking_credits: Flights[bool] = Flights()
        self._credits: dict[str, _Credits] = {}  # leased from Redis, not yet spent
        self._local_credits: dict[str, _Credits] = {}
        self._spent: dict[tuple[str, int], int] = {}  # (key, generation) -> not yet written
        if redis is not None:
            self._rate_script = redis.register_script(_RATE)
            self._credits_script = redis.register_script(_CREDITS)
            self._give_back_script = redis.register_script(_GIVE_BACK)

    async def check(
        self, api_key_id: str, limits: KeyLimits | None, cost: int = 1
    ) -> dict[str, str]:
        """The rate-limit headers of the key's answer; raises Refused over a limit."""
        if limits is None:
            return NO_HEADERS
        held = self.held(api_key_id, limits, cost)
        if held is not None:
            return held
        return await self.asked(api_key_id, limits, cost)

    async def asked(self, api_key_id: str, limits: KeyLimits, cost: int = 1) -> dict[str, str]:
        """check() when held() answered None: a lease or credits asked of Redis."""
        headers = NO_HEADERS
        if limits.rate_requests is not None and limits.rate_seconds is not None:
            headers = await self._rate(api_key_id, limits.rate_requests, limits.rate_seconds)
        if limits.credits is not None:
            await self._spend(api_key_id, limits, cost, headers)
        return headers

    def held(self, api_key_id: str, limits: KeyLimits, cost: int = 1) -> dict[str, str] | None:
        """check() when it needs no I/O, as for nearly every request of a busy key, without
        a coroutine: this process holds enough of the key's lease and credits, or there is
        no Redis. None, having spent nothing, when Redis must be asked (asked())."""
        requests, seconds = limits.rate_requests, limits.rate_seconds
        if self._redis is None:
            headers = NO_HEADERS
            if requests is not None and seconds is not None:
                headers = self._rate_local(api_key_id, requests, seconds)
            if limits.credits is not None:
                self._spend_local(api_key_id, limits, cost, headers)
            return headers
        now, lease = time.monotonic(), None
        if requests is not None and seconds is not None:
            lease = self._leases.get(api_key_id)
            if lease is None or not lease.usable(now):
                return None
        if limits.credits is not None:
            held = self._credits.get(api_key_id)
            if held is None or held.generation != limits.credits_generation or held.left < cost:
                return None
            held.left -= cost
        if lease is None or requests is None or seconds is None:
            return NO_HEADERS
        return lease.spend(requests, seconds, now)

    # Rate limit

    async def _rate(self, key_id: str, requests: int, seconds: int) -> dict[str, str]:
        while True:
            now = time.monotonic()
            lease = self._leases.get(key_id)
            if lease is not None and lease.usable(now):
                return lease.spend(requests, seconds, now)
            # One lease asked at a time per key: the requests arriving meanwhile share it.
            try:
                await self._asking.join(key_id, lambda: self._lease(key_id, requests, seconds))
            except (RedisError, OSError) as error:
                log.warning("rate limit on Redis failed (%s)", type(error).__name__)
                return self._rate_local(key_id, requests, seconds)

    async def _lease(self, key_id: str, requests: int, seconds: int) -> None:
        """A few requests of the key's shared count, for this process to spend; raises
        Refused when there is none."""
        interval, window = seconds * 1000 / requests, seconds * 1000
        last, base = self._leases.get(key_id), lease_size(requests)
        size = base if last is None else self._next(last.size, last.taken, base, requests // 100)
        granted, remaining, reset_ms, free_ms = await self._rate_script(
            keys=[f"{self._namespace}:rate:{key_id}"], args=[interval, window, size]
        )
        now = time.monotonic()
        if granted == 0:
            headers = _rate_headers(requests, seconds, 0, reset_ms / 1000)
            raise Refused(KeyOutcome.RATE_LIMITED, max(1, math.ceil(free_ms / 1000)), headers)
        self._leases[key_id] = _Lease(
            int(granted),
            now + self._lease_seconds,
            int(remaining),
            now + reset_ms / 1000,
            size,
            now,
        )

    def _next(self, size: int, taken: float, base: int, cap: int) -> int:
        return next_lease(size, time.monotonic() - taken, self._lease_seconds, base, cap)

    def _rate_local(self, key_id: str, requests: int, seconds: int) -> dict[str, str]:
        now, interval = time.monotonic(), seconds / requests
        tat = max(self._tat.get(key_id, now), now)
        if tat + interval - now > seconds + 1e-9:
            headers = _rate_headers(requests, seconds, 0, tat - now)
            raise Refused(
                KeyOutcome.RATE_LIMITED, max(1, math.ceil(tat - now - seconds + interval)), headers
            )
        tat += interval
        self._tat[key_id] = tat
        if len(self._tat) > 100_000:
            self._tat = {k: v for k, v in self._tat.items() if v > now}
        remaining = max(0, math.floor((seconds - (tat - now)) / interval + 1e-9))
        return _rate_headers(requests, seconds, remaining, tat - now)

    # Credits

    async def _spend(
        self, key_id: str, limits: KeyLimits, cost: int, headers: dict[str, str]
    ) -> None:
        """The key's credits through Redis, or in process while Redis fails."""
        try:
            await self._spend_shared(key_id, limits, cost, headers)
        except (RedisError, OSError) as error:
            log.warning("credits on Redis failed (%s)", type(error).__name__)
            self._spend_local(key_id, limits, cost, headers)

    def _spend_local(
        self, key_id: str, limits: KeyLimits, cost: int, headers: dict[str, str]
    ) -> None:
        """In process: what this process knows is left (all there is, without Redis)."""
        assert limits.credits is not None
        generation = limits.credits_generation
        local = self._local_credits.get(key_id)
        if local is None or local.generation != generation:
            local = self._local_credits[key_id] = _Credits(generation, max(0, limits.credits))
        if local.left < cost:
            raise Refused(KeyOutcome.USAGE_EXCEEDED, _until_refill(limits.credits_refill), headers)
        local.left -= cost
        self._record_spend(key_id, generation, cost)

    async def _spend_shared(
        self, key_id: str, limits: KeyLimits, cost: int, headers: dict[str, str]
    ) -> None:
        exhausted = False
        while True:
            held = self._held(key_id, limits.credits_generation)
            if held.left >= cost:
                held.left -= cost
                return
            if exhausted:
                raise Refused(
                    KeyOutcome.USAGE_EXCEEDED, _until_refill(limits.credits_refill), headers
                )
            # One lease asked at a time per key and generation: the requests arriving
            # meanwhile share it (a refill's requests never wait on the spent generation's).
            lease = self._asking_credits.join(
                f"{key_id}:{limits.credits_generation}",
                lambda: self._lease_credits(key_id, limits, cost),
            )
            exhausted = await lease

    def _held(self, key_id: str, generation: int) -> _Credits:
        """What this process holds of the key's credits of this generation."""
        held = self._credits.get(key_id)
        if held is None or held.generation != generation:
            held = self._credits[key_id] = _Credits(generation, 0)
        return held

    async def _lease_credits(self, key_id: str, limits: KeyLimits, cost: int) -> bool:
        """Enough of the shared credits for `cost` and a few more; True when the counter
        could not give all that was asked (it is empty now)."""
        assert limits.credits is not None
        generation = limits.credits_generation
        held, base = self._held(key_id, generation), credits_lease_size(limits.credits)
        extra = self._next(held.size, held.taken, base, limits.credits // 1000)
        wanted = max(0, cost - held.left) + extra
        granted, _left = await self._credits_script(
            keys=[f"{self._namespace}:credits:{key_id}:{generation}"],
            args=[limits.credits, wanted, COUNTER_SECONDS],
        )
        if granted:
            self._record_spend(key_id, generation, int(granted))
        # The same object as before the await: credits of a generation since replaced are lost.
        held.left += int(granted)
        held.size, held.taken = extra, time.monotonic()
        return int(granted) < wanted

    def _record_spend(self, key_id: str, generation: int, spent: int) -> None:
        self._spent[(key_id, generation)] = self._spent.get((key_id, generation), 0) + spent

    @property
    def pending(self) -> int:
        return len(self._spent)

    async def closing(self) -> None:
        """Credits leased and not spent go back to Redis and off what the last flush
        writes: a restart charges nothing that was not spent."""
        held, self._credits = self._credits, {}
        if self._redis is None:
            return
        for key_id, credits in held.items():
            if credits.left <= 0:
                continue
            try:
                await self._give_back_script(
                    keys=[f"{self._namespace}:credits:{key_id}:{credits.generation}"],
                    args=[credits.left],
                )
            except (RedisError, OSError) as error:
                log.warning("leased credits not given back (%s)", type(error).__name__)
                return
            self._record_spend(key_id, credits.generation, -credits.left)

    async def flush(self) -> int:
        """Write the credits spent since the last flush: one statement per key."""
        batch, self._spent = self._spent, {}
        if not batch:
            return 0
        connection = Tortoise.get_connection("default")
        written = 0
        for (key_id, generation), spent in list(batch.items()):
            sql, values = _spend_statement(
                connection.capabilities.dialect, key_id, generation, spent
            )
            try:
                await connection.execute_query(sql, values)
            except Exception:
                for (k, g), s in batch.items():
                    self._record_spend(k, g, s)
                raise
            del batch[(key_id, generation)]
            written += 1
        return written


def lease_size(requests: int) -> int:
    """How many requests a process leases at first: a tenth of the limit, 1 to 10."""
    return max(1, min(10, requests // 10))


def credits_lease_size(credits: int) -> int:
    """Extra credits leased at first beyond the one spent: none while few are left."""
    return max(0, min(9, credits // 1000))


def next_lease(size: int, age: float, lease_seconds: float, base: int, cap: int) -> int:
    """The size of a key's next lease, its last one `size` and taken `age` seconds ago (and
    used up, or it would not be asked for before it lapsed): twice as large when that took
    under half a lease period, the same under a whole one, never over `cap` nor MAX_LEASE
    nor under `base`; `base` again after that, so that what a lease that lapses, or is held
    at shutdown, leaves unspent is no more than the key's recent use in this process."""
    if age >= lease_seconds:
        return base
    grown = size * 2 if age < lease_seconds / 2 else size
    return max(base, min(grown, cap, MAX_LEASE))


def _rate_headers(requests: int, seconds: int, remaining: int, reset: float) -> dict[str, str]:
    """IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers)."""
    return {
        "RateLimit-Policy": _policy(requests, seconds),
        "RateLimit": f'"key";r={max(0, remaining)};t={max(0, math.ceil(reset))}',
    }


@lru_cache(maxsize=1024)
def _policy(requests: int, seconds: int) -> str:
    return f'"key";q={requests};w={seconds}'


def _until_refill(interval: str | None) -> int | None:
    now = datetime.now(UTC)
    at = next_refill(interval, now)
    return None if at is None else max(1, math.ceil((at - now).total_seconds()))


def _spend_statement(
    dialect: str, key_id: str, generation: int, spent: int
) -> tuple[str, list[object]]:
    """Spends of one generation only: credits set or refilled since are left alone."""
    if dialect == "postgres":
        return (
            "UPDATE api_key SET credits_remaining = GREATEST(credits_remaining - $1, 0) "
            "WHERE id = $2::uuid AND credits_generation = $3 AND credits_remaining IS NOT NULL",
            [spent, key_id, generation],
        )
    return (
        "UPDATE api_key SET credits_remaining = MAX(credits_remaining - ?, 0) "
        "WHERE id = ? AND credits_generation = ? AND credits_remaining IS NOT NULL",
        [spent, key_id, generation],
    )
