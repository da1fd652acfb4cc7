"""The hourly sums (api_key_usage_hour) always equal the minute rows they hold: written by
the same flush in one transaction, added to (never overwritten) by concurrent flushes, and
pruned on the same hour by the retention tick."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from jobs.usage_retention import USAGE_DAYS, prune_usage
from models import ApiKeyUsage, ApiKeyUsageHour
from models.usage import add_usage


async def _hours(key_id: str) -> list[tuple[datetime, str, int, dict[str, int]]]:
    rows = ApiKeyUsageHour.filter(api_key_id=key_id).order_by("hour", "outcome")
    return list(await rows.values_list("hour", "outcome", "count", "operations"))


async def _minutes_summed(key_id: str) -> list[tuple[datetime, str, int, dict[str, int]]]:
    sums: dict[tuple[datetime, str], tuple[int, dict[str, int]]] = {}
    rows = ApiKeyUsage.filter(api_key_id=key_id)
    for minute, outcome, count, operations in await rows.values_list(
        "minute", "outcome", "count", "operations"
    ):
        hour = minute.replace(minute=0)
        total, by_operation = sums.get((hour, outcome), (0, {}))
        for operation, n in operations.items():
            by_operation[operation] = by_operation.get(operation, 0) + n
        sums[(hour, outcome)] = (total + count, by_operation)
    return [(h, o, c, ops) for (h, o), (c, ops) in sorted(sums.items())]


async def test_two_flushes_in_one_hour_add_to_its_row(org):
    hour = datetime(2026, 3, 1, 10, tzinfo=UTC)
    await add_usage(org.key_id, org.id, hour + timedelta(minutes=59), "VALID", 2, {"viewer": 2})
    await add_usage(org.key_id, org.id, hour + timedelta(minutes=59), "VALID", 1, {"me": 1})
    await add_usage(org.key_id, org.id, hour + timedelta(minutes=3), "VALID", 4, {"viewer": 4})
    await add_usage(org.key_id, org.id, hour + timedelta(hours=1), "VALID", 5, {"viewer": 5})
    assert await _hours(org.key_id) == [
        (hour, "VALID", 7, {"viewer": 6, "me": 1}),
        (hour + timedelta(hours=1), "VALID", 5, {"viewer": 5}),
    ]
    assert await _hours(org.key_id) == await _minutes_summed(org.key_id)


async def test_concurrent_flushes_of_one_minute_all_count(org):
    minute = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    await asyncio.gather(
        *(add_usage(org.key_id, org.id, minute, "VALID", 1, {f"op{n % 3}": 1}) for n in range(12))
    )
    rows = await ApiKeyUsage.filter(api_key_id=org.key_id).values_list("count", "operations")
    assert rows == [(12, {"op0": 4, "op1": 4, "op2": 4})]
    assert await _hours(org.key_id) == [
        (minute.replace(minute=0), "VALID", 12, {"op0": 4, "op1": 4, "op2": 4})
    ]


async def test_retention_prunes_minutes_and_hours_on_the_same_hour(org):
    now = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
    kept_hour = datetime(2026, 6, 1, 12, tzinfo=UTC) - timedelta(days=USAGE_DAYS)
    for at in (
        kept_hour - timedelta(minutes=10),  # the hour before: gone
        kept_hour + timedelta(minutes=10),  # before now - 90 days, but in the hour kept
        kept_hour + timedelta(minutes=40),
        now,
    ):
        await add_usage(org.key_id, org.id, at, "VALID", 1, {"viewer": 1})
    await prune_usage(now)
    assert await _hours(org.key_id) == [
        (kept_hour, "VALID", 2, {"viewer": 2}),
        (now.replace(minute=0), "VALID", 1, {"viewer": 1}),
    ]
    assert await _hours(org.key_id) == await _minutes_summed(org.key_id)
