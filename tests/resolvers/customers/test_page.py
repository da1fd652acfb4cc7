"""Customers by numbered pages (GET /api/v1/customers)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.page import page_customers
from resolvers.errors import Forbidden
from tests.rest.calls import all_ids, ok


async def _make(org, count):
    return [
        await create_customer(org.admin, CustomerFields(external_id=f"c{i}")) for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    assert await all_ids(client, org.key, "customers", per_page=2) == made[::-1]
    last = await ok(client, "GET", "/customers", org.key, page=2, per_page=2)
    assert last["meta"] == {
        "current_page": 2,
        "next_page": None,
        "prev_page": 1,
        "total_pages": 2,
        "total_count": 3,
    }
    assert (await ok(client, "GET", "/customers", other_org.key))["meta"]["total_count"] == 0


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    page = await page_customers(org.admin, 5, 10)
    assert page.items == [] and page.total_count == 1 and page.prev_page is None


async def test_it_needs_customer_read(org):
    with pytest.raises(Forbidden):
        await page_customers(Principal(org.id, full_access=False, grants=frozenset()))
