from __future__ import annotations

import pytest

from models import Plan
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Conflict, NotFound
from resolvers.plans.create import create_plan
from resolvers.plans.delete import delete_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields


async def _plan(org):
    return await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))


async def test_a_plan_nobody_is_on_is_deleted(org):
    plan = await _plan(org)
    assert (await delete_plan(org.admin, str(plan.id))).code == "basic"
    assert not await Plan.exists(id=plan.id)


async def test_a_plan_with_subscriptions_is_a_conflict(org):
    plan = await _plan(org)
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    await create_subscription(
        org.admin, SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    )
    with pytest.raises(Conflict):
        await delete_plan(org.admin, str(plan.id))
    assert await Plan.exists(id=plan.id)


async def test_another_organizations_plan_is_not_found(org, other_org):
    theirs = await _plan(other_org)
    with pytest.raises(NotFound):
        await delete_plan(org.admin, str(theirs.id))
