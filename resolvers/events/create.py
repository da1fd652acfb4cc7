from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from resolvers import policy
from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events


async def create_event(principal: Principal, data: EventFields) -> Event:
    """One event, as `ingest_events` stores it: a repeated transactionId returns the stored one."""
    policy.require(principal, PermissionObject.EVENT, Access.WRITE)
    (event,) = await ingest_events(principal, [data])
    return event
