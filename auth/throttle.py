"""Attempts at a credential, limited per subject (a client address, a login
account) over a sliding window, a minute by default: the failures of the current
window plus those of the previous one, weighted by how much of it still falls
inside the window that ends now.

A check first reserves a slot, *before* it runs; the slot is settled when the
check ends: given back on success, counted as a failure otherwise. Failures
plus checks in flight never exceed the limit, so however many requests arrive
at once, at most `limit` checks can fail per window. When the failures fill
the window the request is refused (`Limited`); when checks still in flight
fill it, the request waits for them, so a burst of good credentials from one
address queues for a moment instead of being refused.

On Redis when it is set (one Lua script per step, atomic across every
process), in process otherwise (no await between reading and counting). A
Redis failure falls back to the in-process count rather than failing requests.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from settings import Settings

ADDRESS_LIMIT = 20
ACCOUNT_LIMIT = 10
WINDOW_SECONDS = 60
MAX_WAIT_SECONDS = 10.0
log = logging.getLogger("apikeys.throttle")
_RESERVED, _REFUSED, _BUSY = 1, 0, -1

# KEYS: this window's hash {f: failures, p: in flight}, the previous window's.
# ARGV: the limit, the previous window's weight, the lifetime of a hash, and this
# process's failures of both windows (counted while Redis was away).
_RESERVE = """
local cur = redis.call('HMGET', KEYS[1], 'f', 'p')
local prev = redis.call('HMGET', KEYS[2], 'f', 'p')
local cur_f, prev_f = tonumber(cur[1] or '0'), tonumber(prev[1] or '0')
local failed = cur_f + tonumber(ARGV[4]) + (prev_f + tonumber(ARGV[5])) * tonumber(ARGV[2])
if failed >= tonumber(ARGV[1]) then
  return {0, cur_f, prev_f}
end
if failed + tonumber(cur[2] or '0') + tonumber(prev[2] or '0') >= tonumber(ARGV[1]) then
  return {-1, cur_f, prev_f}
