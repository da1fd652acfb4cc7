from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from resolvers import owned, policy
from resolvers.pagination import Page, PageRequest


async def list_events(principal: Principal, request: PageRequest) -> Page[Event]:
    policy.require(principal, PermissionObject.EVENT, Access.READ)
    return await owned.page(Event, principal, request)
