"""/api/v1/invoices: read, in Lago's statuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import InvoiceStatus
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from tests.rest.calls import ok, refused


async def _invoice(org, status=InvoiceStatus.DRAFT, **fields):
    customer = await create_customer(org.admin, CustomerFields(external_id=f"c-{status}"))
    values = InvoiceFields(
        customer_id=str(customer.id), number=f"N-{status}", currency="EUR", status=status, **fields
    )
    return await create_invoice(org.admin, values)


@pytest.mark.parametrize(
    ("status", "lago_status", "payment_status"),
    [
        (InvoiceStatus.DRAFT, "draft", "pending"),
        (InvoiceStatus.FINALIZED, "finalized", "pending"),
        (InvoiceStatus.PAID, "finalized", "succeeded"),
        (InvoiceStatus.VOIDED, "voided", "pending"),
    ],
)
async def test_an_invoice_as_lago_answers_it(client, org, status, lago_status, payment_status):
    made = await _invoice(
        org, status, total_cents=1234, issued_at=datetime(2030, 4, 30, 12, tzinfo=UTC)
    )
    invoice = (await ok(client, "GET", f"/invoices/{made.id}", org.key))["invoice"]
    assert invoice["status"] == lago_status and invoice["payment_status"] == payment_status
    assert invoice["issuing_date"] == "2030-04-30" and invoice["total_amount_cents"] == 1234
    assert (
        invoice["lago_customer_id"] == str(made.customer_id)
        and invoice["lago_subscription_id"] is None
    )
    assert (await ok(client, "GET", "/invoices", org.key))["invoices"] == [invoice]


async def test_unknown_and_other_organizations_invoices_are_not_found(client, org, other_org):
    made = await _invoice(org)
    for key, lago_id in [
        (org.key, "not-a-uuid"),
        (org.key, "00000000-0000-0000-0000-000000000000"),
        (other_org.key, str(made.id)),
    ]:
        assert (await refused(client, 404, "GET", f"/invoices/{lago_id}", key))[
            "code"
        ] == "invoice_not_found"


async def test_an_invoice_not_issued_has_no_issuing_date(client, org):
    made = await _invoice(org)
    assert (await ok(client, "GET", f"/invoices/{made.id}", org.key))["invoice"][
        "issuing_date"
    ] is None
