from __future__ import annotations

from functools import partial
from typing import Any

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import Customer, Invoice, InvoiceStatus, Subscription
from resolvers import policy
from resolvers.billing import checks, records
from resolvers.errors import Conflict

CHECKS = {
    "number": partial(checks.text, "number", limit=64),
    "status": partial(checks.choice, "status", InvoiceStatus),
    "total_cents": partial(checks.cents, "totalCents"),
    "currency": partial(checks.currency, "currency"),
    "issued_at": partial(checks.instant, "issuedAt"),
}


async def create_invoice(principal: Principal, values: dict[str, Any]) -> Invoice:
    policy.require(principal, Obj.INVOICE, Access.WRITE)
    customer = await records.find(Customer, principal, values.pop("customer_id"), "customerId")
    subscription_id = values.pop("subscription_id", None)
    if subscription_id is not None:
        subscription = await records.find(
            Subscription, principal, subscription_id, "subscriptionId"
        )
        values["subscription_id"] = subscription.id
    required = {"number": None, "currency": None, "total_cents": 0}
    checked = checks.present({**required, **values}, CHECKS)
    if "subscription_id" in values:
        checked["subscription_id"] = values["subscription_id"]
    checked["customer_id"] = customer.id
    return await records.create(Invoice, principal, checked, unique="number")


async def update_invoice(principal: Principal, invoice_id: str, values: dict[str, Any]) -> Invoice:
    policy.require(principal, Obj.INVOICE, Access.WRITE)
    changes = checks.present(values, CHECKS)
    return await records.update(Invoice, principal, invoice_id, changes, unique="number")


async def delete_invoice(principal: Principal, invoice_id: str) -> Invoice:
    policy.require(principal, Obj.INVOICE, Access.WRITE)
    invoice = await records.find(Invoice, principal, invoice_id)
    if invoice.status != InvoiceStatus.DRAFT:
        raise Conflict("only a DRAFT invoice can be deleted; void it instead")
    await invoice.delete()
    return invoice
