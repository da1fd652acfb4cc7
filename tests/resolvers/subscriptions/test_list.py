from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden
from resolvers.pagination import PageRequest
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.subscriptions.list import list_subscriptions


async def test_the_organizations_subscriptions(org, other_org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    made = await create_subscription(
        org.admin, SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    )
    assert (await list_subscriptions(org.admin, PageRequest(first=10))).items == [made]
    assert (await list_subscriptions(other_org.admin, PageRequest(first=10))).total_count == 0


async def test_it_needs_subscription_read(org):
    with pytest.raises(Forbidden):
        await list_subscriptions(
            Principal(org.id, full_access=False, grants=frozenset()), PageRequest(first=1)
        )
