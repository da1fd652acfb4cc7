"""Activity rows older than 90 days go at the next tick; newer ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobs.inline import InlineRunner
from models import ApiKeyUsage


async def test_old_activity_rows_are_pruned_by_the_tick(org, settings):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    for days in (91, 89, 0):
        await ApiKeyUsage.create(
            api_key_id=org.key_id,
            organization_id=org.id,
            minute=now - timedelta(days=days),
            outcome="VALID",
            count=1,
            operations={"viewer": 1},
        )
    await InlineRunner(settings).tick()
    kept = await ApiKeyUsage.filter(api_key_id=org.key_id).values_list("minute", flat=True)
    assert sorted(kept) == [now - timedelta(days=89), now]
