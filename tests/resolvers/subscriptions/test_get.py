from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.subscriptions.get import get_subscription


async def test_a_subscription_is_read_by_id_inside_its_organization_only(org, other_org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    made = await create_subscription(
        org.admin, SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    )
    assert (await get_subscription(org.admin, str(made.id))) == made
    assert await get_subscription(other_org.admin, str(made.id)) is None


async def test_it_needs_subscription_read(org):
    with pytest.raises(Forbidden):
        await get_subscription(Principal(org.id, full_access=False, grants=frozenset()), "x")
