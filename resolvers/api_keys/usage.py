"""A key's requests over time: counts per minute, hour or day and outcome (optionally by
root operation field), from the rows auth/activity.py writes: MINUTE reads the minute rows,
HOUR and DAY the hourly sums (at most 24 rows a day and outcome). Days are UTC days. What a
process counted in the last 10 s may not be written yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from auth.activity import KeyOutcome
from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKeyUsage, ApiKeyUsageHour
from models.usage import hour_start, slot_start, usage_counts
from resolvers import policy, text
from resolvers.api_keys.lookup import find_api_key
from resolvers.errors import BadUserInput

MAX_BUCKETS = 2000  # 30 days by hour is 720


class Granularity(StrEnum):
    MINUTE = "MINUTE"
    HOUR = "HOUR"
    DAY = "DAY"


_SECONDS = {Granularity.MINUTE: 60, Granularity.HOUR: 3600, Granularity.DAY: 86_400}


@dataclass(frozen=True, slots=True)
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
    scope = (str(key.id), principal.organization_id)
    totals: dict[tuple[int, str, str | None], int] = {}
    for at, outcome, count, operations in await _read(scope, first, end, granularity, by_operation):
        bucket = at - at % seconds
        counts: Iterable[tuple[str | None, int]] = (
            operations.items() if by_operation else [(None, count)]
        )
        for operation, n in counts:
            totals[(bucket, outcome, operation)] = totals.get((bucket, outcome, operation), 0) + n
    # Oldest first, then by outcome and operation (all None, or all named, in one answer).
    buckets = []
    for slot in sorted(totals):
        at, outcome, operation = slot
        start_at = datetime.fromtimestamp(at, UTC)
        buckets.append(UsageBucket(start_at, _OUTCOMES[outcome], totals[slot], operation))
    return buckets


_OUTCOMES = {outcome.value: outcome for outcome in KeyOutcome}


_Row = tuple[int, str, int, dict[str, int]]  # start in seconds since the epoch


async def _read(
    scope: tuple[str, str], start: datetime, end: datetime, granularity: Granularity, ops: bool
) -> list[_Row]:
    """MINUTE from the minute rows; HOUR and DAY from the hourly sums of the whole hours and
    the minutes of a last, partial hour (`to` inside an hour)."""
    if granularity is Granularity.MINUTE:
        return await _rows(ApiKeyUsage, scope, start, end, ops)
    whole = hour_start(end)
    hours = await _rows(ApiKeyUsageHour, scope, start, whole, ops)
    return hours + await _rows(ApiKeyUsage, scope, whole, end, ops)


async def _rows(
    model: type[ApiKeyUsage | ApiKeyUsageHour],
    scope: tuple[str, str],
    start: datetime,
    end: datetime,
    by_operation: bool,
) -> list[_Row]:
    """The key's rows from start to end (excluded); operations are read only when asked for."""
    if end <= start:
        return []
    return await usage_counts(model, *scope, start, end, operations=by_operation)
