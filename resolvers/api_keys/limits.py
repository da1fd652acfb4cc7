"""A key's rate limit and credits as its create and update use cases take them: checked,
and turned into the key's columns (read back by auth/bearer.py, enforced by
auth/metering.py). Both are settings of the key itself: whoever may write the key (API_KEY
WRITE, within their grant ceiling, never on itself: resolvers/policy.py) may set them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from models import ApiKey
from resolvers.errors import BadUserInput

MAX_REQUESTS = 1_000_000
MAX_SECONDS = 86_400
MAX_CREDITS = 1_000_000_000_000


class RefillInterval(StrEnum):
    DAILY = "DAILY"  # at midnight UTC
    MONTHLY = "MONTHLY"  # on the 1st, at midnight UTC


@dataclass(frozen=True)
class RateLimit:
    requests: int
    per_seconds: int


@dataclass(frozen=True)
class Refill:
    amount: int
    interval: RefillInterval


@dataclass(frozen=True)
class Credits:
    remaining: int
    refill: Refill | None = None


def rate_limit_columns(limit: RateLimit | None) -> dict[str, Any]:
    if limit is None:
        return {"rate_limit_requests": None, "rate_limit_seconds": None}
    if not 1 <= limit.requests <= MAX_REQUESTS:
        raise BadUserInput("rateLimit", f"requests must be from 1 to {MAX_REQUESTS}")
    if not 1 <= limit.per_seconds <= MAX_SECONDS:
        raise BadUserInput("rateLimit", f"perSeconds must be from 1 to {MAX_SECONDS}")
    return {"rate_limit_requests": limit.requests, "rate_limit_seconds": limit.per_seconds}


def credits_columns(credits: Credits | None, generation: int) -> dict[str, Any]:
    """Setting the credits (or removing them) starts a new generation: what was spent of
    the previous one no longer counts (auth/metering.py)."""
    if credits is not None:
        if not 0 <= credits.remaining <= MAX_CREDITS:
            raise BadUserInput("credits", f"remaining must be from 0 to {MAX_CREDITS}")
        refill = credits.refill
        if refill is not None and not 1 <= refill.amount <= MAX_CREDITS:
            raise BadUserInput("credits", f"refill amount must be from 1 to {MAX_CREDITS}")
    refill = credits.refill if credits is not None else None
    return {
        "credits_remaining": credits.remaining if credits is not None else None,
        "credits_granted": credits.remaining if credits is not None else None,
        "credits_refill_amount": refill.amount if refill is not None else None,
        "credits_refill_interval": refill.interval.value if refill is not None else None,
        "credits_generation": generation + 1,
        "credits_refilled_at": datetime.now(UTC),
        "credits_notice": None,
    }


def rate_limit_of(key: ApiKey) -> RateLimit | None:
    if key.rate_limit_requests is None or key.rate_limit_seconds is None:
        return None
    return RateLimit(key.rate_limit_requests, key.rate_limit_seconds)


def credits_of(key: ApiKey) -> Credits | None:
    if key.credits_remaining is None:
        return None
    refill = None
    if key.credits_refill_amount is not None and key.credits_refill_interval is not None:
        refill = Refill(key.credits_refill_amount, RefillInterval(key.credits_refill_interval))
    return Credits(key.credits_remaining, refill)
