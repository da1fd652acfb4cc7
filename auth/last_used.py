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


LAST_USED, PREVIOUS = "last_used_at", "previous_secret_last_used_at"


class LastUsedRecorder(Batched):
    flush_every, flush_name = FLUSH_SECONDS, "lastUsedAt"

    def __init__(self) -> None:
        # Per column, each key's latest use since the last flush: lastUsedAt, and the uses
        # of a previous secret during a rotation's grace (previousSecretLastUsedAt).
        self._batches: dict[str, dict[str, datetime]] = {LAST_USED: {}, PREVIOUS: {}}

    def record(self, api_key_id: str, when: datetime) -> None:
        _keep_latest(self._batches[LAST_USED], api_key_id, when)

    def record_previous(self, api_key_id: str, when: datetime) -> None:
        _keep_latest(self._batches[PREVIOUS], api_key_id, when)

    def clear(self) -> None:
        for batch in self._batches.values():
            batch.clear()

    @property
    def pending(self) -> int:
        return len(self._batches[LAST_USED])

    async def flush(self) -> int:
        """Write what was recorded since the last flush; returns how many keys' lastUsedAt."""
        await self._write(PREVIOUS)
        return await self._write(LAST_USED)

    async def _write(self, column: str) -> int:
        batch, self._batches[column] = self._batches[column], {}
        if not batch:
            return 0
        connection = Tortoise.get_connection("default")
        sql, values = _statement(connection.capabilities.dialect, batch, column)
        try:
            await connection.execute_query(sql, values)
        except Exception:
            for key_id, when in batch.items():
                _keep_latest(self._batches[column], key_id, when)
            raise
        return len(batch)

    def flush_failed(self) -> None:
        metrics.LAST_USED_FLUSHES.labels("failed").inc()

    def flushed(self, flushed: object) -> None:
        if isinstance(flushed, int) and flushed:
            metrics.LAST_USED_FLUSHES.labels("ok").inc()
            metrics.LAST_USED_KEYS.inc(flushed)


def _keep_latest(batch: dict[str, datetime], api_key_id: str, when: datetime) -> None:
    known = batch.get(api_key_id)
    if known is None or when > known:
        batch[api_key_id] = when


def _statement(dialect: str, batch: dict[str, datetime], column: str) -> tuple[str, list[object]]:
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
