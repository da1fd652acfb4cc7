from __future__ import annotations

import pytest

from models import SubscriptionStatus
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import NotFound
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.subscriptions.update import update_subscription


async def _subscription(org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    fields = SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    return await create_subscription(org.admin, fields)


async def test_the_status_and_the_plan_change(org):
    subscription = await _subscription(org)
    pro = await create_plan(org.admin, PlanFields(code="pro", name="Pro", currency="EUR"))
    changed = await update_subscription(
        org.admin,
        str(subscription.id),
        SubscriptionFields(status=SubscriptionStatus.TERMINATED, plan_id=str(pro.id)),
    )
    assert (changed.status, str(changed.plan_id)) == (SubscriptionStatus.TERMINATED, str(pro.id))


async def test_a_null_status_or_plan_leaves_it_as_it_is(org):
    subscription = await _subscription(org)
    kept = await update_subscription(
        org.admin, str(subscription.id), SubscriptionFields(status=None, plan_id=None)
    )
    assert (kept.status, kept.plan_id) == (SubscriptionStatus.ACTIVE, subscription.plan_id)


async def test_another_organizations_plan_is_not_found_naming_the_field(org, other_org):
    subscription = await _subscription(org)
    theirs = await create_plan(other_org.admin, PlanFields(code="p", name="P", currency="EUR"))
    with pytest.raises(NotFound) as refused:
        await update_subscription(
            org.admin, str(subscription.id), SubscriptionFields(plan_id=str(theirs.id))
        )
    assert refused.value.extensions == {"field": "planId"}


async def test_another_organizations_subscription_is_not_found(org, other_org):
    theirs = await _subscription(other_org)
    with pytest.raises(NotFound):
        await update_subscription(org.admin, str(theirs.id), SubscriptionFields())
