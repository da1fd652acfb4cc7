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
from tests.rest.calls import all_ids, ok


async def _make(org, count):
    customer = await create_customer(org.admin, CustomerFields(external_id="c"))
    plan = await create_plan(org.admin, PlanFields(code="p", name="P", currency="EUR"))
    fields = SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    return [await create_subscription(org.admin, fields) for _ in range(count)]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    assert await all_ids(client, org.key, "subscriptions", per_page=2) == made[::-1]
    last = await ok(client, "GET", "/subscriptions", org.key, page=2, per_page=2)
    assert last["meta"] == {
        "current_page": 2,
        "next_page": None,
        "prev_page": 1,
        "total_pages": 2,
        "total_count": 3,
    }
    assert (await ok(client, "GET", "/subscriptions", other_org.key))["meta"]["total_count"] == 0


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    page = await page_subscriptions(org.admin, 5, 10)
    assert page.items == [] and page.total_count == 1 and page.prev_page is None


async def test_it_needs_subscription_read(org):
    with pytest.raises(Forbidden):
        await page_subscriptions(Principal(org.id, full_access=False, grants=frozenset()))
