"""Usage events: sent one at a time or in batches of up to 100, idempotent by
transaction_id, and read back. Sending events does not move the key's lastUsedAt."""

from __future__ import annotations

from typing import Any

from auth.grants import Access, PermissionObject
from resolvers.events.create import create_event
from resolvers.events.fields import EventFields
from resolvers.events.get import get_event
from resolvers.events.ingest import MAX_BATCH, ingest_events
from resolvers.events.page import page_events
from rest.fields import (
    INSTANT_OUT,
    OBJECT,
    STRING,
    TEXT,
    UNIX_OR_INSTANT,
    In,
    Input,
    Shape,
    column,
    lago_id,
)
from rest.operations import Call, Key, Operation, creating, getting, listing

EVENT = PermissionObject.EVENT
SHAPE = Shape(
    "event",
    "events",
    "Event",
    (
        lago_id(),
        column("transaction_id", STRING),
        column("external_customer_id", STRING),
        column("code", STRING),
        column("timestamp", INSTANT_OUT),
        column("properties", {"type": "object"}),
        column("created_at", INSTANT_OUT),
    ),
)
FIELDS = (
    In("transaction_id", TEXT, "transaction_id", description="Sending it again is harmless."),
    In("external_customer_id", TEXT, "external_customer_id"),
    In("code", TEXT, "code", description="The billable metric's code."),
    In(
        "timestamp",
        UNIX_OR_INSTANT,
        "timestamp",
        nullable=True,
        description="Unix seconds (decimals for milliseconds) or ISO 8601; now if left out.",
    ),
    In("properties", OBJECT, "properties", nullable=True),
)
BODY = Input("event", "EventInput", EventFields, FIELDS)
BATCH = Input("events", "EventBatchInput", EventFields, FIELDS, many=MAX_BATCH)
KEY = Key("transaction_id", "transaction_id", "The event's transaction_id.")


async def _ingest(call: Call) -> dict[str, Any]:
    stored = await ingest_events(call.principal, BATCH.read(call.body))
    return {"events": await SHAPE.dump_all(call.principal, stored)}


OPERATIONS = (
    creating(
        SHAPE,
        EVENT,
        BODY,
        create_event,
        summary="Send a usage event",
        ingestion=True,
        description="Idempotent by transaction_id: an event sent again answers the one stored.",
    ),
    Operation(
        "POST",
        "/events/batch",
        "createBatchEvents",
        f"Send up to {MAX_BATCH} usage events",
        SHAPE,
        (EVENT, Access.WRITE),
        ingest_events,
        _ingest,
        "list",
        body=BATCH,
        ingestion=True,
        description="Idempotent by transaction_id; the events answered in the order sent.",
    ),
    listing(SHAPE, EVENT, page_events),
    getting(SHAPE, EVENT, KEY, get_event),
)
