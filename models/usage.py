"""What each API key did: requests counted per minute and outcome (with their root
operation fields), summed by hour too, and the key's last requests, written in batches by
auth/activity.py."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any, ClassVar

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


_SELECT = (
    "SELECT {epoch}, outcome, count{more} FROM {table} WHERE api_key_id = {marks[0]} "
    "AND organization_id = {marks[1]} AND {at} >= {marks[2]} AND {at} < {marks[3]}"
)
_EPOCH = {
    "postgres": "CAST(extract(epoch FROM {at}) AS BIGINT)",
    "sqlite": "CAST(strftime('%s', {at}) AS INTEGER)",
}


@functools.cache
def _select_sql(table: str, at: str, dialect: str, operations: bool) -> str:
    marks = ["$1", "$2", "$3", "$4"] if dialect == "postgres" else ["?"] * 4
    epoch = _EPOCH[dialect].format(at=at)
    more = ", operations" if operations else ""
    return _SELECT.format(epoch=epoch, table=table, marks=marks, at=at, more=more)


@functools.cache
def _upsert_sql(table: str, at: str, dialect: str) -> str:
    columns = _columns(at)
    marks = (f"${n}" if dialect == "postgres" else "?" for n in range(1, len(columns) + 1))
    return _UPSERT.format(
        table=table, columns=", ".join(columns), marks=", ".join(marks), at=at, **_DIALECTS[dialect]
    )


async def usage_counts(
    model: type[_Counted],
    api_key_id: str,
    organization_id: str,
    start: datetime,
    end: datetime,
    *,
    operations: bool = False,
) -> list[tuple[int, str, int, dict[str, int]]]:
    """(start in seconds since the epoch, outcome, count, operations: empty unless asked
    for) of a key's rows from start to end (excluded), read without the ORM's per-row
    conversion: 30 days by hour is 720 rows an outcome, which Tortoise's datetime parsing
    made several times slower."""
    at, connection = model.SLOT, model._meta.db
    sql = _select_sql(model._meta.db_table, at, connection.capabilities.dialect, operations)
    names = ("api_key_id", "organization_id", at, at)
    values = (api_key_id, organization_id, start, end)
    fields_map = model._meta.fields_map
    stored = [fields_map[n].to_db_value(v, model) for n, v in zip(names, values, strict=True)]
    _, rows = await connection.execute_query(sql, stored)
    if not operations:
        return [(int(row[0]), row[1], int(row[2]), {}) for row in rows]
    read = fields_map["operations"].to_python_value
    return [(int(row[0]), row[1], int(row[2]), read(row[3])) for row in rows]
