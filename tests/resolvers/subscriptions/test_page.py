"""Subscriptions by numbered pages (GET /api/v1/subscriptions)."""

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
from resolvers.subscriptions.page import page_subscriptions
from tests.rest.calls import assert_a_page_beyond_the_last_is_empty, assert_numbered_pages


async def _make(org, count):
    customer = await create_customer(org.admin, CustomerFields(external_id="c"))
    plan = await create_plan(org.admin, PlanFields(code="p", name="P", currency="EUR"))
    fields = SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    return [await create_subscription(org.admin, fields) for _ in range(count)]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    await assert_numbered_pages(client, org, other_org, "subscriptions", made)


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    await assert_a_page_beyond_the_last_is_empty(page_subscriptions, org)


async def test_it_needs_subscription_read(org):
    with pytest.raises(Forbidden):
        await page_subscriptions(Principal(org.id, full_access=False, grants=frozenset()))
