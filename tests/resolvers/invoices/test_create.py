from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import BadUserInput, Forbidden, NotFound
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from tests.factories import data

INVOICE = "mutation($i: InvoiceInput!) { createInvoice(input: $i) { id number status totalCents subscription { id } } }"


async def _subscription(org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    fields = SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    return await create_subscription(org.admin, fields)


async def test_an_invoice_of_a_customers_subscription_is_a_draft(client, org):
    subscription = await _subscription(org)
    values = {
        "customerId": str(subscription.customer_id),
        "subscriptionId": str(subscription.id),
        "number": "INV-7",
        "currency": "EUR",
        "totalCents": 900,
    }
    invoice = (await data(client, INVOICE, org.key, i=values))["createInvoice"]
    assert invoice["status"] == "DRAFT" and invoice["totalCents"] == 900
    assert invoice["subscription"] == {"id": str(subscription.id)}


async def test_another_organizations_subscription_is_not_found_naming_the_field(org, other_org):
    theirs = await _subscription(other_org)
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    fields = InvoiceFields(
        customer_id=str(customer.id), subscription_id=str(theirs.id), number="1", currency="EUR"
    )
    with pytest.raises(NotFound) as refused:
        await create_invoice(org.admin, fields)
    assert refused.value.extensions == {"field": "subscriptionId"}


async def test_a_number_is_unique_in_the_organization(org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    fields = InvoiceFields(customer_id=str(customer.id), number="INV-1", currency="EUR")
    await create_invoice(org.admin, fields)
    with pytest.raises(BadUserInput) as refused:
        await create_invoice(org.admin, fields)
    assert refused.value.extensions == {"field": "number"}


async def test_it_needs_invoice_write(org):
    with pytest.raises(Forbidden):
        await create_invoice(
            Principal(org.id, full_access=False, grants=frozenset()), InvoiceFields()
        )
