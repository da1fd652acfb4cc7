from __future__ import annotations

import pytest

from models import Invoice, InvoiceStatus
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Conflict
from resolvers.invoices.create import create_invoice
from resolvers.invoices.delete import delete_invoice
from resolvers.invoices.fields import InvoiceFields


async def _invoice(org, status: InvoiceStatus):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    fields = InvoiceFields(
        customer_id=str(customer.id), number="INV-1", currency="EUR", status=status
    )
    return await create_invoice(org.admin, fields)


async def test_a_draft_is_deleted(org):
    invoice = await _invoice(org, InvoiceStatus.DRAFT)
    await delete_invoice(org.admin, str(invoice.id))
    assert not await Invoice.exists(id=invoice.id)


async def test_a_finalized_invoice_is_voided_never_deleted(org):
    invoice = await _invoice(org, InvoiceStatus.FINALIZED)
    with pytest.raises(Conflict):
        await delete_invoice(org.admin, str(invoice.id))
    assert await Invoice.exists(id=invoice.id)
