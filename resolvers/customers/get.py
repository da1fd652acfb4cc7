from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy


async def get_customer(principal: Principal, customer_id: owned.Ref) -> Customer | None:
    policy.require(principal, PermissionObject.CUSTOMER, Access.READ)
    return await owned.get(Customer, principal, customer_id)
