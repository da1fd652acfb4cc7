from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from resolvers import owned, policy
from resolvers.pagination import Page


async def list_events(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[Event]:
    policy.require(principal, PermissionObject.EVENT, Access.READ)
    return await owned.page(Event, principal, first, after, last=last, before=before, count=count)
