"""`lastUsedAt`, recorded in memory per request and written in one statement per flush.

The statement only moves a key's time forward, so processes flushing out of
order never move it back.
"""

from __future__ import annotations

import logging
from datetime import datetime

from tortoise import Tortoise

from auth.batched import Batched
from telemetry import metrics

FLUSH_SECONDS = 30.0
log = logging.getLogger("apikeys.last_used")


class LastUsedRecorder(Batched):
    flush_every, flush_name = FLUSH_SECONDS, "lastUsedAt"

    def __init__(self) -> None:
        self._pending: dict[str, datetime] = {}
        # Uses of a previous secret during a rotation's grace: previousSecretLastUsedAt.
        self._previous: dict[str, datetime] = {}

    def record(self, api_key_id: str, when: datetime) -> None:
        known = self._pending.get(api_key_id)
        if known is None or when > known:
            self._pending[api_key_id] = when

    def record_previous(self, api_key_id: str, when: datetime) -> None:
        known = self._previous.get(api_key_id)
        if known is None or when > known:
            self._previous[api_key_id] = when

    def clear(self) -> None:
        self._pending.clear()
        self._previous.clear()

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def flush(self) -> int:
        """Write what was recorded since the last flush; returns how many keys."""
        await self._flush_previous()
        batch, self._pending = self._pending, {}
        if not batch:
            return 0
        connection = Tortoise.get_connection("default")
        sql, values = _statement(connection.capabilities.dialect, batch)
        try:
            await connection.execute_query(sql, values)
        except Exception:
            for key_id, when in batch.items():
                self.record(key_id, when)
            raise
        return len(batch)

    async def _flush_previous(self) -> None:
        batch, self._previous = self._previous, {}
        if not batch:
            return
        connection = Tortoise.get_connection("default")
        dialect = connection.capabilities.dialect
        sql, values = _statement(dialect, batch, "previous_secret_last_used_at")
        try:
            await connection.execute_query(sql, values)
        except Exception:
            for key_id, when in batch.items():
                self.record_previous(key_id, when)
            raise

    def flush_failed(self) -> None:
        metrics.LAST_USED_FLUSHES.labels("failed").inc()

    def flushed(self, flushed: object) -> None:
        if isinstance(flushed, int) and flushed:
            metrics.LAST_USED_FLUSHES.labels("ok").inc()
            metrics.LAST_USED_KEYS.inc(flushed)


def _statement(
    dialect: str, batch: dict[str, datetime], column: str = "last_used_at"
) -> tuple[str, list[object]]:
    # Only placeholders are interpolated; every value is a bound parameter.
    values: list[object] = []
    if dialect == "postgres":
        rows = []
        for key_id, when in batch.items():
            values += [key_id, when]
            rows.append(f"(${len(values) - 1}::uuid, ${len(values)}::timestamptz)")
        sql = (
            f"UPDATE api_key AS k SET {column} = v.t FROM (VALUES "
            + ", ".join(rows)
            + f") AS v(id, t) WHERE k.id = v.id AND (k.{column} IS NULL OR k.{column} < v.t)"
        )
        return sql, values
    cases = " ".join("WHEN ? THEN ?" for _ in batch)
    pairs = [item for key_id, when in batch.items() for item in (key_id, when)]
    ids = ", ".join("?" for _ in batch)
    sql = (
        f"UPDATE api_key SET {column} = CASE id {cases} END WHERE id IN ({ids}) "
        f"AND ({column} IS NULL OR {column} < CASE id {cases} END)"
    )
    return sql, [*pairs, *batch.keys(), *pairs]
