from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer, Plan, Subscription
from resolvers import owned, policy
from resolvers.errors import BadUserInput
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.unchanged import UNCHANGED


async def create_subscription(principal: Principal, data: SubscriptionFields) -> Subscription:
    """Subscribe a customer to a plan; both stay locked until it is stored."""
    policy.require(principal, PermissionObject.SUBSCRIPTION, Access.WRITE)
    new_id = uuid.uuid4()
    values = {"started_at": datetime.now(UTC), "external_id": str(new_id), **data.for_creation()}
    customer_ref, plan_ref = _named(data.customer_id, "customerId"), _named(data.plan_id, "planId")
    async with owned.transaction(unique="externalId"):
        customer = await owned.find(
            Customer, principal, customer_ref, field="customerId", lock=True
        )
        plan = await owned.find(Plan, principal, plan_ref, field="planId", lock=True)
        subscription = await Subscription.create(
            id=new_id,
            organization_id=principal.organization_id,
            customer_id=customer.id,
            plan_id=plan.id,
            **values,
        )
    return subscription


def _named(ref: Any, field: str) -> owned.Ref:
    """The customer or plan the caller names (by id or owned.By); null is not one."""
    if ref is UNCHANGED or ref is None:
        raise BadUserInput(field, "is required")
    return ref  # type: ignore[no-any-return]
