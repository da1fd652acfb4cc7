from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan, Subscription
from resolvers import owned, policy
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.unchanged import UNCHANGED


async def update_subscription(
    principal: Principal, subscription_id: str, data: SubscriptionFields
) -> Subscription:
    """Change the status, or move to another plan; the customer stays."""
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.WRITE)
    changes = data.changes()
    async with owned.transaction():
        subscription = await owned.find(Subscription, principal, subscription_id, lock=True)
        if data.plan_id not in (UNCHANGED, None):
            plan = await owned.find(Plan, principal, data.plan_id, field="planId", lock=True)
            changes["plan_id"] = plan.id
        await owned.save(subscription, changes)
    return subscription
