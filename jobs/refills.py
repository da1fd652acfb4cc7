"""Credits refilled on schedule (DAILY at midnight UTC, MONTHLY on the 1st): each due key's
`remaining` is set to its refill amount and a new generation of credits begins
(auth/metering.py). Run by the periodic tick: an RQ job with Redis, the in-process runner
without. Each refill is a conditional update, so two runners refill a key once. Processes
see the new credits when their cached entry of the key expires (within 5 s)."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import Q

from models import ApiKey


def period_start(interval: str, now: datetime) -> datetime:
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day if interval == "DAILY" else day.replace(day=1)


async def refill_credits(now: datetime | None = None) -> list[str]:
    """Refill every key whose last refill is before its current period; their ids."""
    now = now or datetime.now(UTC)
    due = Q(credits_refill_interval="DAILY", credits_refilled_at__lt=period_start("DAILY", now))
    due |= Q(
        credits_refill_interval="MONTHLY", credits_refilled_at__lt=period_start("MONTHLY", now)
    )
    refilled: list[str] = []
    for key in await ApiKey.filter(
        due, revoked_at__isnull=True, credits_refill_amount__isnull=False
    ):
        claimed = await ApiKey.filter(id=key.id, credits_generation=key.credits_generation).update(
            credits_remaining=key.credits_refill_amount,
            credits_generation=key.credits_generation + 1,
            credits_refilled_at=now,
            credits_notice=None,
        )
        if claimed:
            refilled.append(str(key.id))
    return refilled
