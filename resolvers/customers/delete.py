from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer, Invoice, Subscription
from resolvers import owned, policy

IN_USE = owned.InUse(
    {Subscription: "customer_id", Invoice: "customer_id"},
    "the customer has subscriptions or invoices",
)


async def delete_customer(principal: Principal, customer_id: owned.Ref) -> Customer:
    policy.require(principal, PermissionObject.CUSTOMER, Access.WRITE)
    return await owned.delete(Customer, principal, customer_id, unless=IN_USE)
