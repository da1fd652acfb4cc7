from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Subscription
from resolvers import owned, policy


async def get_subscription(principal: Principal, subscription_id: owned.Ref) -> Subscription | None:
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.READ)
    return await owned.get(Subscription, principal, subscription_id)
