from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Subscription
from resolvers import owned, policy
from resolvers.numbered import DEFAULT_PER_PAGE, NumberedPage


async def page_subscriptions(
    principal: Principal, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> NumberedPage[Subscription]:
    """A numbered page of the organization's subscriptions, newest first."""
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.READ)
    return await owned.numbered_page(Subscription, principal, page, per_page)
