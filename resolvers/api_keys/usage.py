"""A key's requests over time: counts per minute, hour or day and outcome (optionally by
root operation field), from the rows auth/activity.py writes: MINUTE reads the minute rows,
HOUR and DAY the hourly sums (at most 24 rows a day and outcome). Days are UTC days. What a
process counted in the last 10 s may not be written yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from auth.activity import KeyOutcome
from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKeyUsage, ApiKeyUsageHour
from models.usage import hour_start, slot_start, usage_totals
from resolvers import policy, text
from resolvers.api_keys.lookup import find_api_key
from resolvers.errors import BadUserInput

MAX_BUCKETS = 2000  # 30 days by hour is 720


class Granularity(StrEnum):
    MINUTE = "MINUTE"
    HOUR = "HOUR"
    DAY = "DAY"


_SECONDS = {Granularity.MINUTE: 60, Granularity.HOUR: 3600, Granularity.DAY: 86_400}


@dataclass(slots=True)  # not frozen: frozen fields cost a call each to set
class UsageBucket:
    start: datetime
    outcome: KeyOutcome
    count: int
    operation: str | None = None  # with by_operation only


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
    seconds = _SECONDS[granularity]
    first = slot_start(start, seconds)
    if (end - first) / timedelta(seconds=seconds) > MAX_BUCKETS:
        raise BadUserInput("to", f"at most {MAX_BUCKETS} buckets: choose a larger granularity")
    key = await find_api_key(principal, key_id)
    rows = await usage_totals(
        str(key.id),
        principal.organization_id,
        _parts(first, end, granularity),
        seconds,
        operations=by_operation,
    )
    starts: dict[int, datetime] = {}  # a bucket's outcomes share its start
    buckets = []
    for at, outcome, operation, count in rows:
        start_at = starts.get(at)
        if start_at is None:
            start_at = starts[at] = datetime.fromtimestamp(at, UTC)
        buckets.append(UsageBucket(start_at, _OUTCOMES[outcome], count, operation))
    return buckets


_OUTCOMES = {outcome.value: outcome for outcome in KeyOutcome}


def _parts(
    start: datetime, end: datetime, granularity: Granularity
) -> list[tuple[type[ApiKeyUsage | ApiKeyUsageHour], datetime, datetime]]:
    """MINUTE reads the minute rows; HOUR and DAY the hourly sums of the whole hours and
    the minutes of a last, partial hour (`to` inside an hour)."""
    if granularity is Granularity.MINUTE:
        return [(ApiKeyUsage, start, end)]
    whole = hour_start(end)
    return [(ApiKeyUsageHour, start, whole), (ApiKeyUsage, whole, end)]
