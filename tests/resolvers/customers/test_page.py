"""Customers by numbered pages (GET /api/v1/customers)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.page import page_customers
from resolvers.errors import Forbidden
from tests.rest.calls import assert_a_page_beyond_the_last_is_empty, assert_numbered_pages


async def _make(org, count):
    return [
        await create_customer(org.admin, CustomerFields(external_id=f"c{i}")) for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    await assert_numbered_pages(client, org, other_org, "customers", made)


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    await assert_a_page_beyond_the_last_is_empty(page_customers, org)


async def test_it_needs_customer_read(org):
    with pytest.raises(Forbidden):
        await page_customers(Principal(org.id, full_access=False, grants=frozenset()))
