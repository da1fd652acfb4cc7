"""Event ingestion, idempotent by transactionId: a repeat returns the stored event.

On PostgreSQL a batch is one statement: the events not seen before are inserted and
returned, and only the ones already stored are read back. Elsewhere (SQLite), the new
events are inserted in one transaction between two reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise import Tortoise
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from models.tortoise_adapter import rows_as_models
from resolvers import policy
from resolvers.customer_limit import require_event_customers
from resolvers.errors import BadUserInput
from resolvers.events.fields import EventFields

MAX_BATCH = 100
# Arrays, not one placeholder per value: one prepared statement for every batch size.
_INSERT_NEW = """
INSERT INTO event (id, organization_id, created_at, transaction_id, external_customer_id,
                   code, timestamp, properties)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[],
                     $6::text[], $7::timestamptz[], $8::jsonb[])
ON CONFLICT (organization_id, transaction_id) DO NOTHING
RETURNING *
"""
_TEXT_AND_TIME = ("transaction_id", "external_customer_id", "code", "timestamp")
_PROPERTIES = Event._meta.fields_map["properties"]  # JSON text, as Tortoise writes it


async def ingest_events(principal: Principal, batch: Sequence[EventFields]) -> list[Event]:
    """Store the events not seen before; return every event in input order."""
    policy.require(principal, PermissionObject.EVENT, Access.WRITE)
    if len(batch) > MAX_BATCH:
        raise BadUserInput("events", f"at most {MAX_BATCH} events a call")
    checked = [event.checked() for event in batch]
    named = [(v["transaction_id"], v["external_customer_id"]) for v in checked]
    await require_event_customers(principal, named)
    # One event per transactionId: the last of a batch that repeats one.
    unique = {values["transaction_id"]: values for values in checked}
    if Tortoise.get_connection("default").capabilities.dialect == "postgres":
        stored = await _insert_returning(principal, unique)
    else:
        stored = await _insert_between_reads(principal, unique)
    return [stored[values["transaction_id"]] for values in checked]


async def _insert_returning(
    principal: Principal, unique: dict[str, dict[str, Any]]
) -> dict[str, Event]:
    """One INSERT ... ON CONFLICT DO NOTHING RETURNING: the new events; then a read of the
    ones stored before (a concurrent insert of one is waited for by the INSERT)."""
    now, events = datetime.now(UTC), list(unique.values())
    # One instant for the batch; ids ascending in input order, so that newest first (by
    # instant, then id) lists a batch's later events first, as separate inserts would.
    columns = [
        sorted(uuid.uuid4() for _ in events),
        [principal.organization_id] * len(events),
        [now] * len(events),
        *([e[name] for e in events] for name in _TEXT_AND_TIME),
        [_PROPERTIES.to_db_value(e["properties"], Event) for e in events],
    ]
    connection = Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(_INSERT_NEW, columns)
    stored = {event.transaction_id: event for event in rows_as_models(Event, rows)}
    seen_before = [tid for tid in unique if tid not in stored]
    if seen_before:
        stored.update(await _stored(principal, seen_before))
    return stored


async def _insert_between_reads(
    principal: Principal, unique: dict[str, dict[str, Any]]
) -> dict[str, Event]:
    ids = list(unique)
    for _ in range(2):  # a concurrent insert of the same id: read it back on the second pass
        stored = await _stored(principal, ids)
        new = [v for tid, v in unique.items() if tid not in stored]
        try:
            async with in_transaction():
                await Event.bulk_create(
                    [Event(organization_id=principal.organization_id, **v) for v in new]
                )
            break
        except IntegrityError:
            continue
    return await _stored(principal, ids)


async def _stored(principal: Principal, transaction_ids: list[str]) -> dict[str, Event]:
    events = await Event.filter(
        organization_id=principal.organization_id, transaction_id__in=transaction_ids
    )
    return {event.transaction_id: event for event in events}
