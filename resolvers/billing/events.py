"""Event ingestion, idempotent by transactionId: a repeat returns the stored event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import Event
from resolvers import policy, text
from resolvers.billing import checks
from resolvers.errors import BadUserInput

MAX_BATCH = 100


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    timestamp = checks.instant("timestamp", values.get("timestamp")) or datetime.now(UTC)
    properties = values.get("properties") or {}
    if not isinstance(properties, dict):
        raise BadUserInput("properties", "must be a JSON object")
    return {
        "transaction_id": checks.text("transactionId", values.get("transaction_id")),
        "external_customer_id": checks.text(
            "externalCustomerId", values.get("external_customer_id")
        ),
        "code": checks.text("code", values.get("code")),
        "timestamp": timestamp,
        "properties": text.check_json("properties", properties),
    }


async def ingest_events(principal: Principal, batch: list[dict[str, Any]]) -> list[Event]:
    """Store the events not seen before; return every event in input order."""
    policy.require(principal, Obj.EVENT, Access.WRITE)
    if len(batch) > MAX_BATCH:
        raise BadUserInput("events", f"at most {MAX_BATCH} events a call")
    checked = [_checked(values) for values in batch]
    ids = list(dict.fromkeys(values["transaction_id"] for values in checked))
    for _ in range(2):  # a concurrent insert of the same id: read it back on the second pass
        stored = await _stored(principal, ids)
        new = {v["transaction_id"]: v for v in checked if v["transaction_id"] not in stored}
        try:
            async with in_transaction():
                await Event.bulk_create(
                    [Event(organization_id=principal.organization_id, **v) for v in new.values()]
                )
            break
        except IntegrityError:
            continue
    stored = await _stored(principal, ids)
    return [stored[values["transaction_id"]] for values in checked]


async def _stored(principal: Principal, transaction_ids: list[str]) -> dict[str, Event]:
    events = await Event.filter(
        organization_id=principal.organization_id, transaction_id__in=transaction_ids
    )
    return {event.transaction_id: event for event in events}


async def create_event(principal: Principal, values: dict[str, Any]) -> Event:
    policy.require(principal, Obj.EVENT, Access.WRITE)
    (event,) = await ingest_events(principal, [values])
    return event
