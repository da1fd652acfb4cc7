"""A key's activity rows are kept for USAGE_DAYS days (the console charts 30), then deleted
by the periodic tick: the table grows with traffic, at most one row per key, minute and
outcome (and one per key, hour and outcome for the hourly sums)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from models import ApiKeyUsage, ApiKeyUsageHour
from models.usage import hour_start

USAGE_DAYS = 90


async def prune_usage(now: datetime | None = None) -> int:
    """Delete the rows older than USAGE_DAYS; how many minute rows. The cut-off is on an
    hour so that every hour left still sums the minutes left."""
    cutoff = hour_start((now or datetime.now(UTC)) - timedelta(days=USAGE_DAYS))
    async with in_transaction():
        await ApiKeyUsageHour.filter(hour__lt=cutoff).delete()
        return await ApiKeyUsage.filter(minute__lt=cutoff).delete()
