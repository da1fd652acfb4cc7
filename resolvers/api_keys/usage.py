"""A key's requests over time: counts per minute, hour or day and outcome (optionally by
root operation field), from the rows auth/activity.py writes. What a process counted in the
last 10 s may not be written yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise import Tortoise

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKeyUsage
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
    rows = ApiKeyUsage.filter(
        api_key_id=key.id,
        organization_id=principal.organization_id,
        minute__gte=first,
        minute__lt=end,
    )
    totals: dict[tuple[datetime, str, str | None], int] = {}
    if by_operation:
        for minute, outcome, operations in await rows.values_list(
            "minute", "outcome", "operations"
        ):
            at = bucket_start(minute, granularity)
            for operation, count in operations.items():
                totals[(at, outcome, operation)] = totals.get((at, outcome, operation), 0) + count
    elif Tortoise.get_connection("default").capabilities.dialect == "postgres":
        # Summed by the database: 30 days by hour is 720 rows, not 43,200.
        for at, outcome, count in await _summed(str(key.id), principal, first, end, granularity):
            totals[(at, outcome, None)] = count
    else:
        for minute, outcome, count in await rows.values_list("minute", "outcome", "count"):
            at = bucket_start(minute, granularity)
            totals[(at, outcome, None)] = totals.get((at, outcome, None), 0) + count
    return [
        UsageBucket(at, outcome, count, operation)
        for (at, outcome, operation), count in sorted(
            totals.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
        )
    ]


_UNITS = {Granularity.MINUTE: "minute", Granularity.HOUR: "hour", Granularity.DAY: "day"}


async def _summed(
    key_id: str, principal: Principal, start: datetime, end: datetime, granularity: Granularity
) -> list[tuple[datetime, str, int]]:
    """(bucket start, outcome, count) summed by PostgreSQL; every value a bound parameter."""
    sql = (
        "SELECT date_trunc($1, minute AT TIME ZONE 'UTC') AS bucket, outcome, SUM(count) "
        "FROM api_key_usage WHERE api_key_id = $2::uuid AND organization_id = $3::uuid "
        "AND minute >= $4 AND minute < $5 GROUP BY bucket, outcome"
    )
    values = [_UNITS[granularity], key_id, principal.organization_id, start, end]
    _, rows = await Tortoise.get_connection("default").execute_query(sql, values)
    return [(row[0].replace(tzinfo=UTC), row[1], int(row[2])) for row in rows]
