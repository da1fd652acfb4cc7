from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.invoices.list import list_invoices
from resolvers.pagination import PageRequest


async def test_the_organizations_invoices_newest_first(org, other_org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    for number in ("INV-1", "INV-2"):
        await create_invoice(
            org.admin, InvoiceFields(customer_id=str(customer.id), number=number, currency="EUR")
        )
    assert [i.number for i in (await list_invoices(org.admin, PageRequest(first=10))).items] == [
        "INV-2",
        "INV-1",
    ]
    assert (await list_invoices(other_org.admin, PageRequest(first=10))).total_count == 0


async def test_it_needs_invoice_read(org):
    with pytest.raises(Forbidden):
        await list_invoices(
            Principal(org.id, full_access=False, grants=frozenset()), PageRequest(first=1)
        )
