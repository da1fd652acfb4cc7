"""What each API key did: requests counted per minute and outcome (with their root
operation fields), summed by hour too, and the key's last requests, written in batches by
auth/activity.py."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction


class _Counted(Model):
    # One key's requests of one outcome in one time slot; `operations` counts them by root
    # field. The slot's column (SLOT: minute, hour) is each table's own.
    SLOT: ClassVar[str]
    id = fields.BigIntField(primary_key=True)
    api_key_id = fields.UUIDField()
    organization_id = fields.UUIDField()
    outcome = fields.CharField(max_length=20)
    count = fields.BigIntField(default=0)
    operations: Any = fields.JSONField(default=dict)

    class Meta:
        abstract = True


class ApiKeyUsage(_Counted):
    # One row per key, minute and outcome.
    SLOT = "minute"
    minute = fields.DatetimeField()

    class Meta:
        table = "api_key_usage"
        unique_together = (("api_key_id", "minute", "outcome"),)


class ApiKeyUsageHour(_Counted):
    # The minute rows of one key, hour (UTC) and outcome summed: what HOUR and DAY read.
    SLOT = "hour"
    hour = fields.DatetimeField()

    class Meta:
        table = "api_key_usage_hour"
        unique_together = (("api_key_id", "hour", "outcome"),)


class ApiKeyRequest(Model):
    # A key's recent requests: the last RECENT_KEPT of each key are kept.
    id = fields.BigIntField(primary_key=True)
    api_key_id = fields.UUIDField()
    organization_id = fields.UUIDField()
    at = fields.DatetimeField()
    client_address = fields.CharField(max_length=64, null=True)
    operation = fields.CharField(max_length=120)
    outcome = fields.CharField(max_length=20)

    class Meta:
        table = "api_key_request"
        indexes = (("api_key_id", "at"),)


def slot_start(at: datetime, seconds: int) -> datetime:
    """The start (UTC) of the slot of `seconds` that holds `at`."""
    stamp = int(at.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, UTC)


def hour_start(at: datetime) -> datetime:
    return slot_start(at, 3600)


async def add_usage(
    api_key_id: str,
    organization_id: str,
    minute: datetime,
    outcome: str,
    count: int,
    operations: dict[str, int],
) -> None:
    """Add to the key's minute row and to its hour row, in one transaction, so that the
    hours always sum the minutes. Each is one atomic upsert: two processes adding to the
    same row both count, and neither waits for a lock taken by a read."""
    async with in_transaction() as connection:
        for model, at in ((ApiKeyUsage, minute), (ApiKeyUsageHour, hour_start(minute))):
            values = [api_key_id, organization_id, at, outcome, count, operations]
            await _upsert(connection, model, values)


async def add_requests(
    api_key_id: str,
    organization_id: str,
    requests: Iterable[tuple[datetime, str | None, str, str]],
) -> None:
    """A key's requests (at, client address, operation, outcome), in one statement run for
    every row: as model instances, 1,000 of them (ten busy seconds of one key) held the
    event loop for ~20 ms, a stall every request in flight waited out."""
    fields_map = ApiKeyRequest._meta.fields_map
    key = fields_map["api_key_id"].to_db_value(api_key_id, ApiKeyRequest)
    organization = fields_map["organization_id"].to_db_value(organization_id, ApiKeyRequest)
    connection = ApiKeyRequest._meta.db
    sql = _insert_requests_sql(connection.capabilities.dialect)
    await connection.execute_many(sql, [[key, organization, *request] for request in requests])


_REQUEST_COLUMNS = ("api_key_id", "organization_id", "at", "client_address", "operation", "outcome")
_INSERT = "INSERT INTO {table} ({columns}) VALUES ({marks})"


@functools.cache
def _insert_requests_sql(dialect: str) -> str:
    return _INSERT.format(
        table=ApiKeyRequest._meta.db_table,
        columns=", ".join(_REQUEST_COLUMNS),
        marks=", ".join(_marks(dialect, len(_REQUEST_COLUMNS))),
    )


def _marks(dialect: str, count: int, after: int = 0) -> list[str]:
    """`count` parameter placeholders, numbered from after + 1 on PostgreSQL."""
    if dialect == "postgres":
        return [f"${n}" for n in range(after + 1, after + count + 1)]
    return ["?"] * count


_COLUMNS = ("api_key_id", "organization_id", "{at}", "outcome", "count", "operations")
_UPSERT = (
    "INSERT INTO {table} AS held ({columns}) VALUES ({marks}) "
    "ON CONFLICT (api_key_id, {at}, outcome) DO UPDATE SET count = held.count + excluded.count, "
    "operations = COALESCE((SELECT {object}(key, total) FROM (SELECT key, SUM({value}) AS total "
    "FROM (SELECT key, value FROM {each}(held.operations) UNION ALL "
    "SELECT key, value FROM {each}(excluded.operations)) AS pairs GROUP BY key) AS summed), '{{}}')"
)
# How each database sums two JSON objects of counts, key by key.
_DIALECTS = {
    "postgres": {"object": "jsonb_object_agg", "value": "value::bigint", "each": "jsonb_each_text"},
    "sqlite": {"object": "json_group_object", "value": "value", "each": "json_each"},
}


async def _upsert(connection: BaseDBAsyncClient, model: type[_Counted], values: list[Any]) -> None:
    fields_map = model._meta.fields_map
    stored = [
        fields_map[c].to_db_value(v, model)
        for c, v in zip(_columns(model.SLOT), values, strict=True)
    ]
    sql = _upsert_sql(model._meta.db_table, model.SLOT, connection.capabilities.dialect)
    await connection.execute_query(sql, stored)


@functools.cache
def _columns(at: str) -> tuple[str, ...]:
    return tuple(column.format(at=at) for column in _COLUMNS)


_PART = (
    "SELECT {epoch} AS at, outcome, count{more} FROM {table} WHERE api_key_id = {marks[0]} "
    "AND organization_id = {marks[1]} AND {at} >= {marks[2]} AND {at} < {marks[3]}"
)
_EPOCH = {
    "postgres": "CAST(extract(epoch FROM {at}) AS BIGINT)",
    "sqlite": "CAST(strftime('%s', {at}) AS INTEGER)",
}
_TOTALS = (
    "SELECT at - at % {seconds} AS bucket, outcome, {operation} AS operation, "
    "CAST(SUM({count}) AS BIGINT) FROM ({parts}) AS counted{each} "
    "GROUP BY bucket, outcome{operation_by} "
    "ORDER BY bucket, outcome{collate}{operation_by}{op_collate}"
)
# Python's order of strings (code points), which PostgreSQL's default collation is not.
_COLLATE = {"postgres": ' COLLATE "C"', "sqlite": ""}
# With operations, each row's counts by root field: json_each / jsonb_each_text's key and value.
_EACH_VALUE = {"postgres": "e.value::bigint", "sqlite": "e.value"}


@functools.cache
def _totals_sql(
    tables: tuple[tuple[str, str], ...], seconds: int, dialect: str, operations: bool
) -> str:
    parts = []
    for n, (table, at) in enumerate(tables):
        marks = _marks(dialect, 4, after=4 * n)
        epoch = _EPOCH[dialect].format(at=at)
        more = ", operations" if operations else ""
        parts.append(_PART.format(epoch=epoch, more=more, table=table, marks=marks, at=at))
    each = _DIALECTS[dialect]["each"]
    return _TOTALS.format(
        seconds=int(seconds),
        parts=" UNION ALL ".join(parts),
        operation="e.key" if operations else "NULL",
        count=_EACH_VALUE[dialect] if operations else "count",
        each=f", {each}(counted.operations) AS e" if operations else "",
        operation_by=", e.key" if operations else "",
        collate=_COLLATE[dialect],
        op_collate=_COLLATE[dialect] if operations else "",
    )


@functools.cache
def _upsert_sql(table: str, at: str, dialect: str) -> str:
    columns = _columns(at)
    marks = _marks(dialect, len(columns))
    return _UPSERT.format(
        table=table, columns=", ".join(columns), marks=", ".join(marks), at=at, **_DIALECTS[dialect]
    )


_Part = tuple[type[_Counted], datetime, datetime]


async def usage_totals(
    api_key_id: str,
    organization_id: str,
    parts: Sequence[_Part],
    seconds: int,
    *,
    operations: bool = False,
) -> list[tuple[int, str, str | None, int]]:
    """(start of the bucket in seconds since the epoch, outcome, root operation field or
    None, count): a key's rows of each (table, start, end excluded) summed by buckets of
    `seconds` (and by operation, with `operations`), oldest first, then by outcome (and
    operation). The database sums and sorts, in one query: 30 days by hour is 1,440
    buckets, which summed row by row in Python cost more than the rest of the request."""
    parts = [part for part in parts if part[1] < part[2]]
    if not parts:
        return []
    connection = parts[0][0]._meta.db
    tables = tuple((model._meta.db_table, model.SLOT) for model, _, _ in parts)
    sql = _totals_sql(tables, seconds, connection.capabilities.dialect, operations)
    stored: list[Any] = []
    for model, start, end in parts:
        fields_map = model._meta.fields_map
        names = ("api_key_id", "organization_id", model.SLOT, model.SLOT)
        values = (api_key_id, organization_id, start, end)
        stored += [fields_map[n].to_db_value(v, model) for n, v in zip(names, values, strict=True)]
    _, rows = await connection.execute_query(sql, stored)
    return cast(list[tuple[int, str, str | None, int]], rows)  # records: sequences
