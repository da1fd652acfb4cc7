from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.invoices.get import get_invoice


async def test_an_invoice_is_read_by_id_inside_its_organization_only(org, other_org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    made = await create_invoice(
        org.admin, InvoiceFields(customer_id=str(customer.id), number="INV-1", currency="EUR")
    )
    assert (await get_invoice(org.admin, str(made.id))) == made
    assert await get_invoice(other_org.admin, str(made.id)) is None


async def test_it_needs_invoice_read(org):
    with pytest.raises(Forbidden):
        await get_invoice(Principal(org.id, full_access=False, grants=frozenset()), "x")
