"""Event ingestion, idempotent by transactionId: a repeat returns the stored event."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from resolvers import policy
from resolvers.errors import BadUserInput
from resolvers.events.fields import EventFields

MAX_BATCH = 100


async def ingest_events(principal: Principal, batch: Sequence[EventFields]) -> list[Event]:
    """Store the events not seen before; return every event in input order."""
    policy.require(principal, PermissionObject.EVENT, Access.WRITE)
    if len(batch) > MAX_BATCH:
        raise BadUserInput("events", f"at most {MAX_BATCH} events a call")
    checked = [event.checked() for event in batch]
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
