from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Subscription
from resolvers import owned, policy
from resolvers.pagination import Page, PageRequest


async def list_subscriptions(principal: Principal, request: PageRequest) -> Page[Subscription]:
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.READ)
    return await owned.page(Subscription, principal, request)
