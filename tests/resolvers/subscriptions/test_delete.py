from __future__ import annotations

import pytest

from models import Subscription
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Conflict
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.delete import delete_subscription
from resolvers.subscriptions.fields import SubscriptionFields


async def _subscription(org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    fields = SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    return await create_subscription(org.admin, fields)


async def test_a_subscription_without_invoices_is_deleted(org):
    subscription = await _subscription(org)
    await delete_subscription(org.admin, str(subscription.id))
    assert not await Subscription.exists(id=subscription.id)


async def test_a_subscription_with_invoices_is_a_conflict(org):
    subscription = await _subscription(org)
    await create_invoice(
        org.admin,
        InvoiceFields(
            customer_id=str(subscription.customer_id),
            subscription_id=str(subscription.id),
            number="INV-1",
            currency="EUR",
        ),
    )
    with pytest.raises(Conflict):
        await delete_subscription(org.admin, str(subscription.id))
