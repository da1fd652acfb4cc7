from __future__ import annotations

from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer, Invoice, Subscription
from resolvers import owned, policy
from resolvers.invoices.fields import InvoiceFields
from resolvers.unchanged import UNCHANGED


async def create_invoice(principal: Principal, data: InvoiceFields) -> Invoice:
    """An invoice of a customer, and of one of its subscriptions if given."""
    policy.require(principal, PermissionObject.INVOICE, Access.WRITE)
    values = data.for_creation()
    async with owned.transaction(unique="number"):
        customer = await owned.find(
            Customer, principal, data.customer_id, field="customerId", lock=True
        )
        subscription = await _subscription(principal, data.subscription_id)
        invoice = await Invoice.create(
            organization_id=principal.organization_id,
            customer_id=customer.id,
            subscription_id=subscription.id if subscription else None,
            **values,
        )
    return invoice


async def _subscription(principal: Principal, subscription_id: Any) -> Subscription | None:
    if subscription_id in (UNCHANGED, None):
        return None
    return await owned.find(
        Subscription, principal, subscription_id, field="subscriptionId", lock=True
    )
