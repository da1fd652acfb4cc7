from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from resolvers import owned, policy


async def get_event(principal: Principal, event_id: owned.Ref) -> Event | None:
    policy.require(principal, PermissionObject.EVENT, Access.READ)
    return await owned.get(Event, principal, event_id)
