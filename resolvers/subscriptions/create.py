from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer, Plan, Subscription
from resolvers import owned, policy
from resolvers.subscriptions.fields import SubscriptionFields


async def create_subscription(principal: Principal, data: SubscriptionFields) -> Subscription:
    """Subscribe a customer to a plan; both stay locked until it is stored."""
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.WRITE)
    values = {"started_at": datetime.now(UTC), **data.for_creation()}
    async with owned.transaction():
        customer = await owned.find(
            Customer, principal, data.customer_id, field="customerId", lock=True
        )
        plan = await owned.find(Plan, principal, data.plan_id, field="planId", lock=True)
        subscription = await Subscription.create(
            organization_id=principal.organization_id,
            customer_id=customer.id,
            plan_id=plan.id,
            **values,
        )
    return subscription
