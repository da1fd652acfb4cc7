from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Subscription
from resolvers import owned, policy
from resolvers.pagination import Page


async def list_subscriptions(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[Subscription]:
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.READ)
    return await owned.page(
        Subscription, principal, first, after, last=last, before=before, count=count
    )
