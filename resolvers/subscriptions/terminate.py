from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Subscription, SubscriptionStatus
from resolvers import owned, policy

# What ending a subscription makes of it: one that never started is canceled.
_ENDED = {
    SubscriptionStatus.ACTIVE: SubscriptionStatus.TERMINATED,
    SubscriptionStatus.PENDING: SubscriptionStatus.CANCELED,
}


async def terminate_subscription(principal: Principal, subscription_id: owned.Ref) -> Subscription:
    """End a subscription (Lago's `DELETE /subscriptions/{external_id}`): an ACTIVE one is
    TERMINATED, a PENDING one CANCELED; one already ended stays as it is."""
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.WRITE)
    async with owned.transaction():
        subscription = await owned.find(Subscription, principal, subscription_id, lock=True)
        ended = _ENDED.get(subscription.status)
        if ended is not None:
            await owned.save(subscription, {"status": ended})
    return subscription
