"""Credits refilled on schedule (DAILY at midnight UTC, MONTHLY on the 1st): each due key's
`remaining` is set to its refill amount and a new generation of credits begins
(auth/metering.py). Run by the periodic tick: an RQ job with Redis, the in-process runner
without. Each refill is a conditional update, so two runners refill a key once. Processes
see the new credits when their cached entry of the key expires (within 5 s)."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from auth.limits import period_start
from jobs.outbox import notify_admins
from models import ApiKey, NotificationKind


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
            credits_granted=key.credits_refill_amount,
            credits_generation=key.credits_generation + 1,
            credits_refilled_at=now,
            credits_notice=None,
        )
        if claimed:
            refilled.append(str(key.id))
    return refilled


_ORDER = {None: 0, "low": 1, "out": 2}


async def send_credit_notices() -> list[str]:
    """One e-mail to the admins when a key's credits fall under a tenth of what its
    generation began with, and one when they run out: once each per generation (a refill
    or a new setting starts the next). Spends reach the database within 30 s, so the
    notice follows within a minute and a half. Returns the outbox rows."""
    candidates = ApiKey.filter(
        Q(credits_notice__isnull=True) | Q(credits_notice="low"),
        revoked_at__isnull=True,
        credits_remaining__isnull=False,
        credits_granted__gt=0,
    )
    ids: list[str] = []
    for key in await candidates:
        assert key.credits_remaining is not None and key.credits_granted is not None
        if key.credits_remaining <= 0:
            due, kind = "out", NotificationKind.CREDITS_EXHAUSTED
        elif key.credits_remaining * 10 < key.credits_granted:
            due, kind = "low", NotificationKind.CREDITS_LOW
        else:
            continue
        if _ORDER[key.credits_notice] >= _ORDER[due]:
            continue
        async with in_transaction():
            claimed = await ApiKey.filter(
                id=key.id,
                credits_generation=key.credits_generation,
                credits_notice=key.credits_notice,
            ).update(credits_notice=due)
            if claimed:
                detail = f"Credits left: {key.credits_remaining} of {key.credits_granted}"
                ids += await notify_admins(kind, key, None, detail)
    return ids
