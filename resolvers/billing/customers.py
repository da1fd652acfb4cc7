from __future__ import annotations

from functools import partial
from typing import Any

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import Customer, Invoice, Subscription
from resolvers import policy
from resolvers.billing import checks, records
from resolvers.errors import Conflict

CHECKS = {
    "external_id": partial(checks.text, "externalId"),
    "name": partial(checks.text, "name", required=False),
    "email": partial(checks.email, "email"),
    "currency": partial(checks.currency, "currency", required=False),
}


async def create_customer(principal: Principal, values: dict[str, Any]) -> Customer:
    policy.require(principal, Obj.CUSTOMER, Access.WRITE)
    checked = checks.present({"external_id": None, **values}, CHECKS)
    return await records.create(Customer, principal, checked, unique="externalId")


async def update_customer(
    principal: Principal, customer_id: str, values: dict[str, Any]
) -> Customer:
    policy.require(principal, Obj.CUSTOMER, Access.WRITE)
    changes = checks.present(values, CHECKS)
    return await records.update(Customer, principal, customer_id, changes, unique="externalId")


async def delete_customer(principal: Principal, customer_id: str) -> Customer:
    policy.require(principal, Obj.CUSTOMER, Access.WRITE)
    customer = await records.find(Customer, principal, customer_id)
    if await Subscription.exists(customer_id=customer.id) or await Invoice.exists(
        customer_id=customer.id
    ):
        raise Conflict("the customer has subscriptions or invoices")
    await customer.delete()
    return customer