end
redis.call('HINCRBY', KEYS[1], 'p', 1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {1, cur_f, prev_f}
"""
# KEYS: the reservation's window hash, the current window's. ARGV: 1 if the check
# failed, the lifetime of a hash.
_SETTLE = """
if tonumber(redis.call('HGET', KEYS[1], 'p') or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'p', -1)
end
if ARGV[1] == '1' then
  redis.call('HINCRBY', KEYS[2], 'f', 1)
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return 0
"""
_FailureTypes = type[BaseException] | tuple[type[BaseException], ...]


class Limited(Exception):
    """The subject has used its attempts for now."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Subject:
    key: str
    limit: int


@dataclass(frozen=True, slots=True)
class Reservation:
    key: str
    window: int
    shared: bool  # counted on Redis, not in this process


@dataclass(slots=True)
class _Counts:
    failed: int = 0
    pending: int = 0


class FailureThrottle:
    def __init__(
        self,
        redis: Redis | None = None,
        *,
        namespace: str = "apikeys",
        address_limit: int = ADDRESS_LIMIT,
        account_limit: int = ACCOUNT_LIMIT,
        window: int = WINDOW_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
    ) -> None:
        self._redis, self._namespace, self._window = redis, namespace, window
        self._address_limit, self._account_limit, self._max_wait = (
            address_limit,
            account_limit,
            max_wait,
        )
        self._local: dict[int, dict[str, _Counts]] = {}  # window -> subject key -> counts
        if redis is not None:
            self._reserve_script = redis.register_script(_RESERVE)
            self._settle_script = redis.register_script(_SETTLE)

    @classmethod
    def for_settings(cls, settings: Settings, redis: Redis | None) -> FailureThrottle:
        return cls(
            redis,
            namespace=settings.redis_namespace,
            address_limit=settings.auth_attempts_per_address,
            account_limit=settings.login_attempts_per_account,
            window=settings.auth_attempt_window,
        )

    def address(self, address: str | None) -> Subject | None:
        return None if address is None else Subject(f"address:{address}", self._address_limit)

    def account(self, email: str) -> Subject:
        # Hashed: a bounded key, and no e-mail in clear on Redis.
        digest = hashlib.sha256(email.encode(errors="surrogatepass")).hexdigest()[:32]
        return Subject(f"account:{digest}", self._account_limit)

    @asynccontextmanager
    async def attempt(
        self, *subjects: Subject | None, failure: _FailureTypes
    ) -> AsyncIterator[None]:
        """Reserve a slot for every subject (or raise Limited, checking nothing), run the
        check, and settle: `failure` counts, any other error (an outage) gives back."""
        reservations = await self.reserve(*subjects)
        try:
            yield
        except Exception as error:
            await self.settle(reservations, failed=isinstance(error, failure))
            raise
        except BaseException:
            # A cancelled check has spent its CPU all the same.
            await self.settle(reservations, failed=True)
            raise
        await self.settle(reservations, failed=False)

    async def failed(self, *subjects: Subject | None) -> None:
        """Count a failure that needed no check (a malformed token), within the limit."""
        await self.settle(await self.reserve(*subjects), failed=True)

    async def reserve(self, *subjects: Subject | None) -> list[Reservation]:
        """A slot for each subject, all or none."""
        taken: list[Reservation] = []
        for subject in subjects:
            if subject is None:
                continue
            try:
                taken.append(await self._reserve_waiting(subject))
            except Limited:
                await self.settle(taken, failed=False)
                raise
        return taken

    async def settle(self, reservations: Iterable[Reservation], *, failed: bool) -> None:
        for reservation in reservations:
            if reservation.shared:
                await self._settle_shared(reservation, failed)
            else:
                self._settle_local(reservation, failed)

    async def _reserve_waiting(self, subject: Subject) -> Reservation:
        deadline, pause = time.monotonic() + self._max_wait, 0.005
        while True:
            reservation = await self._reserve(subject)
            if reservation is not None:
                return reservation
            if time.monotonic() + pause > deadline:
                raise Limited(1)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _slot(self) -> tuple[int, float]:
        now = time.time()
        return int(now // self._window), (now % self._window) / self._window

    async def _reserve(self, subject: Subject) -> Reservation | None:
        """A reservation; None while checks in flight fill the window."""
        window, elapsed = self._slot()
        if self._redis is not None:
            try:
                return await self._reserve_shared(subject, window, elapsed)
            except (RedisError, OSError) as error:
                log.warning("attempt count on Redis failed (%s)", type(error).__name__)
        return self._reserve_local(subject, window, elapsed)

    async def _reserve_shared(
        self, subject: Subject, window: int, elapsed: float
    ) -> Reservation | None:
        current, previous = self._local_counts(subject.key, window)
        keys = [self._redis_key(subject.key, window), self._redis_key(subject.key, window - 1)]
        args = [subject.limit, 1 - elapsed, self._window * 2, current.failed, previous.failed]
        outcome, failed_now, failed_before = await self._reserve_script(keys=keys, args=args)
        if outcome == _REFUSED:
            seen = (failed_now + current.failed, failed_before + previous.failed)
            raise Limited(self._seconds_until_free(*seen, elapsed, subject.limit))
        return None if outcome == _BUSY else Reservation(subject.key, window, shared=True)

    def _reserve_local(self, subject: Subject, window: int, elapsed: float) -> Reservation | None:
        for old in [w for w in self._local if w < window - 1]:
            del self._local[old]
        current, previous = self._local_counts(subject.key, window)
        failed = current.failed + previous.failed * (1 - elapsed)
        if failed >= subject.limit:
            limit = subject.limit
            raise Limited(self._seconds_until_free(current.failed, previous.failed, elapsed, limit))
        if failed + current.pending + previous.pending >= subject.limit:
            return None
        self._local.setdefault(window, {}).setdefault(subject.key, _Counts()).pending += 1
        return Reservation(subject.key, window, shared=False)

    def _local_counts(self, key: str, window: int) -> tuple[_Counts, _Counts]:
        current = self._local.get(window, {}).get(key, _Counts())
        return current, self._local.get(window - 1, {}).get(key, _Counts())

    async def _settle_shared(self, reservation: Reservation, failed: bool) -> None:
        keys = [
            self._redis_key(reservation.key, reservation.window),
            self._redis_key(reservation.key, self._slot()[0]),
        ]
        try:
            await self._settle_script(keys=keys, args=[int(failed), self._window * 2])
        except (RedisError, OSError) as error:
            # Left in flight until its window ends: safe, if a little strict.
            log.warning("attempt settle on Redis failed (%s)", type(error).__name__)
            if failed:
                self._count_local_failure(reservation.key)

    def _settle_local(self, reservation: Reservation, failed: bool) -> None:
        counts = self._local.get(reservation.window, {}).get(reservation.key)
        if counts is not None and counts.pending > 0:
            counts.pending -= 1
        if failed:
            self._count_local_failure(reservation.key)

    def _count_local_failure(self, key: str) -> None:
        window = self._slot()[0]
        self._local.setdefault(window, {}).setdefault(key, _Counts()).failed += 1

    def _redis_key(self, key: str, window: int) -> str:
        return f"{self._namespace}:attempts:{key}:{window}"

    def _seconds_until_free(self, current: int, previous: int, elapsed: float, limit: int) -> int:
        """When the sliding count of failures drops below the limit."""
        if current < limit:
            # The previous window's share fades within this one.
            frees_at = 1 - (limit - current) / previous if previous else elapsed
        else:
            # This window ends, then its own count fades in turn.
            frees_at = 1 + (1 - limit / current)
        return max(1, math.ceil((frees_at - elapsed) * self._window))
