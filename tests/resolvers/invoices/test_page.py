"""Invoices by numbered pages (GET /api/v1/invoices)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.invoices.page import page_invoices
from tests.rest.calls import assert_a_page_beyond_the_last_is_empty, assert_numbered_pages


async def _make(org, count):
    customer = await create_customer(org.admin, CustomerFields(external_id="c"))
    return [
        await create_invoice(
            org.admin, InvoiceFields(customer_id=str(customer.id), number=f"n{i}", currency="EUR")
        )
        for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    await assert_numbered_pages(client, org, other_org, "invoices", made)


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    await assert_a_page_beyond_the_last_is_empty(page_invoices, org)


async def test_it_needs_invoice_read(org):
    with pytest.raises(Forbidden):
        await page_invoices(Principal(org.id, full_access=False, grants=frozenset()))
