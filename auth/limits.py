"""A key's metering settings as authentication carries them (auth/cache.py to
auth/principal.py to auth/metering.py): its rate limit and its credits. None on a key
that has neither, so that the request path of such a key does nothing more at all."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True, slots=True)
class KeyLimits:
    rate_requests: int | None = None  # with rate_seconds: at most this many per window
    rate_seconds: int | None = None
    credits: int | None = None  # remaining when the entry was loaded; None: unlimited
    # Moves on whenever the credits are set or refilled: the count of spends restarts then.
    credits_generation: int = 0
    credits_refill: str | None = None  # "DAILY", "MONTHLY" or None

    @property
    def rate_limited(self) -> bool:
        return self.rate_requests is not None and self.rate_seconds is not None

    @classmethod
    def of(
        cls,
        rate_requests: int | None,
        rate_seconds: int | None,
        credits: int | None,
        credits_generation: int,
        credits_refill: str | None,
    ) -> KeyLimits | None:
        if (rate_requests is None or rate_seconds is None) and credits is None:
            return None
        return cls(rate_requests, rate_seconds, credits, credits_generation, credits_refill)


# Credits refilled DAILY start again at midnight UTC, MONTHLY on the 1st (jobs/refills.py).


def period_start(interval: str, now: datetime) -> datetime:
    """The start of the refill period `now` is in."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day if interval == "DAILY" else day.replace(day=1)


def next_refill(interval: str | None, now: datetime) -> datetime | None:
    """When credits refilled `interval` are next refilled: the next period's start."""
    if interval is None:
        return None
    start = period_start(interval, now)
    days = 1 if interval == "DAILY" else monthrange(start.year, start.month)[1]
    return start + timedelta(days=days)
