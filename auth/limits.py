"""A key's metering settings as authentication carries them (auth/cache.py to
auth/principal.py to auth/metering.py): its rate limit and its credits. None on a key
that has neither, so that the request path of such a key does nothing more at all."""

from __future__ import annotations

from dataclasses import dataclass


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
