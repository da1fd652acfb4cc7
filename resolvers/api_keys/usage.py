"""A key's requests over time: counts per minute, hour or day and outcome (optionally by
root operation field), from the rows auth/activity.py writes: MINUTE reads the minute rows,
HOUR and DAY the hourly sums (at most 24 rows a day and outcome). Days are UTC days. What a
process counted in the last 10 s may not be written yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKeyUsage, ApiKeyUsageHour
from models.usage import hour_start
from resolvers import policy, text
from resolvers.api_keys.lookup import find_api_key
from resolvers.errors import BadUserInput

MAX_BUCKETS = 2000  # 30 days by hour is 720


class Granularity(StrEnum):
    MINUTE = "MINUTE"
    HOUR = "HOUR"
    DAY = "DAY"


_SECONDS = {Granularity.MINUTE: 60, Granularity.HOUR: 3600, Granularity.DAY: 86_400}


@dataclass(frozen=True)
class UsageBucket:
    start: datetime
    outcome: str
    count: int
    operation: str | None = None  # with by_operation only


def bucket_start(at: datetime, granularity: Granularity) -> datetime:
    seconds = _SECONDS[granularity]
    stamp = int(at.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, UTC)


async def key_usage(
    principal: Principal,
    key_id: str,
    start: datetime,
    end: datetime,
    granularity: Granularity,
    *,
    by_operation: bool = False,
) -> list[UsageBucket]:
    """The buckets from the one holding `start` up to `end` (excluded) that saw requests,
    oldest first, then by outcome (and operation)."""
    policy.require(principal, PermissionObject.API_KEY, Access.READ)
    start, end = text.check_instant("from", start), text.check_instant("to", end)
    if end <= start:
        raise BadUserInput("to", "must be after from")
    first = bucket_start(start, granularity)
    if (end - first) / timedelta(seconds=_SECONDS[granularity]) > MAX_BUCKETS:
        raise BadUserInput("to", f"at most {MAX_BUCKETS} buckets: choose a larger granularity")
    key = await find_api_key(principal, key_id)
    scope = {"api_key_id": key.id, "organization_id": principal.organization_id}
    totals: dict[tuple[datetime, str, str | None], int] = {}
    for at, outcome, count, operations in await _read(scope, first, end, granularity, by_operation):
        bucket = bucket_start(at, granularity)
        counts: Iterable[tuple[str | None, int]] = (
            operations.items() if by_operation else [(None, count)]
        )
        for operation, n in counts:
            totals[(bucket, outcome, operation)] = totals.get((bucket, outcome, operation), 0) + n
    return [
        UsageBucket(at, outcome, count, operation)
        for (at, outcome, operation), count in sorted(
            totals.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
        )
    ]


_Row = tuple[datetime, str, int, dict[str, int]]


async def _read(
    scope: dict[str, object], start: datetime, end: datetime, granularity: Granularity, ops: bool
) -> list[_Row]:
    """MINUTE from the minute rows; HOUR and DAY from the hourly sums of the whole hours and
    the minutes of a last, partial hour (`to` inside an hour)."""
    if granularity is Granularity.MINUTE:
        return await _rows(ApiKeyUsage, "minute", scope, start, end, ops)
    whole = hour_start(end)
    hours = await _rows(ApiKeyUsageHour, "hour", scope, start, whole, ops)
    return hours + await _rows(ApiKeyUsage, "minute", scope, whole, end, ops)


async def _rows(
    model: type[ApiKeyUsage | ApiKeyUsageHour],
    at: str,
    scope: dict[str, object],
    start: datetime,
    end: datetime,
    by_operation: bool,
) -> list[_Row]:
    """(start, outcome, count, operations) of the key's rows from start to end (excluded);
    operations are read only when asked for."""
    if end <= start:
        return []
    rows = model.filter(**scope, **{f"{at}__gte": start, f"{at}__lt": end})
    if by_operation:
        return list(await rows.values_list(at, "outcome", "count", "operations"))
    return [
        (a, outcome, count, {})
        for a, outcome, count in await rows.values_list(at, "outcome", "count")
    ]
