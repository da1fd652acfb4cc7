"""A key's activity rows are kept for USAGE_DAYS days (the console charts 30), then deleted
by the periodic tick: the table grows with traffic, at most one row per key, minute and
outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import ApiKeyUsage

USAGE_DAYS = 90


async def prune_usage(now: datetime | None = None) -> int:
    """Delete the rows older than USAGE_DAYS; how many."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=USAGE_DAYS)
    return await ApiKeyUsage.filter(minute__lt=cutoff).delete()
