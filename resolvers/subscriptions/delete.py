from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice, Subscription
from resolvers import owned, policy

IN_USE = owned.InUse(
    {Invoice: "subscription_id"}, "the subscription has invoices; terminate it instead"
)


async def delete_subscription(principal: Principal, subscription_id: str) -> Subscription:
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.WRITE)
    return await owned.delete(Subscription, principal, subscription_id, unless=IN_USE)
