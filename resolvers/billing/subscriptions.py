from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import Customer, Invoice, Plan, Subscription, SubscriptionStatus
from resolvers import policy
from resolvers.billing import checks, records
from resolvers.errors import Conflict


def _started_at(value: datetime | None) -> datetime:
    return checks.instant("startedAt", value) or datetime.now(UTC)


async def create_subscription(principal: Principal, values: dict[str, Any]) -> Subscription:
    policy.require(principal, Obj.SUBSCRIPTION, Access.WRITE)
    customer = await records.find(Customer, principal, values["customer_id"], field="customerId")
    plan = await records.find(Plan, principal, values["plan_id"], field="planId")
    return await records.create(
        Subscription,
        principal,
        {
            "customer_id": customer.id,
            "plan_id": plan.id,
            "status": SubscriptionStatus(values.get("status") or SubscriptionStatus.ACTIVE),
            "started_at": _started_at(values.get("started_at")),
        },
        unique="id",
    )


async def update_subscription(
    principal: Principal, subscription_id: str, values: dict[str, Any]
) -> Subscription:
    policy.require(principal, Obj.SUBSCRIPTION, Access.WRITE)
    changes: dict[str, Any] = {}
    if values.get("status") is not None:
        changes["status"] = SubscriptionStatus(values["status"])
    if values.get("plan_id") is not None:
        changes["plan_id"] = (await records.find(Plan, principal, values["plan_id"], "planId")).id
    return await records.update(Subscription, principal, subscription_id, changes, unique="id")


async def delete_subscription(principal: Principal, subscription_id: str) -> Subscription:
    policy.require(principal, Obj.SUBSCRIPTION, Access.WRITE)
    subscription = await records.find(Subscription, principal, subscription_id)
    if await Invoice.exists(subscription_id=subscription.id):
        raise Conflict("the subscription has invoices; terminate it instead")
    await subscription.delete()
    return subscription
