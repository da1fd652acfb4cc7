from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Event
from resolvers import owned, policy
from resolvers.numbered import DEFAULT_PER_PAGE, NumberedPage


async def page_events(
    principal: Principal, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> NumberedPage[Event]:
    """A numbered page of the organization's events, newest first."""
    policy.require(principal, PermissionObject.EVENT, Access.READ)
    return await owned.numbered_page(Event, principal, page, per_page)
