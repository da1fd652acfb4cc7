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
    customer_ref = _named(principal, data.customer_id, "customerId", PermissionObject.CUSTOMER)
    plan_ref = _named(principal, data.plan_id, "planId", PermissionObject.PLAN)
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


def _named(principal: Principal, ref: Any, field: str, obj: PermissionObject) -> owned.Ref:
    """The customer or plan the caller names (by id or owned.By); null is not one. Naming
    it by its own field (external_id, code) needs reading it: found or not found would
    otherwise tell which exist."""
    if ref is UNCHANGED or ref is None:
        raise BadUserInput(field, "is required")
    if isinstance(ref, owned.By):
        policy.require(principal, obj, Access.READ)
    return ref  # type: ignore[no-any-return]
